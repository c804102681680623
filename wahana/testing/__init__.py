"""Helpers shared by test modules in wahana/ and tests/ (never imported by the site itself)."""
