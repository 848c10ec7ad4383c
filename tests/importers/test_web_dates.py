"""The issue date of a saved portal page: the signature's date even when page furniture
follows it, and the portal's own 发布时间 stamp only as a noted fallback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.importers import variants as v
from workbook.importers.sources.html import import_html
from workbook.importers.sources.text import import_text
from workbook.model.report import Report


def _sample(samples_dir: Path) -> Report:
    text = (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8")
    return import_text(text).report


def _page(report: Report, before_body_end: str, *, layout_table: bool = False) -> bytes:
    html = v.html_page(report).decode("utf-8")
    footer = '<div class="footer">'
    if layout_table:  # old portals: the whole article inside one layout table cell
        start = html.index("<h1>")
        html = html[:start] + '<table width="100%"><tr><td>' + html[start:]
        html = html.replace(footer, "</td></tr></table>" + footer)
    return html.replace(footer, before_body_end + footer).encode("utf-8")


def test_signature_date_is_found_under_print_and_close_buttons(samples_dir: Path) -> None:
    report = _sample(samples_dir)
    page = _page(
        report, "<p>【打印本页】【关闭窗口】</p><p>分享到：微信 微博</p>", layout_table=True
    )
    imported = import_html(page)
    assert imported.report.issued == date(2025, 1, 14)
    assert not [n for n in imported.notes if n.key == "meta.issued"]


def test_portal_stamp_is_a_noted_fallback_when_the_signature_has_no_date(
    samples_dir: Path,
) -> None:
    report = _sample(samples_dir)
    report.issued = None  # the page prints no signature date
    html = v.html_page(report).decode("utf-8")
    html = html.replace("<h1>", "<div>发布时间：2025-01-20 09:30 来源：匡堰镇</div><h1>", 1)
    imported = import_html(html.encode("utf-8"))
    assert imported.report.issued == date(2025, 1, 20)
    notes = [n.message for n in imported.notes if n.key == "meta.issued"]
    assert notes and "发布时间" in notes[0] and "请核对" in notes[0]
