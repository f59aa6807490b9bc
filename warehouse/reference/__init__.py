"""Curated reference tables written by the project (operators, CO2 factors), with their sources."""

from pathlib import Path

REFERENCE_DIR = Path(__file__).parent
