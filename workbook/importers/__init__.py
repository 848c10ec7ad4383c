"""Importers: what clerks already have (published text, web pages, PDF, Word, other spreadsheets).

The reading is one pipeline (pipeline.read_report) of named stages, one folder each:
sources/ → labels/ → layout/ → repair/ → assemble/.
"""
