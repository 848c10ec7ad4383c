"""Structured .xlsx -> Report: the full reader (openpyxl) and the fast one (calamine)."""
