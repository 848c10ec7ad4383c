"""Importers: what clerks already have (published text, web pages, foreign spreadsheets)."""
