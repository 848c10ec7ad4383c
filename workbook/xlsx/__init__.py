"""Our structured workbook: writing it and reading it back."""
