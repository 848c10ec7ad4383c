"""The reading sandbox's child: reads the paths its parent sends, under limits it sets on itself.

Started by workbook.sandbox (forked from a single-threaded parent on Linux, else spawned).
RLIMIT_AS and a CPU limit that moves on with each file where the OS has them; fd 2 goes to a log
the parent reads when the child dies; it ends with its parent (PR_SET_PDEATHSIG on Linux, a
thread on the parent's sentinel everywhere). On Linux it is named nianbao-reader (ps, top).
"""

from __future__ import annotations

import _thread
import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from workbook.model.errors import ReportError
from workbook.model.imported import Imported

UNREADABLE = "文件无法读取：{name}（{why}）"
CRASHED = "读取程序异常退出"
TOO_MUCH_OUTPUT = "读出的内容过多"

# A page read by OCR, told to the parent while the file is still being read (the app's 第 N/M 页).
# Answers are pickles, which never start with a NUL byte: this prefix tells the two apart.
PAGE_MESSAGE = b"\0nianbao-page"


def unreadable(name: str, why: str) -> str:
    """The one sentence for a file whose reader was stopped or died."""
    return UNREADABLE.format(name=name, why=why)


def child_main(
    conn: Connection, log: str, memory: int, die_with_parent: bool, ocr: bool = False
) -> None:
    """A worker: read paths sent by the parent until told to stop or the parent goes away."""
    gc.enable()  # a forking parent may have held collections off while it loaded (sandbox)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    _name_process()
    _stderr_to(log)
    _limit_memory(memory)
    if die_with_parent:
        _die_with_parent()
    _watch_parent()
    _keep_heap()
    import workbook.files
    import workbook.guards
    from workbook.files import open_report

    workbook.guards.QUIET_NATIVE = False  # fd 2 is our log here
    workbook.files.OCR_HERE = ocr  # a scan within the usual limits goes back to the parent
    if ocr:
        _tell_pages(conn)

    read = reader_for(open_report, None)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        if job[0] == "then":  # what to apply to each report read from now on (Sandbox.map_then)
            read = reader_for(open_report, _loaded(job[1]))
            continue
        path, seconds, output = job
        _limit_cpu(seconds)
        answer_ = answer(read, path)
        data = pickle.dumps(answer_, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > output:
            why = unreadable(Path(path).name, TOO_MUCH_OUTPUT)
            data = pickle.dumps(("error", "FileTooLarge", why))
        try:
            conn.send_bytes(data)
        except OSError:
            return


def child_imports() -> None:
    """What child_main imports as it starts — ctypes (prctl, mallopt) and resource (its limits)
    — loaded by a parent that forks, so that each child does not import it again."""
    with contextlib.suppress(ImportError):  # Windows has no resource; it spawns anyway
        import ctypes  # noqa: F401
        import resource  # noqa: F401


def reader_for(
    read: Callable[[str], Imported], then: Callable[[str, Imported], Any] | None
) -> Callable[[str], Any]:
    """`read`, followed by `then(path, report)` when there is one."""
    if then is None:
        return read
    return lambda path: then(path, read(path))


def _loaded(task: bytes | None) -> Callable[[str, Imported], Any] | None:
    """The parent's `then`; one that cannot be loaded here fails each file with CRASHED."""
    if task is None:
        return None
    try:
        then: Callable[[str, Imported], Any] = pickle.loads(task)
    except Exception:

        def then(path: str, report: Imported) -> Any:
            raise RuntimeError("the parent's `then` could not be loaded")

    return then


def answer(read: Callable[[str], Any], path: str) -> tuple[str, Any, Any]:
    try:
        return ("ok", read(path), None)
    except ReportError as e:
        return ("error", type(e).__name__, str(e))
    except BaseException:  # open_report turns everything into a ReportError; this is a backstop
        return ("error", "UnreadableFile", unreadable(Path(path).name, CRASHED))


NAME = "nianbao-reader"


def _name_process() -> None:
    """A name a clerk (and bench/bench_batch.py) can tell from the parent in ps and top: a forked
    child otherwise shows the parent's command line."""
    with contextlib.suppress(OSError), open("/proc/self/comm", "w") as f:
        f.write(NAME)


def _stderr_to(log: str) -> None:
    """Native readers print English (Rust panics, aborts) on fd 2: into a file the parent reads
    when the child dies, to tell an allocation failure from another crash."""
    with contextlib.suppress(OSError):
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
        sys.stderr = open(2, "w", closefd=False, encoding="utf-8", errors="replace")  # noqa: SIM115


def _limit_memory(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's watchdog on resident memory does it
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _limit_cpu(seconds: float) -> None:
    """CPU time is counted from the child's start: the soft limit moves on with each file, and
    SIGXCPU ends a reader that spins even when the parent is gone."""
    try:
        import resource
    except ImportError:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime + seconds) + 1
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _die_with_parent() -> None:
    """Linux: the kernel kills this child when the thread that started it ends (SIGTERM or a
    crash of the parent included). Only asked for when the main thread starts the child."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent was already gone
            os._exit(1)


def _keep_heap() -> None:
    """glibc: keep freed memory for the next file instead of handing each few hundred KB back
    to the kernel and faulting it in again (a fifth of a batch's reading time was page faults).
    The memory limits are unchanged; a child that grew is not kept warm (workbook.sandbox)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None)
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 32 * 1024 * 1024)
        libc.mallopt(m_trim_threshold, 256 * 1024 * 1024)


def _watch_parent() -> None:
    """Everywhere: a thread that ends this process when the parent's process ends."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    # A bare thread: threading.Thread.start waits until the new thread has been scheduled,
    # 1–2 ms of a forked child's start while its parent and sister start too.
    _thread.start_new_thread(watch, ())


# ----------------------------------------------------------------------------- OCR's pages


def page_message(done: int, total: int) -> bytes:
    return PAGE_MESSAGE + struct.pack("<ii", done, total)


def read_page_message(data: bytes) -> tuple[int, int] | None:
    """(pages done, pages in all) if `data` is a progress message, not an answer."""
    if not data.startswith(PAGE_MESSAGE):
        return None
    done, total = struct.unpack("<ii", data[len(PAGE_MESSAGE) :])
    return done, total


def _tell_pages(conn: Connection) -> None:
    """OCR's per-page progress goes to the parent as it happens (its callback, if any)."""
    from workbook.files import tell_pages

    def tell(done: int, total: int) -> None:
        with contextlib.suppress(OSError, ValueError):
            conn.send_bytes(page_message(done, total))

    tell_pages(tell)
