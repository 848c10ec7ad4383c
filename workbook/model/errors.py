"""One small family of errors, each with a message a clerk can act on (Chinese)."""

from __future__ import annotations

import errno


class ReportError(Exception):
    """Base: `str(error)` is the Chinese message shown to the user."""


class UnreadableFile(ReportError):
    """The file cannot be opened or parsed at all (damaged, wrong type, missing)."""


class EncryptedFile(UnreadableFile):
    """The workbook is password-protected."""


Sheets = list[tuple[str, list[tuple[object, ...]]]]  # (sheet name, rows of cell values)


class NotAReport(ReportError):
    """The file opens but holds no recognisable annual report.

    `grids`: the sheets a reader already loaded (our workbook reader, when the workbook is a
    clerk's own): the spreadsheet importer reads those instead of the file once more."""

    def __init__(self, message: str = "", *, grids: Sheets | None = None) -> None:
        super().__init__(message)
        self.grids = grids


class NeedsOcr(NotAReport):
    """A PDF of page pictures, met by a reader child with the usual limits: the parent reads it
    again in a child with OCR's limits (workbook.sandbox), instead of the usual 15 s ending
    every scan as 超过15秒."""


class FileTooLarge(ReportError):
    """Refused before reading: far larger than any report."""


class SaveFailed(ReportError):
    """Writing failed; the previous file is untouched."""


def os_reason(error: OSError) -> str:
    """An operating-system error in Chinese (the strerror text is English on Linux)."""
    reasons = {
        errno.ENAMETOOLONG: "文件名或路径过长",
        errno.EACCES: "没有权限",
        errno.EPERM: "操作不被允许",
        errno.EROFS: "磁盘或文件夹是只读的",
        errno.ENOSPC: "磁盘空间不足",
        errno.ENOENT: "找不到文件或文件夹",
        errno.EISDIR: "这是一个文件夹",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
        errno.EIO: "磁盘读写出错",
        errno.EBUSY: "文件正被占用",
        errno.EINVAL: "文件名不可用",
        errno.ELOOP: "路径中的链接形成了循环",
    }
    return reasons.get(error.errno or -1, "系统错误")
