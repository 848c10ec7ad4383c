"""`nianbao summarize … --report 分析.docx|.html|.pdf`: the office's analysis report.

The charts are painted by the app's chart widget (Qt, offscreen), so only this option loads Qt;
the report itself is rendered by the same code as `nianbao export`.
"""

from __future__ import annotations

from pathlib import Path

from cli.export import FORMATS
from service.summarize import Summary


def report_format_error(out: Path) -> str:
    """'' when `out` is a kind of file the analysis can be written as."""
    if out.suffix.lower() in FORMATS:
        return ""
    return f"分析报告只能写成 {' / '.join(FORMATS)} 文件：{out.name}"


def write_analysis(summary: Summary, out: Path, *, with_units: bool) -> str:
    """Write the analysis report; '' on success, else the reason in Chinese."""
    from cli.export import write_publication
    from gui.charts import chart_png
    from gui.printing import ensure_gui_application
    from service.analysis import analysis

    ensure_gui_application()
    try:
        pub = analysis(summary, with_units=with_units, paint=chart_png)
    except ValueError as e:
        return str(e)
    try:
        written = write_publication(pub, out)
    except OSError as e:
        return f"无法写出 {out.name}：{e.strerror or e}"
    return "" if written else f"无法写出 {out.name}（文件可能正被其他程序打开）"
