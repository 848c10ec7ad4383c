"""Atomic saving: the old file survives any failure.

A report is written to a temporary file beside the target, flushed to disk and then moved over
the target in one step (os.replace), so a crash, a full disk or a file locked by Excel/WPS never
leaves a half-written report behind. Every failure is a SaveFailed with a message a clerk can act
on.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from workbook.model.errors import SaveFailed, os_reason

_LOCKED = "无法保存：文件可能正在 Excel 或 WPS 中打开，请关闭后重试。（{path}）"
_NO_PERMISSION = (
    "无法保存：没有写入该文件夹的权限（文件夹是只读的），请换一个文件夹保存。（{path}）"
)
_IMMUTABLE = (
    "无法保存：这个文件被系统设为不可修改（或没有修改它的权限），请换一个文件名保存。（{path}）"
)
_READ_ONLY_DISK = "无法保存：所在的磁盘或共享文件夹是只读的，请换一个位置保存。（{path}）"
_TOO_LONG = "无法保存：文件名或路径过长，请用短一些的文件名或文件夹。（{path}）"
_READ_ONLY_FILE = (
    "“{name}”是只读文件，没有覆盖它。如确要覆盖，请先取消只读属性（命令行可加 --force）。"
)
_DISK_FULL = "无法保存：磁盘空间不足，请清理磁盘或换一个位置保存。（{path}）"
_NO_FOLDER = "无法保存：文件夹不存在。（{path}）"
_IS_FOLDER = "无法保存：该名称是一个文件夹，请换一个文件名。（{path}）"
_NAME_INVALID = "无法保存：文件名或路径不可用，请换一个文件名。（{path}）"
_OTHER = "无法保存：{reason}（{path}）"


class ReadOnlyTarget(SaveFailed):
    """The file to be replaced is marked read-only: the caller asks (GUI) or needs --force."""


def _message(exc: OSError, path: Path, *, replacing: bool = False) -> str:
    """A plain Chinese reason for an OS error while saving `path`; `replacing`: the error came
    when moving the finished file over the target (not when creating it beside the target)."""
    if isinstance(exc, IsADirectoryError):
        template = _IS_FOLDER
    elif exc.errno == errno.EROFS:
        template = _READ_ONLY_DISK
    elif isinstance(exc, PermissionError):
        if not replacing:
            template = _NO_PERMISSION  # the folder refused a new file
        elif exc.errno == errno.EPERM and os.name != "nt":
            template = _IMMUTABLE  # chattr +i, or a file owned by someone else in a sticky dir
        else:
            template = _LOCKED  # Windows refuses replacing a file Excel/WPS holds open
    elif isinstance(exc, FileNotFoundError):
        template = _NO_FOLDER
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        template = _DISK_FULL
    elif exc.errno == errno.ENAMETOOLONG:
        template = _TOO_LONG
    elif exc.errno == errno.EINVAL:
        template = _NAME_INVALID
    else:
        template = _OTHER
    return template.format(path=path, reason=os_reason(exc))


def _temp_prefix(target: Path) -> str:
    """`.NAME.` — shortened so that a long but valid name still leaves room for the suffix."""
    name = target.name if len(target.name.encode()) <= 180 else target.name[:60]
    return f".{name}."


def is_read_only(path: Path) -> bool:
    try:
        if not path.is_file():
            return False
        return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222
    except OSError:
        return False


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces `path`, on any exception `path` is untouched.

    A read-only target is not replaced unless `force` (ReadOnlyTarget). Our own temporary files
    left beside the target by an interrupted save are removed. Raises SaveFailed (Chinese
    message) when the file cannot be created or replaced. Exceptions raised by the caller's
    code inside the block propagate unchanged after cleaning up.
    """
    target = Path(path)
    try:
        folder = target.is_dir()
    except OSError as exc:  # e.g. a name too long for the system
        raise SaveFailed(_message(exc, target)) from exc
    if folder:
        raise SaveFailed(_IS_FOLDER.format(path=target))
    if not force and is_read_only(target):
        raise ReadOnlyTarget(_READ_ONLY_FILE.format(name=target.name))
    _remove_stale(target)
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f"{_temp_prefix(target)}{os.getpid()}.", suffix=".tmp", dir=target.parent
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
        try:
            os.replace(temp, target)
        except PermissionError:
            if not (force and is_read_only(target) and os.name == "nt"):
                raise
            os.chmod(target, 0o666)  # Windows will not replace a read-only file
            os.replace(temp, target)
    except OSError as exc:
        _remove(temp)
        raise SaveFailed(_message(exc, target, replacing=True)) from exc
    except BaseException:
        _remove(temp)
        raise


def _remove_stale(target: Path) -> None:
    """Remove `.NAME.<pid>.XXXX.tmp` files of saves that were interrupted (the process is
    gone). On Windows a file another process still writes cannot be deleted, so trying is
    safe there; temps without a pid (older versions) go once they are a minute old."""
    prefix = _temp_prefix(target)
    try:
        candidates = list(target.parent.glob(glob.escape(prefix) + "*.tmp"))
    except OSError:
        return
    for temp in candidates:
        middle = temp.name[len(prefix) : -len(".tmp")]
        pid = middle.split(".", 1)[0]
        if os.name == "nt":
            stale = True
        elif pid.isdigit() and "." in middle:
            stale = not _alive(int(pid))
        else:
            try:
                stale = time.time() - temp.stat().st_mtime > 60
            except OSError:
                continue
        if stale:
            _remove(temp)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of ours may be saving this very file
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 just asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


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


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> None:
    """Atomically replace `path` with `data`."""
    with atomic_write(path, force=force) as handle:
        handle.write(data)
