"""Helpers shared by the tests (never tests themselves, never fixtures)."""
