"""Windows: a reader child's memory limit set by the kernel, as RLIMIT_AS does on Linux.

Windows has no RLIMIT_AS, so the reading sandbox (workbook.sandbox) puts each reader child in a
Job Object of its own: JOB_OBJECT_LIMIT_PROCESS_MEMORY makes an allocation past the limit fail
inside the child (it then dies or raises MemoryError, and the parent says 读取时占用内存过大),
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE ends the child when the parent's handle closes — also when
the parent itself is killed — and JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION keeps a crashing
native reader from waiting on a Windows Error Reporting dialog until its time runs out. The
watchdog on resident memory stays as a second line (and is the only one where a job cannot be
made, e.g. a parent already in a job that forbids nesting, before Windows 8).

ctypes only (no pywin32). The structures are laid out as winnt.h declares them; their sizes are
tested against the documented ones (64/144 bytes on 64-bit Windows, 48/112 on 32-bit).
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from typing import Any

JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9  # JobObjectExtendedLimitInformation
PROCESS_SET_QUOTA = 0x0100
PROCESS_TERMINATE = 0x0001

LIMIT_FLAGS = (
    JOB_OBJECT_LIMIT_PROCESS_MEMORY
    | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
)


class JOBOBJECT_BASIC_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = (
        ("PerProcessUserTimeLimit", ctypes.c_int64),  # LARGE_INTEGER
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", ctypes.c_uint32),  # DWORD
        ("MinimumWorkingSetSize", ctypes.c_size_t),  # SIZE_T
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),  # ULONG_PTR
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    )


class IO_COUNTERS(ctypes.Structure):
    _fields_ = tuple(
        (name, ctypes.c_uint64)
        for name in (
            "ReadOperationCount",
            "WriteOperationCount",
            "OtherOperationCount",
            "ReadTransferCount",
            "WriteTransferCount",
            "OtherTransferCount",
        )
    )


class JOBOBJECT_EXTENDED_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = (
        ("BasicLimitInformation", JOBOBJECT_BASIC_LIMIT_INFORMATION),
        ("IoInfo", IO_COUNTERS),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    )


def limits(memory: int) -> JOBOBJECT_EXTENDED_LIMIT_INFORMATION:
    """What each reader's job is told: `memory` bytes a process, killed with its job."""
    info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION()
    info.BasicLimitInformation.LimitFlags = LIMIT_FLAGS
    info.ProcessMemoryLimit = memory
    return info


def contain(pid: int, memory: int) -> Any:
    """Put process `pid` in a new job limited to `memory` bytes; the job's handle (keep it: the
    child ends when it closes), or None where no job can be made (not Windows, or refused)."""
    if sys.platform != "win32":
        return None
    kernel32: Any = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = ctypes.c_void_p
    kernel32.OpenProcess.restype = ctypes.c_void_p
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return None
    info = limits(memory)
    process = None
    try:
        if not kernel32.SetInformationJobObject(
            ctypes.c_void_p(job),
            JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
            ctypes.byref(info),
            ctypes.sizeof(info),
        ):
            raise OSError(ctypes.get_last_error())
        process = kernel32.OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE, False, pid)
        if not process or not kernel32.AssignProcessToJobObject(
            ctypes.c_void_p(job), ctypes.c_void_p(process)
        ):
            raise OSError(ctypes.get_last_error())
    except OSError:
        kernel32.CloseHandle(ctypes.c_void_p(job))
        return None
    finally:
        if process:
            kernel32.CloseHandle(ctypes.c_void_p(process))
    return job


def release(job: Any) -> None:
    """Close a job's handle: a child still in it is killed (KILL_ON_JOB_CLOSE)."""
    if job is None or sys.platform != "win32":
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.WinDLL("kernel32").CloseHandle(ctypes.c_void_p(job))
