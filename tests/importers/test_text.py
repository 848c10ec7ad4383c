"""The Cixi sample and the 2019 / collapsed-row cases, as a clerk would check them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workbook.importers.sources.text import import_text

FIXTURES = Path(__file__).parent / "fixtures"


def cixi(samples_dir: Path):
    return import_text((samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8"))


def test_cixi_metadata(samples_dir):
    report = cixi(samples_dir).report
    # The title prints the full name; the signature the short form 匡堰镇人民政府.
    assert report.agency == "慈溪市匡堰镇人民政府"
    assert report.year == 2024
    assert report.issued == date(2025, 1, 14)
    assert report.format_id == "2021"


def test_cixi_every_number(samples_dir):
    imported = cixi(samples_dir)
    values = imported.report.values
    assert all(v is not None for v in values.values()), "every printed cell is read"
    nonzero = {k: v for k, v in values.items() if v}
    assert nonzero == {
        "requests.new.natural": 1,
        "requests.new.total": 1,
        "requests.withheld_third_party.natural": 1,
        "requests.withheld_third_party.total": 1,
        "requests.total_handled.natural": 1,
        "requests.total_handled.total": 1,
    }
    assert not [n for n in imported.notes if n.key.startswith(("active", "requests", "appeals"))]


def test_cixi_prose_lands_in_its_section(samples_dir):
    report = cixi(samples_dir).report
    overview = report.texts["overview"]
    assert overview[0].startswith("为提高依法行政水平")
    assert overview[-1].startswith("（五）监督保障情况")
    assert len(overview) == 6
    assert report.texts["problems"][0].startswith("我镇2024年政务公开工作总体情况良好")
    assert report.texts["problems"][1].startswith("改进情况")
    assert report.texts["other"] == ["2024年1月1日至12月31日，本单位共收取信息处理费0元。"]
    # The signature is not prose of section 六.
    assert "匡堰镇人民政府" not in report.text("other")


def test_2019_format_is_kept_in_2019_cells():
    imported = import_text((FIXTURES / "report-2019.txt").read_text(encoding="utf-8"))
    report = imported.report
    assert report.format_id == "2019"
    assert report.year == 2020
    assert report.issued == date(2021, 1, 20)
    v = report.values
    assert v["active.normative_documents.public_total"] == 37
    assert v["active.licensing.items_change"] == -3
    assert str(v["active.procurement.amount"]) == "1234.5"
    assert v["requests.other_handled.natural"] == 2
    assert v["requests.carry_forward.legal"] == 1
    assert v["appeals.cases.review_total"] == 1
    assert any("2019年试行版" in n.message for n in imported.notes)


def test_collapsed_other_row_in_2021_report_stays_blank(samples_dir):
    text = (samples_dir / "real" / "01-hongze-district-gov-2023.txt").read_text(encoding="utf-8")
    imported = import_text(text)
    values = imported.report.values
    assert imported.report.format_id == "2021"
    for row in ("other_no_correction", "other_fee_unpaid", "other_misc"):
        assert all(values[f"requests.{row}.{c}"] is None for c in ("natural", "total"))
    notes = [n.message for n in imported.notes if "只印了一行" in n.message]
    assert len(notes) == 1 and "（六）其他处理" in notes[0] and "3.其他" in notes[0]
    # The totals still read as printed.
    assert values["requests.total_handled.total"] == 21


def test_chinese_numeral_date_and_blank_zero_notes():
    text = "\n".join(
        [
            "测试市某某局",
            "2023年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "| 规章 | / | — | 无 |",
            "| 行政许可 | 1,234件 |",
            "| 行政事业性收费 | ５２.１５万元 |",
            "测试市某某局",
            "二〇二四年一月十四日",
        ]
    )
    imported = import_text(text)
    report = imported.report
    assert report.agency == "测试市某某局"
    assert report.year == 2023
    assert report.issued == date(2024, 1, 14)
    assert report.values["active.regulations.issued"] == 0
    assert report.values["active.licensing.decisions"] == 1234
    assert str(report.values["active.fees.amount"]) == "52.15"
    assert report.values["active.penalties.decisions"] is None  # not printed: blank, not 0
    messages = " ".join(n.message for n in imported.notes)
    assert "二、规章／本年制发件数：“/”按0读取" in messages
    assert "千位分隔符" in messages and "全角" in messages
