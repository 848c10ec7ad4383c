"""B1–B8 on generated reports: each heuristic speaks when it should and stays silent otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from rules import check
from rules.catalogue import code_for
from tests.helpers.rule_fixtures import carry_forward_heavy, previous_of
from tests.rules.generate import consistent_report


def codes(report, previous=None) -> list[str]:
    return [f.code for f in check(report, previous)]


def test_cross_year_agreement_is_silent() -> None:
    report = consistent_report(1)
    assert not [f for f in check(report, previous_of(report)) if f.rule in ("B1", "B2", "B8")]


def test_b1_carried_over_differs_from_last_years_carry_forward() -> None:
    report = consistent_report(1)
    prev = previous_of(report)
    prev.values["requests.carry_forward.natural"] += 2
    (f,) = [f for f in check(report, prev) if f.rule == "B1"]
    assert f.keys == ("requests.carried_over.natural",) and f.severity == "warning"
    assert "相差2件" in f.message and "自然人栏" in f.message


def test_b2_in_force_does_not_follow_last_year() -> None:
    report = consistent_report(1)
    prev = previous_of(report)
    prev.values["active.normative_documents.in_force"] += 1
    (f,) = [f for f in check(report, prev) if f.rule == "B2"]
    assert "active.normative_documents.in_force" in f.keys and "相差1件" in f.message


def test_b2_needs_the_columns_2019_has_none() -> None:
    report = consistent_report(1, "2019", 2020)
    prev = consistent_report(2, "2019", 2019)
    assert not [f for f in check(report, prev) if f.rule == "B2"]


def test_b3_regulations_for_a_township() -> None:
    report = consistent_report(1)
    report.values["active.regulations.issued"] = 2
    report.values["active.regulations.in_force"] = 2
    (f,) = [f for f in check(report) if f.rule == "B3"]
    assert set(f.keys) == {"active.regulations.issued", "active.regulations.in_force"}
    assert "乡镇/街道" in f.message
    report.agency_kind = "city_or_above"
    assert code_for("regulations") not in codes(report)


def test_b5_fee_not_mentioned_and_fee_notice_hint() -> None:
    report = consistent_report(1)
    report.set_text("other", "本年度政务公开工作有序推进。")
    assert code_for("fee_mentioned") in codes(report)
    assert code_for("fee_notice") not in codes(consistent_report(1))  # 收费通知 is mentioned
    report.values["requests.other_fee_unpaid.natural"] += 1
    report.values["requests.other_fee_unpaid.total"] += 1
    report.values["requests.total_handled.natural"] += 1
    report.values["requests.total_handled.total"] += 1
    report.values["requests.new.natural"] += 1
    report.values["requests.new.total"] += 1
    found = codes(report)
    assert code_for("fee_notice") in found
    assert not [f for f in check(report) if f.severity == "error"]


@pytest.mark.parametrize(
    ("issued", "kind", "code"),
    [
        (date(2024, 12, 20), "township", "issued_year"),
        (date(2026, 1, 10), "township", "issued_year"),
        (date(2025, 2, 10), "county_department", "issued_deadline"),
        (date(2025, 4, 1), "township", "issued_deadline"),
        (date(2025, 4, 1), None, "issued_deadline"),
    ],
)
def test_b6_issue_date(issued: date, kind: str | None, code: str) -> None:
    report = consistent_report(1)
    report.issued, report.agency_kind = issued, kind
    assert code_for(code) in codes(report)


def test_b6_in_time() -> None:
    report = consistent_report(1)
    report.issued, report.agency_kind = date(2025, 3, 31), "county_government"
    assert not [f for f in check(report) if f.rule == "B6"]


def test_b6_period_in_prose() -> None:
    report = consistent_report(1)
    report.set_text("overview", "报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。")
    (f,) = [f for f in check(report) if f.code == code_for("period_year")]
    assert "2023" in f.message and f.texts == ("overview",)


@pytest.mark.parametrize(("format_id", "year"), [("2019", 2024), ("2021", 2020)])
def test_b6_format_not_the_one_for_the_year(format_id: str, year: int) -> None:
    """The 2019 layout used after 2021 (a common real error), or the reverse."""
    report = consistent_report(3, format_id, year)
    (f,) = [f for f in check(report) if f.code == code_for("format_year")]
    assert f.rule == "B6" and f.severity == "warning"
    assert f"{year}年度" in f.message and "2019年试行版" in f.message


def test_b6_format_of_the_year_is_silent() -> None:
    for format_id, year in (("2019", 2019), ("2019", 2020), ("2021", 2021), ("2021", 2025)):
        report = consistent_report(3, format_id, year)
        assert code_for("format_year") not in codes(report)


def test_b6_missing_metadata_is_a_hint() -> None:
    report = consistent_report(1)
    report.issued = None
    (f,) = [f for f in check(report) if f.rule == "B6"]
    assert f.severity == "info" and "发布日期" in f.message


def test_b7_large_carry_forward() -> None:
    report = carry_forward_heavy()
    (f,) = [f for f in check(report) if f.rule == "B7"]
    assert f.severity == "info" and "75%" in f.message
    assert not [f for f in check(report) if f.severity == "error"]


def test_b8_copied_prose() -> None:
    report = consistent_report(1)
    prev = previous_of(report)
    text = (
        "2023年，我镇坚持以公开为常态、不公开为例外，围绕中心工作推进政务公开，"
        "规范依申请公开办理流程，加强政府网站和政务新媒体管理，信息发布审核严格，"
        "监督保障有力，政务公开工作取得较好成效，群众满意度不断提高。"
    )
    prev.set_text("overview", text)
    report.set_text("overview", text.replace("2023", "2024"))
    (f,) = [f for f in check(report, prev) if f.rule == "B8"]
    assert f.texts == ("overview",) and f.severity == "warning" and "100%" in f.message
    report.set_text("overview", "本年度全面修订了政府信息公开指南，新设重点领域专栏十二个，" * 3)
    assert not [f for f in check(report, prev) if f.rule == "B8"]


# ---------------------------------------------------------------- B4: figures in the prose


def with_overview(text: str):
    report = consistent_report(1)
    report.set_text("overview", text)
    return report


def b4(report) -> list:
    return [f for f in check(report) if f.rule == "B4"]


def test_b4_figures_that_agree_are_silent() -> None:
    report = consistent_report(1)
    v = report.values
    report.set_text(
        "overview",
        f"2024年共受理政府信息公开申请{v['requests.new.total']}件，"
        f"办结{v['requests.total_handled.total']}件（含上年结转{v['requests.carried_over.total']}件），"
        f"结转下年度继续办理{v['requests.carry_forward.total']}件。"
        f"因政府信息公开被申请行政复议{v['appeals.cases.review_total']}件，"
        f"被提起行政诉讼"
        f"{v['appeals.cases.direct_total'] + v['appeals.cases.after_review_total']}件。",
    )
    assert b4(report) == []


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("全年共收到政府信息公开申请{n}件，均按时答复。", "requests.new.total"),
        ("本年新收政府信息公开申请{n}件。", "requests.new.total"),
        ("全年办结政府信息公开申请{n}件。", "requests.total_handled.total"),
        ("结转下年度继续办理{n}件。", "requests.carry_forward.total"),
        ("被申请行政复议{n}件。", "appeals.cases.review_total"),
    ],
)
def test_b4_figure_that_differs_is_warned_with_the_sentence(sentence: str, key: str) -> None:
    report = consistent_report(1)
    n = report.values[key] + 4
    report.set_text("overview", sentence.format(n=n))
    (f,) = b4(report)
    assert f.severity == "warning" and f.keys == (key,) and f.texts == ("overview",)
    assert sentence.format(n=n).rstrip("。") in f.message and "相差4件" in f.message


def test_b4_litigation_is_the_two_totals() -> None:
    report = consistent_report(1)
    v = report.values
    n = v["appeals.cases.direct_total"] + v["appeals.cases.after_review_total"] + 1
    report.set_text("overview", f"被提起行政诉讼{n}件。")
    (f,) = b4(report)
    assert set(f.keys) == {"appeals.cases.direct_total", "appeals.cases.after_review_total"}


@pytest.mark.parametrize(
    "text",
    [
        "2023年共受理政府信息公开申请999件。",  # another year
        "上年受理政府信息公开申请999件。",  # another period
        "与上年相比，受理政府信息公开申请增加999件。",  # a comparison
        "全年办结人大代表建议999件、政协提案888件。",  # other kinds of case
        "办理信访事项，办结999件。",
        "全区各部门共受理政府信息公开申请999件。",  # other bodies
        "受理政府信息公开申请约999件。",  # an approximation
        "受理政府信息公开申请同比增长999件。",
        "12月份受理政府信息公开申请999件。",  # part of the year
        "第四季度受理政府信息公开申请999件。",
        "上半年受理政府信息公开申请999件。",
    ],
)
def test_b4_silent_on_other_periods_bodies_and_kinds(text: str) -> None:
    assert b4(with_overview(text)) == []


def test_b4_blank_table_cell_is_not_compared() -> None:
    report = with_overview("全年共收到政府信息公开申请999件。")
    report.values["requests.new.total"] = None
    assert b4(report) == []


def test_b4_breakdown_that_does_not_add_up_is_a_hint() -> None:
    report = with_overview(
        "我镇共在网站公开信息121条，其中政策文件2条、工作信息104条、财政信息9条。"
    )
    (f,) = b4(report)
    assert f.severity == "info" and "2＋104＋9" in f.message and "相差6条" in f.message
    assert b4(with_overview("共公开信息115条，其中政策文件2条、工作信息104条、财政信息9条。")) == []
    assert b4(with_overview("共公开信息500条，其中包括政策文件2条、工作信息104条。")) == []
    assert b4(with_overview("共公开信息500条，其中政策文件2条、工作信息104条等。")) == []


def test_b4_a_figure_that_includes_more_is_not_compared_with_one_cell() -> None:
    """收到申请N件（含上年结转M件）: N is new + carried over, not row 1; M is still checked."""
    report = consistent_report(1)
    v = report.values
    new, carried = v["requests.new.total"], v["requests.carried_over.total"]
    stated = new + carried + 7  # would differ from row 1 whatever the numbers are
    text = f"全年共收到政府信息公开申请{stated}件（含上年结转{carried + 1}件）。"
    found = b4(with_overview(text))
    assert [f.keys for f in found] == [("requests.carried_over.total",)]
