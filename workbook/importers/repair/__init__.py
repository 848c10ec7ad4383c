"""Repair: damage a page did to its tables, each a function with its contract over the same data."""
