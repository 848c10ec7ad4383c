"""汇总 off the GUI thread: service.summarize (the same as `nianbao summarize`) in a QThread."""

from __future__ import annotations

from PySide6.QtCore import Signal

from gui.workers import ThreadWorker


class SummaryWorker(ThreadWorker):
    """Runs the 汇总 in its own QThread; the window stays responsive and can stop it."""

    progress = Signal(int, int)
    finished = Signal(str, bool)  # message, written?
    charted = Signal(object)  # the 汇总's charts (list[ChartSpec]), before `finished`

    def __init__(
        self,
        paths: list[str],
        out: str,
        previous: str = "",
        units: str = "",
        skipped: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.paths, self.out, self.previous, self.units = paths, out, previous, units
        self.skipped = list(skipped or [])  # our own workbooks the folder scan left out

    def wait(self, ms: int = 30_000) -> bool:
        return super().wait(ms)

    def _run(self) -> None:
        from service.office import summary_charts
        from service.summarize import scan_files, summarize
        from service.summary_book import read_units, write_summary
        from workbook.model.errors import ReportError

        ok = False
        try:
            units = read_units(self.units) if self.units else None
            last = scan_files([self.previous]) if self.previous else None
            previous = last.files if last else []
            summary = summarize(
                self.paths,
                previous_paths=previous,
                units=units,
                skipped=self.skipped + (last.skipped if last else []),
                progress=self.progress.emit,
                cancel=self._cancel,
                spawn=True,  # never fork a process that runs Qt threads
            )
            write_summary(
                summary, self.out, with_units=units is not None, with_previous=bool(previous)
            )
            self.charted.emit(summary_charts(summary, with_previous=bool(previous)))
            missing = f"，{len(summary.missing_units)}个单位未报" if units is not None else ""
            if summary.unreadable_units:
                missing += f"，{len(summary.unreadable_units)}个单位的报送文件无法读取"
            twice = len(summary.duplicates)
            again = f"，{twice}份重复报送未重复计入" if twice else ""
            message = (
                f"已写出汇总：{self.out}（{len(summary.readable) - twice}份报告{again}，"
                f"{len(summary.unreadable)}个文件无法读取{missing}）"
            )
            ok = True
        except ReportError as e:
            message = f"无法完成汇总：{e}"
        except Exception:  # the window must survive a bug in the batch
            message = "汇总时程序出错，请把这批文件发给开发者。"
        self.finished.emit(message, ok)
        self._thread.quit()
