"""Report JSON exactly as INTERFACES.md: shapes, null vs 0, exact decimals, clear errors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from workbook.jsonio import dumps_report, loads_report
from workbook.model.errors import NotAReport, UnreadableFile
from workbook.model.report import Report


def _filled() -> Report:
    r = Report.blank("2021", agency="匡堰镇人民政府", year=2024, issued=date(2025, 1, 14))
    for i, key in enumerate(r.values):
        r.values[key] = i % 5
    r.values["active.fees.amount"] = Decimal("52.15")
    r.values["requests.new.business"] = None
    r.set_text("overview", "（一）主动公开情况。共公开121条。\n第二段“引号”\t和制表符")
    return r


def test_shape_is_the_documented_one() -> None:
    data = json.loads(dumps_report(_filled()))
    assert data["format"] == "2021"
    assert data["agency"] == "匡堰镇人民政府"
    assert data["year"] == 2024 and data["issued"] == "2025-01-14"
    assert set(data["text"]) == {"overview", "problems", "other"}
    assert set(data["active"]) == {
        "regulations",
        "normative_documents",
        "licensing",
        "penalties",
        "enforcement",
        "fees",
    }
    assert len(data["active"]["regulations"]) == 3
    assert isinstance(data["active"]["licensing"], int)
    assert len(data["requests"]) == 25 and all(len(r) == 7 for r in data["requests"])
    assert len(data["appeals"]) == 15
    assert data["requests"][0][1] is None  # blank stays null, not 0


def test_fee_is_an_exact_json_number() -> None:
    text = dumps_report(_filled())
    assert '"fees": 52.15' in text
    assert loads_report(text).values["active.fees.amount"] == Decimal("52.15")


def test_round_trip_is_identity() -> None:
    r = _filled()
    assert loads_report(dumps_report(r)) == r


def test_a_fraction_in_a_count_is_kept_for_the_checker() -> None:
    data = json.loads(dumps_report(_filled()))
    data["requests"][0][0] = 1.5
    r = loads_report(json.dumps(data))
    assert r.values["requests.new.natural"] == Decimal("1.5")


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("{not json", UnreadableFile, "格式有误"),
        ("[1, 2]", NotAReport, "顶层"),
        ('{"format": "1999", "requests": []}', NotAReport, "1999"),
        ('{"agency": "x"}', NotAReport, "没有年度报告的表格"),
        ('{"requests": [[1]]}', NotAReport, "25行"),
        ('{"appeals": [1, 2]}', NotAReport, "15个值"),
        ('{"appeals": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,"x"]}', NotAReport, "不是数字"),
    ],
)
def test_bad_json_gets_a_clear_chinese_message(text: str, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        loads_report(text)


def test_2019_report_keeps_its_own_fields() -> None:
    r = Report.blank("2019", year=2020)
    r.values["active.fees.items_change"] = -2
    r.values["active.procurement.amount"] = Decimal("1234.5")
    data = json.loads(dumps_report(r))
    assert data["format"] == "2019"
    assert len(data["requests"]) == 23
    assert data["active"]["fees"] == [None, -2]
    assert loads_report(dumps_report(r)) == r
