"""`nianbao summarize … --report 分析.docx|.html|.pdf`: the office's analysis report.

The charts are painted by the app's chart widget (Qt, offscreen), so only this option loads Qt;
the report itself is rendered and saved by the same code as `nianbao export`
(workbook.publish.save).
"""

from __future__ import annotations

from pathlib import Path

from cli.export import FORMATS
from service.summarize import Summary
from workbook.model.errors import ReportError


def report_format_error(out: Path) -> str:
    """'' when `out` is a kind of file the analysis can be written as."""
    if out.suffix.lower() in FORMATS:
        return ""
    return f"分析报告只能写成 {' / '.join(FORMATS)} 文件：{out.name}"


def write_analysis(summary: Summary, out: Path, *, with_units: bool) -> str:
    """Write the analysis report; '' on success, else the reason in Chinese."""
    from gui.charts import chart_png
    from gui.printing import ensure_gui_application, pdf_bytes
    from service.analysis import analysis
    from workbook.publish.save import save_publication

    ensure_gui_application()
    try:
        pub = analysis(summary, with_units=with_units, paint=chart_png)
    except ValueError as e:
        return str(e)
    try:
        save_publication(pub, out, pdf=pdf_bytes if out.suffix.lower() == ".pdf" else None)
    except ReportError as e:
        return str(e)
    return ""
