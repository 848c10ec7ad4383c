"""Atomic saving: the old file survives any failure.

A report is written to a temporary file beside the target, flushed to disk and then moved over
the target in one step (os.replace), so a crash, a full disk or a file locked by Excel/WPS never
leaves a half-written report behind. Every failure is a SaveFailed with a message a clerk can act
on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from workbook.model.errors import SaveFailed

_LOCKED = "无法保存：文件可能正在 Excel 或 WPS 中打开，请关闭后重试。（{path}）"
_NO_PERMISSION = "无法保存：没有写入该位置的权限，请换一个文件夹保存。（{path}）"
_DISK_FULL = "无法保存：磁盘空间不足，请清理磁盘或换一个位置保存。（{path}）"
_NO_FOLDER = "无法保存：文件夹不存在。（{path}）"
_IS_FOLDER = "无法保存：该名称是一个文件夹，请换一个文件名。（{path}）"
_NAME_INVALID = "无法保存：文件名或路径不可用，请换一个文件名。（{path}）"
_OTHER = "无法保存：{reason}（{path}）"


def _message(exc: OSError, path: Path) -> str:
    """A plain Chinese reason for an OS error while saving `path`."""
    if isinstance(exc, IsADirectoryError):
        template = _IS_FOLDER
    elif isinstance(exc, PermissionError):
        # On Windows a file open in Excel/WPS refuses replacement with a permission error.
        template = _LOCKED if path.exists() else _NO_PERMISSION
    elif isinstance(exc, FileNotFoundError):
        template = _NO_FOLDER
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        template = _DISK_FULL
    elif exc.errno in (errno.ENAMETOOLONG, errno.EINVAL):
        template = _NAME_INVALID
    else:
        template = _OTHER
    return template.format(path=path, reason=exc.strerror or exc)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces `path`, on any exception `path` is untouched.

    Raises SaveFailed (Chinese message) when the file cannot be created or replaced. Exceptions
    raised by the caller's code inside the block propagate unchanged after cleaning up.
    """
    target = Path(path)
    if target.is_dir():
        raise SaveFailed(_IS_FOLDER.format(path=target))
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or None
        )
    except OSError as exc:
        raise SaveFailed(_message(exc, target)) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(target, temp)
        os.replace(temp, target)
    except OSError as exc:
        _remove(temp)
        raise SaveFailed(_message(exc, target)) from exc
    except BaseException:
        _remove(temp)
        raise


def _keep_mode(target: Path, temp: Path) -> None:
    """Give the new file the old file's permissions (mkstemp creates it private, 0600)."""
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(temp, mode)
    except OSError:
        pass


def _remove(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Atomically replace `path` with `data`."""
    with atomic_write(path) as handle:
        handle.write(data)
