"""Extraction: a parsed article in, people, roles, quotes, dated events and deals out (no storage here)."""
