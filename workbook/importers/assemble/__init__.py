"""Assemble: the report's title, agency, year and date, and the Imported report with its notes."""
