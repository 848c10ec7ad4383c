"""The Windows Job Object that limits a reader child's memory (workbook.jobobject).

Windows cannot run here: what can be checked is that the structures handed to
SetInformationJobObject have winnt.h's layout (a wrong size makes the call fail, a wrong offset
sets another limit), what each job is told, and that the sandbox puts every reader child in a
job where the platform is Windows and nowhere else.
"""

from __future__ import annotations

import ctypes
import sys

import pytest

from workbook import jobobject, sandbox
from workbook.jobobject import (
    IO_COUNTERS,
    JOBOBJECT_BASIC_LIMIT_INFORMATION,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
)

BITS64 = ctypes.sizeof(ctypes.c_void_p) == 8


@pytest.mark.skipif(not BITS64, reason="the documented 64-bit layout")
def test_the_structures_have_the_documented_64_bit_layout() -> None:
    basic, extended = JOBOBJECT_BASIC_LIMIT_INFORMATION, JOBOBJECT_EXTENDED_LIMIT_INFORMATION
    assert ctypes.sizeof(basic) == 64
    assert ctypes.sizeof(IO_COUNTERS) == 48
    assert ctypes.sizeof(extended) == 144
    assert basic.LimitFlags.offset == 16
    assert basic.MinimumWorkingSetSize.offset == 24
    assert basic.Affinity.offset == 48
    assert basic.SchedulingClass.offset == 60
    assert extended.IoInfo.offset == 64
    assert extended.ProcessMemoryLimit.offset == 112
    assert extended.PeakJobMemoryUsed.offset == 136


def test_each_job_limits_process_memory_and_ends_with_its_handle() -> None:
    info = jobobject.limits(1024 * 1024 * 1024)
    flags = info.BasicLimitInformation.LimitFlags
    assert flags & 0x100  # JOB_OBJECT_LIMIT_PROCESS_MEMORY
    assert flags & 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    assert flags & 0x400  # no error-report dialog holding a crashed reader
    assert info.ProcessMemoryLimit == 1024 * 1024 * 1024
    assert info.JobMemoryLimit == 0  # one job a child: the per-process limit is the one


@pytest.mark.parametrize(
    ("platform", "name", "expected"),
    [
        ("win32", "nt", ("Job Object", "watchdog")),
        ("linux", "posix", ("RLIMIT_AS", "watchdog")),
        ("darwin", "posix", ("RLIMIT_AS", "watchdog")),
    ],
)
def test_the_mechanism_is_chosen_by_platform(monkeypatch, platform, name, expected) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sandbox.os, "name", name)
    assert sandbox.memory_limits() == expected


def test_no_job_is_made_off_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("Windows makes one")
    assert jobobject.contain(1, 1024) is None


def test_the_sandbox_puts_each_reader_in_a_job_where_there_are_jobs(monkeypatch) -> None:
    made: list[tuple[int, int]] = []
    released: list[object] = []

    def contain(pid: int, memory: int) -> object:
        made.append((pid, memory))
        return f"job-{pid}"

    monkeypatch.setattr(sandbox, "memory_limits", lambda: ("Job Object", "watchdog"))
    monkeypatch.setattr(jobobject, "contain", contain)
    monkeypatch.setattr(jobobject, "release", released.append)
    limits = sandbox.Limits(memory=300 * 1024 * 1024, seconds=30)
    box = sandbox.Sandbox(2, limits)
    box.warm()
    pids = sorted(w.process.pid for w in box._idle)
    assert sorted(made) == [(pid, 300 * 1024 * 1024) for pid in pids]
    box.close()  # not the usual limits: the children end, and their jobs are closed
    assert sorted(map(str, released)) == [f"job-{pid}" for pid in pids]
