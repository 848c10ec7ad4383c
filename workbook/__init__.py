"""The report and its files. No Qt here (a test asserts it)."""
