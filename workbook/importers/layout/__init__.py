"""Layout: where the parts of a page are — sections, rows of cells, a stream of tokens aligned to the form."""
