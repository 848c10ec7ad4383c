"""One small family of errors, each with a message a clerk can act on (Chinese)."""

from __future__ import annotations


class ReportError(Exception):
    """Base: `str(error)` is the Chinese message shown to the user."""


class UnreadableFile(ReportError):
    """The file cannot be opened or parsed at all (damaged, wrong type, missing)."""


class EncryptedFile(UnreadableFile):
    """The workbook is password-protected."""


class NotAReport(ReportError):
    """The file opens but holds no recognisable annual report."""


class FileTooLarge(ReportError):
    """Refused before reading: far larger than any report."""


class SaveFailed(ReportError):
    """Writing failed; the previous file is untouched."""
