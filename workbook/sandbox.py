"""The reading sandbox: every file is read in a child process with hard limits.

Contain, don't predict (DESIGN.md). The native readers under workbook.files (python-calamine,
pypdfium2, lxml under openpyxl and python-docx, LibreOffice for .doc/.wps) meet files nobody
foresaw; a pattern that predicts what they would do is walked around by the next spelling. So a
warm child process runs workbook.files.open_report under limits — memory (RLIMIT_AS where the
OS has it, and a watchdog on resident memory everywhere, so Windows is covered), CPU and wall
time, size of the answer — and whatever happens inside, the parent survives, names the file in
one Chinese sentence and goes on; a killed child is replaced by a fresh one.

How a child starts (start_method): on Linux a single-threaded parent without Qt (the command
line) forks — for a batch after importing the readers (and prestart's `warm`, the checker) once,
so each child begins with them loaded: a spawned child spends 0.1–0.2 s importing before its
first answer, which was most of a batch's cost; for one file (prestart without `warm`) at once,
the child importing what it needs while the caller goes on. Where
forking is unsafe (the app and its Qt threads, any other thread, macOS) or the parent has grown
large (a forked child would start with its memory), `spawn`; Windows has only spawn, and a
frozen app calls multiprocessing.freeze_support() in its entry points (packaging/).
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import gc
import multiprocessing
import os
import pickle
import select
import signal
import sys
import tempfile
import threading
import time
import types
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, TypeVar

from workbook.answers import load_answer
from workbook.model import errors
from workbook.model.errors import ReportError
from workbook.model.imported import Imported
from workbook.readerchild import (
    CRASHED,
    TOO_MUCH_OUTPUT,
    answer,
    child_imports,
    child_main,
    read_page_message,
    reader_for,
    unreadable,
)

T = TypeVar("T")

READ_SECONDS = 15.0  # wall and CPU time for one file: a report reads in well under a second
READ_MEMORY = 1024 * 1024 * 1024  # resident memory (and address space on Linux) of one reader
MAX_OUTPUT = 32 * 1024 * 1024  # the pickled report sent back: ours is ~50 KB
DEPTH = 2  # paths sent ahead to each child
# While many paths are still to be sent (a batch), each child holds DEEP and the parent naps
# between looks: it then wakes for several answers at once instead of once a file (~1 ms each;
# 300 files: ~280 → ~95 wake-ups, the parent's CPU while they are read ~36 → ~21 ms). The
# children never wait for it: DEEP − 1 files queued outlast a NAP. Near the end DEPTH again,
# so that no child is left with a long queue while the other has nothing to do.
DEEP = 4
NAP = 0.002
LOOK_EVERY = 0.05  # seconds between looks at a child's resident memory (RLIMIT_AS acts at once)
POLL = 0.02  # seconds between looks at the children's memory, clock and cancellation

# LibreOffice converts .doc/.wps first (workbook.importers.word allows it 120 s): those files
# get that much more wall time; its CPU is its own, not the reader's.
SLOW_KINDS = {".doc": 135.0, ".wps": 135.0}

TOO_MUCH_MEMORY = "读取时占用内存过大"
TOO_LONG = "超过{seconds}秒"
CANCELLED = "已取消读取：{name}"

# What a native reader prints when an allocation fails, before it aborts (Rust, glibc, Python).
_MEMORY_WORDS = (
    "memory allocation",
    "MemoryError",
    "Cannot allocate memory",
    "out of memory",
    "bad_alloc",
)


@dataclass(frozen=True)
class Limits:
    """What one reading may take; tests and the bench pass smaller ones."""

    seconds: float = READ_SECONDS
    memory: int = READ_MEMORY
    output: int = MAX_OUTPUT
    ocr: bool = False  # a scanned PDF is read by OCR in this child (else handed to one that may)

    def seconds_for(self, path: str) -> float:
        """Wall time for this file: more for the kinds LibreOffice converts first."""
        return max(self.seconds, SLOW_KINDS.get(os.path.splitext(path)[1].lower(), 0.0))


# A page picture read by OCR (workbook.importers.sources.ocr, which keeps its own budget of 45 s
# a page): up to 20 pages, and the recognition models' working memory at 200 dpi (~0.65 GB, as
# detection reads a 1280 px copy of the page; 3 GB leaves room for a poster-sized page).
OCR_LIMITS = Limits(seconds=20 * 45.0 + 10, memory=3 * 1024 * 1024 * 1024, ocr=True)


class ReadCancelled(ReportError):
    """The user cancelled while the file was being read (the app's open)."""


# ----------------------------------------------------------------------------- the parent


_start_lock = threading.Lock()


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """While a child is spawned, __main__ is an empty module: the child then does not run the
    caller's script again (pytest, a bench script, a script read from stdin), only this module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


# A forked child starts with the parent's memory (its resident pages count against the child's
# limits): past this the parent spawns instead.
FORK_BELOW = 200 * 1024 * 1024


_JOB, _RLIMIT, _WATCHDOG = "Job Object", "RLIMIT_AS", "watchdog"


def memory_limits() -> tuple[str, ...]:
    """How a reader's memory is limited here: by the kernel (RLIMIT_AS, set by the child on
    itself; a Job Object on Windows, set by the parent) and, everywhere, the parent's watchdog
    on the child's resident memory."""
    if sys.platform == "win32":
        return (_JOB, _WATCHDOG)
    if os.name == "posix":
        return (_RLIMIT, _WATCHDOG)
    return (_WATCHDOG,)


def start_method() -> str:
    """`fork` where it is safe and cheapest, else `spawn` (the module docstring says why)."""
    if not sys.platform.startswith("linux") or "PySide6.QtCore" in sys.modules:
        return "spawn"
    if threading.active_count() > 1 or _os_threads() != 1 or _resident() > FORK_BELOW:
        return "spawn"
    return "fork"


def _os_threads() -> int:
    """Threads of this process, Python's or not (a library's own threads make fork unsafe)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0  # unknown: not 1, so spawn


def _resident() -> int:
    return _resident_of("self") or FORK_BELOW + 1


def _resident_of(pid: int | str) -> int:
    """Resident memory of a process on Linux (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _preload() -> None:
    """Import the readers here, once, so that every forked child has them."""
    from workbook.files import warm

    warm()
    child_imports()


class _Worker:
    """One warm child and what the parent knows of it."""

    def __init__(self, limits: Limits, preload: bool = True) -> None:
        with _start_lock:
            method = start_method()
            if method == "fork" and preload:
                _preload()
                for stream in (sys.stdout, sys.stderr):  # else the child flushes a copy too
                    with contextlib.suppress(Exception):
                        stream.flush()
            ctx: Any = multiprocessing.get_context(method)  # fork or spawn: both have Process
            fd, self.log = tempfile.mkstemp(prefix="nianbao-read-", suffix=".log")
            os.close(fd)
            self.conn, child_conn = ctx.Pipe()
            # A parent holding off collections while it loads (the command line): what it
            # loaded is frozen for the fork, so that no child's collection walks it (and copies
            # its pages); the parent's own objects are collectable again once the child exists.
            frozen = method == "fork" and not gc.isenabled()
            if frozen:
                gc.freeze()
            main = threading.current_thread() is threading.main_thread()
            self.process = ctx.Process(
                target=child_main,
                args=(child_conn, self.log, limits.memory, main, limits.ocr),
                name="nianbao-reader",
                daemon=True,
            )
            with _bare_main():
                self.process.start()
            if frozen:
                gc.unfreeze()
            child_conn.close()
        self.method = method
        # Windows: a Job Object limits its memory as RLIMIT_AS does on Linux (readerchild).
        self.job: Any = None
        if _JOB in memory_limits():
            import workbook.jobobject as jobobject  # ctypes: Windows only

            self.job = jobobject.contain(self.process.pid, limits.memory)
        self.alive = True  # False once killed or found dead
        self.jobs: deque[tuple[int, str]] = deque()  # sent, not answered; the first is being read
        self.until = 0.0  # when the first job's wall time runs out
        self._ps: Any = None
        self.task: bytes | None = None  # the `then` (pickled) it applies, as last sent
        self.next_look = 0.0  # when to look at its resident memory again
        self.peak = 0  # the highest resident memory seen (bench/bench_hostile.py prints it)

    @property
    def path(self) -> str:
        return self.jobs[0][1] if self.jobs else ""

    def send(self, job: int, path: str, limits: Limits, task: bytes | None = None) -> None:
        if task != self.task:  # a map with another `then` (or none) than its last one
            _send(self.conn, ("then", task))
            self.task = task
        if not self.jobs:
            self.until = time.monotonic() + limits.seconds_for(path)
        _send(self.conn, (path, limits.seconds, limits.output))
        self.jobs.append((job, path))

    def answered(self, limits: Limits) -> int:
        """The first job is done: its number; the next one's time starts now."""
        job, _ = self.jobs.popleft()
        if self.jobs:
            self.until = time.monotonic() + limits.seconds_for(self.jobs[0][1])
        return job

    def rss(self) -> int:
        rss = _resident_of(self.process.pid) if sys.platform.startswith("linux") else self._ps_rss()
        self.peak = max(self.peak, rss)
        self.next_look = time.monotonic() + LOOK_EVERY
        return rss

    def _ps_rss(self) -> int:
        import psutil  # ~30 ms to import: Linux reads /proc instead

        try:
            if self._ps is None:
                self._ps = psutil.Process(self.process.pid)
            return int(self._ps.memory_info().rss)
        except (psutil.Error, OSError, ValueError):
            return 0

    def died_of_memory(self, limit: int) -> bool:
        """After a death we did not cause: an allocation failure (said on stderr, or an abort
        after the child had grown past half its limit), or the kernel's OOM killer."""
        code = self.process.exitcode or 0
        if code == -getattr(signal, "SIGKILL", 9):
            return True
        if code < 0 and self.peak > limit // 2:
            return True
        try:
            with open(self.log, "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 65536))  # a Rust backtrace follows the message
                tail = f.read().decode("utf-8", "replace")
        except OSError:
            return False
        return any(w in tail for w in _MEMORY_WORDS)

    def kill(self) -> None:
        """End the child and everything it started (LibreOffice converting a .doc)."""
        self.alive = False
        with contextlib.suppress(Exception):
            import psutil

            for child in psutil.Process(self.process.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    child.kill()
        with contextlib.suppress(Exception):
            self.process.kill()
        self.close()

    def ask_to_stop(self) -> None:
        """Tell an idle child to end (stop() waits for it): several end at once."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)

    def stop(self, told: bool = False) -> None:
        """Ask an idle child to end (unless `told` already); kill it if it does not."""
        if not told:
            self.ask_to_stop()
        self.process.join(1.0)
        if self.process.is_alive():
            self.kill()
        else:
            self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.process.join(2.0)
        if self.job is not None:
            import workbook.jobobject as jobobject

            jobobject.release(self.job)  # a child still in it ends with it
            self.job = None
        with contextlib.suppress(OSError):
            self.conn.close()
        with contextlib.suppress(OSError):
            os.unlink(self.log)


_OPEN: weakref.WeakSet[Sandbox] = weakref.WeakSet()


class Sandbox:
    """A small pool of warm readers. `read` one file, or `map` many in order.

    Not shared between threads: each thread that reads uses its own (or the shared one,
    `open_contained`, which takes a lock)."""

    def __init__(self, workers: int = 1, limits: Limits | None = None) -> None:
        self.size = max(1, workers)
        self.limits = limits or Limits()
        self._idle: list[_Worker] = []
        self._then: Callable[[str, Imported], Any] | None = None  # of the map under way
        self._task: bytes | None = None  # the same, pickled for the children
        self.peak = 0  # the highest resident memory seen in a child while it read
        _OPEN.add(self)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def warm(self) -> None:
        """Start the children now (they import the readers while the caller does other work)."""
        while len(self._idle) < self.size:
            self._idle.append(_Worker(self.limits))

    def close(self) -> None:
        """Idle children with the usual limits stay warm for the next Sandbox; others end."""
        workers, self._idle = self._idle, []
        for w in workers:
            if not _keep(w, self.limits):
                w.stop()

    def read(self, path: str | Path, cancelled: Callable[[], bool] = lambda: False) -> Imported:
        """The imported report, or ReportError with one Chinese sentence."""
        for _, outcome in self.map([path], cancelled):
            if isinstance(outcome, ReportError):
                raise outcome
            return outcome
        raise ReadCancelled(CANCELLED.format(name=Path(path).name))

    def map(
        self, paths: Iterable[str | Path], cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[tuple[str, Imported | ReportError]]:
        """(path, report or error) for each path, in order, as the children finish; stops
        (killing whatever is being read) when `cancelled()` says so."""
        return self._map(paths, cancelled, None)

    def map_then(
        self,
        paths: Iterable[str | Path],
        then: Callable[[str, Imported], T],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Iterator[tuple[str, T | ReportError]]:
        """As map, but each child applies `then(path, report)` to what it read and sends back
        only that (a picklable module-level callable, e.g. a functools.partial): a batch is
        checked in the children, on every core, and a small result crosses the pipe instead of
        a whole report. `then` is our own code over a read report: the readers stay contained."""
        return self._map(paths, cancelled, then)

    def _map(
        self,
        paths: Iterable[str | Path],
        cancelled: Callable[[], bool],
        then: Callable[[str, Imported], Any] | None,
    ) -> Iterator[tuple[str, Any]]:
        pending = [str(p) for p in paths]
        queue = deque(range(len(pending)))  # jobs not sent yet (or sent to a child that died)
        done: dict[int, Any] = {}
        busy: list[_Worker] = []
        given = 0
        self._then = then
        self._task = None if then is None else pickle.dumps(then, pickle.HIGHEST_PROTOCOL)
        try:
            while given < len(pending):
                self._dispatch(pending, queue, busy, done)
                while given in done:
                    outcome = done.pop(given)
                    if isinstance(outcome, errors.NeedsOcr) and not self.limits.ocr:
                        outcome = _read_scanned(pending[given], cancelled, then)
                    yield pending[given], outcome
                    given += 1
                if given >= len(pending):
                    break
                if cancelled():
                    name = Path(pending[given]).name
                    for w in busy:
                        w.kill()
                    busy = []
                    yield pending[given], ReadCancelled(CANCELLED.format(name=name))
                    return
                if self._long(queue):
                    time.sleep(NAP)
                self._collect(busy, done, queue)
        finally:
            for w in busy:  # abandoned mid-read (cancel, an exception in the caller)
                w.kill()

    def _dispatch(
        self,
        pending: list[str],
        queue: deque[int],
        busy: list[_Worker],
        done: dict[int, Any],
    ) -> None:
        """Each child gets the next DEPTH paths, so it never waits for the parent."""
        while len(busy) < self.size and queue:
            try:
                worker = self._idle.pop() if self._idle else _spare(self.limits)
            except (OSError, RuntimeError):  # no processes allowed here: read in this one
                if busy:
                    break
                job = queue.popleft()
                done[job] = _here(pending[job], self._then)
                continue
            if not worker.process.is_alive():  # ended while idle: never blame a file on it
                worker.kill()
                continue
            busy.append(worker)
        for worker in list(busy):
            depth = DEEP if self._long(queue) else DEPTH
            while len(worker.jobs) < depth and queue:
                job = queue.popleft()
                try:
                    worker.send(job, pending[job], self.limits, self._task)
                except OSError:  # died while idle: its jobs go to a fresh one
                    queue.appendleft(job)
                    queue.extendleft(reversed([j for j, _ in worker.jobs]))
                    worker.kill()
                    busy.remove(worker)
                    break

    def _long(self, queue: deque[int]) -> bool:
        """Many paths still to send: children hold DEEP, the parent naps (see DEEP)."""
        return len(queue) >= 2 * DEEP * self.size

    def _collect(self, busy: list[_Worker], done: dict[int, Any], queue: deque[int]) -> None:
        """Wait a little for answers and deaths; enforce time and memory on the rest."""
        ready = set(_ready([w.conn for w in busy] + [w.process.sentinel for w in busy], POLL))
        now = time.monotonic()
        for worker in list(busy):
            while worker.jobs:
                outcome = self._outcome(worker, ready, now)
                if outcome is None:
                    break
                done[worker.answered(self.limits)] = outcome
                self.peak = max(self.peak, worker.peak)
                if not worker.alive:  # killed or dead: the paths it had not begun go elsewhere
                    queue.extendleft(reversed([j for j, _ in worker.jobs]))
                    worker.jobs.clear()
                ready.discard(worker.conn)
                if worker.alive and worker.jobs and _ready([worker.conn], 0):
                    ready.add(worker.conn)
            if not worker.jobs:
                busy.remove(worker)
                if worker.alive:
                    self._idle.append(worker)

    def _outcome(self, worker: _Worker, ready: set[Any], now: float) -> Any:
        name = os.path.basename(worker.path)  # cheap: called for every look
        if worker.conn in ready:
            try:
                data = worker.conn.recv_bytes(self.limits.output + 4096)
                if _told_page(data):
                    return None  # a page read by OCR: the answer comes later
                return _decode(data, name, any_value=self._task is not None)
            except (EOFError, OSError):  # died (its pipe closed), or an answer far too long
                worker.process.join(1.0)
                if worker.process.is_alive():
                    worker.kill()
                    return errors.UnreadableFile(unreadable(name, TOO_MUCH_OUTPUT))
        if worker.process.sentinel in ready or not worker.process.is_alive():
            worker.process.join(1.0)
            code = worker.process.exitcode
            memory = worker.died_of_memory(self.limits.memory)
            worker.kill()
            if memory:
                return errors.FileTooLarge(unreadable(name, TOO_MUCH_MEMORY))
            if code == -getattr(signal, "SIGXCPU", -1):
                return errors.FileTooLarge(unreadable(name, self._too_long(worker.path)))
            return errors.UnreadableFile(unreadable(name, CRASHED))
        if now > worker.until:
            worker.kill()
            return errors.FileTooLarge(unreadable(name, self._too_long(worker.path)))
        if now >= worker.next_look and worker.rss() > self.limits.memory:
            worker.kill()
            return errors.FileTooLarge(unreadable(name, TOO_MUCH_MEMORY))
        return None

    def _too_long(self, path: str) -> str:
        return TOO_LONG.format(seconds=f"{self.limits.seconds_for(path):g}")


def _send(conn: Any, message: tuple[Any, ...] | None) -> None:
    """A job for a child (it reads it with conn.recv): plain pickle, without the
    ForkingPickler that Connection.send builds for every message — sent once per file."""
    conn.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))


def _ready(objects: list[Any], timeout: float) -> list[Any]:
    """multiprocessing.connection.wait for a few pipes and process sentinels: on POSIX one
    poll(2), without the selectors machinery wait() sets up each time — the parent asks this
    once for every file its children read (Windows: wait itself)."""
    if not hasattr(select, "poll"):
        return list(wait(objects, timeout))
    poller = select.poll()
    by_fd: dict[int, Any] = {}
    for obj in objects:
        fd = obj if isinstance(obj, int) else obj.fileno()
        by_fd[fd] = obj
        poller.register(fd, select.POLLIN)
    return [by_fd[fd] for fd, _ in poller.poll(timeout * 1000)]


def _read_scanned(
    path: str, cancelled: Callable[[], bool], then: Callable[[str, Imported], Any] | None
) -> Any:
    """A scanned PDF the usual child handed back: read by OCR in a child with OCR's limits."""
    with Sandbox(1, OCR_LIMITS) as box:
        for _, outcome in box._map([path], cancelled, then):
            return outcome
    return ReadCancelled(CANCELLED.format(name=Path(path).name))


def _here(path: str, then: Callable[[str, Imported], Any] | None = None) -> Any:
    """Uncontained, for a machine that allows no child processes (the old way)."""
    from workbook.files import open_report

    kind, value, message = answer(reader_for(open_report, then), path)
    if kind == "ok":
        return value
    return _decode(pickle.dumps((kind, value, message)), Path(path).name)


def _decode(data: bytes, name: str, any_value: bool = False) -> Any:
    """A child's answer: the report (or, with a `then`, its result), else the ReportError."""
    try:
        kind, value, message = load_answer(data)  # data only: the child is not trusted
    except Exception:
        return errors.UnreadableFile(unreadable(name, CRASHED))
    if kind == "ok" and (any_value or isinstance(value, Imported)):
        return value
    cls = getattr(errors, str(value), ReportError)
    if not (isinstance(cls, type) and issubclass(cls, ReportError)):
        cls = ReportError
    return cls(str(message))


# ----------------------------------------------------------------------------- early start


_spares: list[_Worker] = []
_spares_lock = threading.Lock()
_SPARE_LIMITS = Limits()
KEEP = max(2, os.cpu_count() or 1)  # warm children kept between batches
KEEP_BELOW = 256 * 1024 * 1024


def prestart(workers: int, warm: Callable[[], None] | None = None) -> None:
    """Start reader children early (a spawned one imports while the caller does its own): the
    first Sandbox with the usual limits adopts them. `warm` loads what the children will use
    besides the readers (the checker), run here only where they fork and so inherit it."""
    with _spares_lock:
        if warm is not None and len(_spares) < workers and start_method() == "fork":
            warm()
        while len(_spares) < workers:
            # Without `warm` (one file: convert, the app's first open) a forked child imports
            # the readers itself, while the caller goes on; a batch loads them once, first.
            _spares.append(_Worker(_SPARE_LIMITS, preload=warm is not None))


def _spare(limits: Limits) -> _Worker:
    if limits == _SPARE_LIMITS:
        with _spares_lock:
            while _spares:
                worker = _spares.pop()
                if worker.process.is_alive():
                    return worker
                worker.kill()
    return _Worker(limits)


def _keep(worker: _Worker, limits: Limits) -> bool:
    """Hand an idle child back for reuse (a batch, the app's next open, the next test)."""
    if limits != _SPARE_LIMITS or not worker.alive or not worker.process.is_alive():
        return False
    if worker.peak > KEEP_BELOW:  # a child that grew keeps its heap: a fresh one instead
        return False
    with _spares_lock:
        if len(_spares) >= KEEP:
            return False
        _spares.append(worker)
    return True


# ----------------------------------------------------------------------------- one file


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def open_contained(
    path: str | Path,
    cancelled: Callable[[], bool] = lambda: False,
    on_page: PageProgress | None = None,
) -> Imported:
    """workbook.files.open_report, in the shared warm child: what every caller uses. A scan is
    read by OCR in a child of its own, which tells `on_page` each page it reads."""
    from workbook.files import IMAGE_EXT

    token = _ON_PAGE.set(on_page)
    try:
        if Path(path).suffix.lower() in IMAGE_EXT:  # OCR: seconds per page, a model in memory
            with Sandbox(1, OCR_LIMITS) as box:
                return box.read(path, cancelled)
        global _shared
        with _shared_lock:
            if _shared is None:
                _shared = Sandbox(1)
            return _shared.read(path, cancelled)
    finally:
        _ON_PAGE.reset(token)


# ----------------------------------------------------------------------------- OCR's pages


PageProgress = Callable[[int, int], None]  # pages done, pages in all
# Who hears of the pages an OCR child reads: set by open_contained for the thread that reads
# (Sandbox.map runs there, also for the OCR child a scanned PDF is handed on to).
_ON_PAGE: contextvars.ContextVar[PageProgress | None] = contextvars.ContextVar(
    "nianbao_on_page", default=None
)


def _told_page(data: bytes) -> bool:
    """A child's message that it read a page (not its answer): passed on to the listener."""
    page = read_page_message(data)
    listener = _ON_PAGE.get()
    if page is not None and listener is not None:
        listener(*page)
    return page is not None


def warm_shared() -> None:
    """Start the shared child ahead of the first open (the app, once its window shows)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Sandbox(1)
        _shared.warm()


@atexit.register
def close_all() -> None:
    """No reader outlives the program (the children also watch for the parent's end)."""
    for box in list(_OPEN):
        with contextlib.suppress(Exception):
            box.close()
    with _spares_lock:
        spares = list(_spares)
        _spares.clear()
    for worker in spares:  # all told first, so that they end side by side
        worker.ask_to_stop()
    for worker in spares:
        worker.stop(told=True)
