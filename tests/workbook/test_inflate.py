"""zlib-ng inflates and checks every member (workbook.zipscan): on intact, damaged and bomb
members it gives exactly what the zlib module gave — the same facts, or the same refusal."""

from __future__ import annotations

import random
import zlib

import pytest

from tests.fuzz import hostile
from workbook import zipscan
from workbook.model.errors import ReportError


def outcome(data: bytes) -> object:
    try:
        facts = zipscan.scan_zip(data, "f.xlsx")
    except ReportError as e:
        return (type(e).__name__, str(e))
    return (facts.members, facts.unpacked, facts.foreign_formulas, facts.uncached)


def with_zlib(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setattr(zipscan, "zlib_ng", zlib)
        return outcome(data)


def test_damaged_members_are_refused_as_zlib_refused_them(monkeypatch: pytest.MonkeyPatch) -> None:
    data = hostile.our_workbook()
    first_dir = data.find(b"PK\x01\x02")
    rng = random.Random(7)
    kinds: set[str] = set()
    for _ in range(600):
        damaged = bytearray(data)
        at = rng.randrange(0, first_dir)  # in the members: headers and deflate streams
        damaged[at] ^= 1 << rng.randrange(8)
        got = outcome(bytes(damaged))
        assert got == with_zlib(bytes(damaged), monkeypatch)
        kinds.add(got[0] if isinstance(got[0], str) else "read")
    assert {"read", "UnreadableFile"} <= kinds


@pytest.mark.parametrize("honest", [True, False])
def test_bombs_and_changed_parts_alike(honest: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    for data in (hostile.zip_bomb(120, honest=honest), hostile.bad_crc()):
        got = outcome(data)
        assert got == with_zlib(data, monkeypatch)
        assert got[0] in ("FileTooLarge", "UnreadableFile")


def test_an_intact_workbook_measures_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    data = hostile.our_workbook()
    assert outcome(data) == with_zlib(data, monkeypatch)
    assert isinstance(outcome(data)[0], int)
