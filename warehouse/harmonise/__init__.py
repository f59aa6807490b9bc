"""Harmonisation rules: each module is one rule set, documented in docs/donnees/harmonisation.md."""
