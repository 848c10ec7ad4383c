"""与上年比较: changes per cell (blank kept apart from 0), prose similarity and same paragraphs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from rules import check
from rules.crossyear import likeness
from service.compare import compare_reports, comparison_data
from tests.rules.generate import consistent_report
from workbook.jsonio import dumps_report
from workbook.model.report import Report

OLD = (
    "本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。\n"
    "全年通过门户网站主动公开政府信息1200条，其中政策文件45件，政策解读30篇。\n"
    "依申请公开工作严格依照条例规定的时限答复，未发生因答复超期引起的行政复议。"
)


def _pair() -> tuple[Report, Report]:
    this = consistent_report(1, year=2025)
    last = consistent_report(1, year=2024)
    return this, last


def _cell(data: dict, key: str) -> dict:
    return next(c for c in data["cells"] if c["key"] == key)


def test_changes_per_cell_and_blank_is_not_zero() -> None:
    this, last = _pair()
    this.values["requests.new.total"] = 81
    last.values["requests.new.total"] = 60
    this.values["appeals.cases.review_total"] = 0
    last.values["appeals.cases.review_total"] = None
    this.values["active.fees.amount"] = Decimal("52.15")
    last.values["active.fees.amount"] = Decimal("50.05")
    data = comparison_data(compare_reports(this, last))
    assert _cell(data, "requests.new.total") == {
        "key": "requests.new.total",
        "label": "三、一、本年新收政府信息公开申请数量／总计",
        "this": 81,
        "previous": 60,
        "change": 21,
    }
    blank = _cell(data, "appeals.cases.review_total")
    assert (blank["this"], blank["previous"], blank["change"]) == (0, None, None)
    fees = _cell(data, "active.fees.amount")
    assert fees["change"] == pytest.approx(2.1) and str(fees["this"]) == "52.15"
    assert len(data["cells"]) == len(this.format.cells)
    assert set(data) == {"this", "previous", "warnings", "cells", "text"}
    assert data["warnings"] == []  # the same unit, the year before
    assert set(data["text"]) == {"overview", "problems", "other"}
    json.dumps(data, ensure_ascii=False)  # plain JSON types only


def test_percent_is_relative_to_last_year_and_absent_for_zero() -> None:
    this, last = _pair()
    this.values["requests.new.total"], last.values["requests.new.total"] = 90, 60
    this.values["requests.new.natural"], last.values["requests.new.natural"] = 5, 0
    cells = {c.key: c for c in compare_reports(this, last).cells}
    assert cells["requests.new.total"].percent == pytest.approx(50.0)
    assert cells["requests.new.natural"].percent is None


def test_similarity_one_for_identical_text_and_same_paragraphs_listed() -> None:
    this, last = _pair()
    last.set_text("overview", OLD)
    this.set_text("overview", OLD)
    this.set_text("problems", "今年没有新的问题需要说明，工作运行平稳。")
    last.set_text("problems", "上年指出的网站栏目更新慢的问题已经整改完毕。")
    copied = OLD.splitlines()[1].replace("1200", "1350")  # same words, new figure: still a copy
    this.set_text("other", "本年共收取信息处理费0元。\n" + copied)
    last.set_text("other", OLD)
    text = comparison_data(compare_reports(this, last))["text"]
    assert text["overview"]["similarity"] == 1.0
    assert text["overview"]["same_paragraphs"] == OLD.splitlines()
    assert text["problems"]["same_paragraphs"] == []
    assert 0 <= text["problems"]["similarity"] < 0.3
    assert text["other"]["same_paragraphs"] == [copied]
    assert 0 < text["other"]["similarity"] < 1


def test_the_rule_and_compare_share_one_judgement() -> None:
    this, last = _pair()
    this.set_text("overview", OLD)
    last.set_text("overview", OLD.replace("1200", "900"))
    similar = [f for f in check(this, last) if f.rule == "B8" and "overview" in f.texts]
    assert similar and similar[0].actual == round(
        likeness(OLD, last.text("overview")).similarity, 3
    )
    this.set_text(
        "overview",
        "完全不同的一段文字，讲述本年的新做法、新成效，与上年没有重复之处，共计八十多个字符以上才够长度。"
        * 2,
    )
    assert not [f for f in check(this, last) if f.rule == "B8" and "overview" in f.texts]


def test_a_2019_report_against_a_2021_one() -> None:
    this = consistent_report(3, year=2021)
    last = consistent_report(3, format_id="2019", year=2020)
    data = comparison_data(compare_reports(this, last))
    only_2019 = _cell(data, "requests.other_handled.total")
    assert only_2019["this"] is None and only_2019["change"] is None
    assert only_2019["previous"] == last.values["requests.other_handled.total"]
    assert _cell(data, "requests.new.total")["change"] == (
        this.values["requests.new.total"] - last.values["requests.new.total"]
    )


def test_compare_command_json_text_and_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.commands import run

    this, last = _pair()
    this.values["requests.new.total"] += 5
    a, b = tmp_path / "this.json", tmp_path / "last.json"
    a.write_text(dumps_report(this), encoding="utf-8")
    b.write_text(dumps_report(last), encoding="utf-8")
    assert run(["compare", str(a), str(b), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert _cell(data, "requests.new.total")["change"] == 5
    assert run(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "+5" in out and "三、一、本年新收政府信息公开申请数量／总计" in out
    assert run(["compare", str(a), str(b), "-o", str(tmp_path / "c.html")]) == 0
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "<table>" in page and "requests.new.total" in page
    assert run(["compare", str(a), str(b), "-o", str(tmp_path / "c.xlsx")]) == 0
    rows = list(
        openpyxl.load_workbook(tmp_path / "c.xlsx").worksheets[0].iter_rows(values_only=True)
    )
    assert rows[0][0] == "测试镇人民政府 2025年度 与 测试镇人民政府 2024年度 比较"
    assert len(rows) == 2 + len(this.format.cells)  # the title, the header, one row per cell
    assert run(["compare", str(a), str(tmp_path / "missing.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "missing.xlsx" in err and "Traceback" not in err
