"""Report -> structured .xlsx (xlsxwriter), report / checked / template modes."""
