"""Reusable pieces of the portal's pages."""
