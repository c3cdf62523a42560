"""Bulk imports in the JSON Lines formats of DESIGN.md."""
