"""Checks over a Report. No Qt, no file I/O (a test asserts it)."""
