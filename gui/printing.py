"""The report on paper: the publication's HTML laid out by Qt and painted page by page.

Two kinds: 正式文本 (the clean copy to sign and publish) and 校验稿 (the checking draft: identity
line, marked cells, the findings). Both come from workbook.publish, the same model the Word and
web exports use. Pages are painted here rather than by QTextDocument.print_() so that what is
measured is what is printed: table 三 is fitted to one page, a block of table 二 moves whole to
the next page, header rows of 三 and 四 repeat, and each page gets 第 N 页 共 M 页.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextTable,
)
from PySide6.QtWidgets import QWidget

from gui.dialogs import settle
from workbook.model.marks import FindingLike
from workbook.model.report import Report
from workbook.publish.document import Publication, Table, build
from workbook.publish.html import TABLE_PT, body_html

if TYPE_CHECKING:  # QtPrintSupport is loaded on first print, not with the CLI's PDF export
    from PySide6.QtPrintSupport import QPrinter

# What the report is painted on: both report their resolution(), which QPagedPaintDevice lacks.
PaperDevice: TypeAlias = "QPdfWriter | QPrinter"

CLEAN, DRAFT = "clean", "draft"
KINDS = {CLEAN: "正式文本", DRAFT: "校验稿"}
MARGINS_MM = QMarginsF(25, 22, 22, 18)
FONT_FAMILIES = ["FangSong", "SimSun", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]
BODY_PT = 12  # on paper from the app: readable, and the report keeps to a few pages
_FOOTER_MM = 8.0
LAYOUT_DPI = 300
_SMALLEST_PT = 6.0


def publication(report: Report, findings: Sequence[FindingLike], kind: str) -> Publication:
    return build(report, draft=kind == DRAFT, findings=findings)


def _css() -> str:
    return (
        f"body {{ font-size: {BODY_PT}pt; }}"
        f"h1 {{ font-size: {BODY_PT + 6}pt; font-weight: bold; }}"
        f"h2 {{ font-size: {BODY_PT + 1}pt; font-weight: bold; }}"
        "p.para { line-height: 150%; }"
        f"table {{ font-size: {TABLE_PT}pt; }}"
        f"p.unit {{ font-size: {TABLE_PT}pt; }}"
    )


def _page_break(qt_table: QTextTable, policy: QTextFormat.PageBreakFlag) -> None:
    fmt = qt_table.format()
    fmt.setPageBreakPolicy(policy)
    qt_table.setFormat(fmt)


class Pages:
    """A publication laid out for one paint device (a printer, a preview or a PDF writer)."""

    def __init__(self, pub: Publication, device: PaperDevice) -> None:
        self.pub = pub
        self.device = device
        # Laid out at a fixed resolution and scaled onto the device: printers report 600 or
        # 1200 dpi, at which Qt's text layout drifts from its own page breaks.
        dpi = LAYOUT_DPI
        self.dpi = dpi
        self._canvas = QImage(1, 1, QImage.Format.Format_RGB32)
        self._canvas.setDotsPerMeterX(round(dpi / 0.0254))
        self._canvas.setDotsPerMeterY(round(dpi / 0.0254))
        rect = device.pageLayout().paintRectPixels(dpi)
        footer = _FOOTER_MM / 25.4 * dpi
        # Whole dots: Qt keeps layout positions in 1/64 units, and a page height between two of
        # them would put a line starting on the next page into this page's clip as well.
        self.page = QSizeF(int(rect.width()), int(rect.height() - footer))
        self.doc = QTextDocument()
        self.doc.documentLayout().setPaintDevice(self._canvas)
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setPointSizeF(BODY_PT)
        self.doc.setDefaultFont(font)
        self.doc.setDefaultStyleSheet(_css())
        self.doc.setHtml(f"<html><body>{body_html(pub, split_blocks=True)}</body></html>")
        self.doc.setDocumentMargin(0)
        self.tables = [f for f in self.doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
        edit = QTextCursor(self.doc)
        edit.beginEditBlock()  # one layout for all the format changes, not one per cell
        self._style_tables()
        self._indent_paragraphs()
        edit.endEditBlock()
        self.doc.setPageSize(self.page)
        self._fit_wide_tables()
        self._keep_blocks_whole()
        self._no_block_alone()
        self._split_paragraphs_at_page_breaks()  # last: it follows the final page breaks

    # ------------------------------------------------------------------ layout
    def _table_sections(self) -> list[tuple[QTextTable, Table]]:
        """Each QTextTable with the publication table it shows (二 is one table per block)."""
        pairs: list[tuple[QTextTable, Table]] = []
        tables = iter(self.tables)
        for section in self.pub.sections:
            if section.table is None:
                continue
            count = len(section.table.blocks) if not section.table.header_rows else 1
            for _ in range(count):
                pairs.append((next(tables), section.table))
        return pairs

    def _style_tables(self) -> None:
        """Column widths, hairline borders and padding in device units (HTML px would be dots)."""
        px = self.dpi / 96
        for qt_table, table in self._table_sections():
            fmt = qt_table.format()
            widths = table.grid.widths
            if qt_table.columns() == len(widths):
                total = sum(widths)
                fmt.setColumnWidthConstraints(
                    [
                        QTextLength(QTextLength.Type.PercentageLength, 100 * w / total)
                        for w in widths
                    ]
                )
            fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
            fmt.setBorder(max(1.0, 0.75 * px))
            fmt.setBorderCollapse(True)
            fmt.setCellSpacing(0)
            fmt.setCellPadding(2.5 * px)
            fmt.setHeaderRowCount(table.header_rows)
            fmt.setMargin(0)
            fmt.setBottomMargin(6 * px)
            qt_table.setFormat(fmt)
            # cellpadding="4" of the web page becomes a per-cell padding in device dots
            for r in range(qt_table.rows()):
                for c in range(qt_table.columns()):
                    cell = qt_table.cellAt(r, c)
                    if cell.row() != r or cell.column() != c:
                        continue
                    cell_fmt = cell.format().toTableCellFormat()
                    cell_fmt.setPadding(2 * px)
                    cell_fmt.setLeftPadding(3 * px)
                    cell_fmt.setRightPadding(3 * px)
                    cell.setFormat(cell_fmt)

    def _relayout(self) -> None:
        """Lay the whole document out now: after a format change Qt lays out lazily, and
        blocks past the change would otherwise be measured, and painted, as empty."""
        self.doc.markContentsDirty(0, self.doc.characterCount())
        self.doc.pageCount()

    def _set_table_size(self, qt_table: QTextTable, size: float) -> None:
        cursor = QTextCursor(self.doc)
        cursor.setPosition(qt_table.firstPosition())
        cursor.setPosition(qt_table.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
        char = QTextCharFormat()
        char.setFontPointSize(size)
        cursor.mergeCharFormat(char)
        cursor.mergeBlockCharFormat(char)  # the line height of each cell follows its font

    def _indent_paragraphs(self) -> None:
        """Paragraphs start two characters in (Qt's HTML reader drops text-indent in em)."""
        texts = {p for s in self.pub.sections for p in s.paragraphs}
        indent = 2 * BODY_PT / 72 * self.dpi
        block = self.doc.begin()
        while block.isValid():
            if block.text() in texts:
                cursor = QTextCursor(block)
                fmt = cursor.blockFormat()
                fmt.setTextIndent(indent)
                cursor.setBlockFormat(fmt)
            block = block.next()

    def _fit_wide_tables(self) -> None:
        """Tables the national form prints landscape (三, 四) start a page and fit on it."""
        layout = self.doc.documentLayout()
        height = self.page.height()
        for qt_table, table in self._table_sections():
            if not table.landscape:
                continue
            # The section title and unit line (the two blocks before the table) go with it.
            title = self.doc.findBlock(qt_table.firstPosition() - 1).previous()
            cursor = QTextCursor(title)
            block = cursor.blockFormat()
            block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            cursor.setBlockFormat(block)
            size = TABLE_PT
            self._relayout()
            while size > _SMALLEST_PT:
                top = layout.blockBoundingRect(title).top()
                bottom = layout.frameBoundingRect(qt_table).bottom()
                if int(top // height) == int((bottom - 1) // height):
                    break
                # Heights shrink about as the font does: jump close, then step down.
                room = height - (layout.frameBoundingRect(qt_table).top() - top) - 1
                guess = size * room / max(1.0, layout.frameBoundingRect(qt_table).height())
                size = max(_SMALLEST_PT, min(size - 0.5, round(guess * 2) / 2))
                self._set_table_size(qt_table, size)
                self._relayout()

    def _keep_blocks_whole(self) -> None:
        """A table that would straddle a page break (a block of 二) starts the next page."""
        layout = self.doc.documentLayout()
        height = self.page.height()
        self._relayout()
        section_title: dict[int, str] = {}
        for section in self.pub.sections:
            first = next((t for t, s in self._table_sections() if s is section.table), None)
            if first is not None:
                section_title[id(first)] = section.title
        for qt_table, table in self._table_sections():
            if table.header_rows:
                continue
            rect = layout.frameBoundingRect(qt_table)
            if rect.height() > height:
                continue
            title = self.doc.findBlock(qt_table.firstPosition() - 1).previous()
            orphan = id(qt_table) in section_title and int(
                layout.blockBoundingRect(title).top() // height
            ) != int(rect.top() // height)
            if orphan or int(rect.top() // height) != int((rect.bottom() - 1) // height):
                # The section title and unit line go with the first block (two blocks before
                # it: title, unit); a later block moves alone.
                title = self.doc.findBlock(qt_table.firstPosition() - 1).previous()
                starts = title.isValid() and title.text() == section_title.get(id(qt_table))
                self._new_page_at(qt_table, with_title=starts)
                self._relayout()

    def _no_block_alone(self) -> None:
        """The last block of 二 never has a page to itself: if it starts a page with nothing
        after it there (三 starts its own page), the block before it goes along."""
        layout = self.doc.documentLayout()
        height = self.page.height()
        blocks: dict[int, list[QTextTable]] = {}
        for qt_table, table in self._table_sections():
            if not table.header_rows:
                blocks.setdefault(id(table), []).append(qt_table)
        for tables in blocks.values():
            if len(tables) < 2:
                continue
            before, last = tables[-2], tables[-1]
            page = int(layout.frameBoundingRect(last).top() // height)
            if int((layout.frameBoundingRect(before).bottom() - 1) // height) == page:
                continue
            after = self.doc.findBlock(last.lastPosition() + 1)
            while after.isValid() and not after.text().strip():
                after = after.next()
            if after.isValid() and int(layout.blockBoundingRect(after).top() // height) == page:
                continue  # other text shares the page
            self._new_page_at(before, with_title=before is tables[0])
            _page_break(last, QTextFormat.PageBreakFlag.PageBreak_Auto)  # follows its neighbour
            self._relayout()

    def _new_page_at(self, qt_table: QTextTable, *, with_title: bool) -> None:
        """A block of 二 starts the next page; the first one with its section title and unit
        line (the two blocks before it)."""
        if with_title:
            cursor = QTextCursor(self.doc.findBlock(qt_table.firstPosition() - 1).previous())
            block = cursor.blockFormat()
            block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            cursor.setBlockFormat(block)
        else:
            _page_break(qt_table, QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)

    def _split_paragraphs_at_page_breaks(self) -> None:
        """A paragraph running over a page break becomes two blocks at that line, looking the
        same. Qt paints a block's lines from the last one above the band it is given, so the
        foot line of a page was painted again, clipped away but kept in the PDF's text layer,
        atop the next page; with no block across a break each page paints its own lines."""
        layout = self.doc.documentLayout()
        height = self.page.height()
        self._relayout()
        block = self.doc.begin()
        while block.isValid():
            lines = block.layout()
            top = layout.blockBoundingRect(block).top()
            split = next(
                (
                    lines.lineAt(i).textStart()
                    for i in range(1, lines.lineCount())
                    if int((top + lines.lineAt(i).y()) // height)
                    != int((top + lines.lineAt(i - 1).y()) // height)
                ),
                None,
            )
            if split is None or QTextCursor(block).currentTable() is not None:
                block = block.next()
                continue
            cursor = QTextCursor(block)
            head = cursor.blockFormat()
            tail = QTextBlockFormat(head)
            tail.setTextIndent(0)
            tail.setTopMargin(0)
            tail.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
            head.setBottomMargin(0)
            cursor.setBlockFormat(head)
            cursor.setPosition(block.position() + split)
            cursor.insertBlock(tail, cursor.charFormat())
            self._relayout()
            block = cursor.block()  # the rest: it may run over the next break too

    # ------------------------------------------------------------------ paint
    @property
    def count(self) -> int:
        return self.doc.pageCount()

    def _page_starts(self) -> list[float]:
        """Where each page's band of the document begins: below every line that starts on an
        earlier page (a page's lines are those whose top is on it).

        Qt paints every line that touches the band it is given, clipped or not, and a PDF keeps
        clipped text in its text layer: the first line of a page, touching the foot of the page
        before, and a line whose box reaches past the foot of its page were copied, searched
        and imported twice. Each page is painted with a band that holds its own lines only."""
        layout = self.doc.documentLayout()
        height = self.page.height()
        total = self.count
        starts = [index * height for index in range(total)]
        block = self.doc.begin()  # every block, those inside table cells too
        while block.isValid():
            top = layout.blockBoundingRect(block).top()
            lines = block.layout()
            for i in range(lines.lineCount()):
                line = lines.lineAt(i)
                first = top + line.y()
                bottom = first + line.height()
                page = int(first // height)
                for later in range(page + 1, min(total, int(bottom // height) + 1)):
                    # Qt draws a line whose bottom equals the band's top: start just below.
                    starts[later] = max(starts[later], math.floor(bottom) + 1.0)
            block = block.next()
        return starts

    def paint(self, painter: QPainter) -> None:
        """Every page onto the device `painter` is open on, with page numbers."""
        width, height = self.page.width(), self.page.height()
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setPixelSize(round(9 / 72 * self.dpi))  # 9 pt in layout dots (the painter scales)
        total = self.count
        scale = self.device.resolution() / self.dpi
        painter.scale(scale, scale)
        starts = self._page_starts()
        for index in range(total):
            if index:
                self.device.newPage()
            painter.save()
            painter.translate(0, -index * height)
            # A line that starts exactly at the next page's top counts as touching the band's
            # foot: the band stops one dot short of it.
            band = QRectF(0, starts[index], width, (index + 1) * height - 1 - starts[index])
            self.doc.drawContents(painter, band)
            painter.restore()
            painter.setFont(font)
            footer = QRectF(QPointF(0, height), QSizeF(width, _FOOTER_MM / 25.4 * self.dpi))
            align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
            painter.drawText(footer, int(align), f"第 {index + 1} 页 共 {total} 页")


def paint_publication(pub: Publication, device: PaperDevice) -> int:
    """Lay out and paint `pub` on a printer or PDF writer; returns the number of pages."""
    pages = Pages(pub, device)
    painter = QPainter()
    if not painter.begin(device):
        return 0
    try:
        pages.paint(painter)
    finally:
        painter.end()
    return pages.count


def _setup(device: PaperDevice) -> None:
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


def pdf_bytes(pub: Publication) -> bytes:
    """An A4 PDF of `pub` without any printer (b"" when painting failed); saving it is
    workbook.publish.save's job, the same atomic save for the app and the command line."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    _setup(writer)
    writer.setResolution(300)
    writer.setTitle(pub.title)
    writer.setCreator("年报工作台")
    pages = paint_publication(pub, writer)
    del writer  # the PDF is finished when the painter ends; the writer lets go of the buffer
    buffer.close()
    return bytes(buffer.data().data()) if pages else b""


def ensure_gui_application() -> QCoreApplication:
    """An application for painting without a window (the CLI's PDF export).

    Off Windows the offscreen platform is used unless the caller chose one, so a server
    without a display can export; Windows' own platform needs no display. A QApplication
    (QtWidgets is loaded here anyway), so that a window opened later in the same process
    (a test run, the app after an export) finds the kind of application it needs.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if sys.platform != "win32":
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["nianbao"])
    return app


class Printing:
    """Print preview and printing; holds its printer so dialogs never see a dead one."""

    def __init__(self, parent: QWidget) -> None:
        from PySide6.QtPrintSupport import QPrinter

        self.parent = parent
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        _setup(self.printer)
        self.kind = CLEAN
        self.pages: int = 0

    def _paint(self, printer: QPrinter, report: Report, findings: Sequence[FindingLike]) -> None:
        self.pages = paint_publication(publication(report, findings, self.kind), printer)

    def preview(self, report: Report, findings: Sequence[FindingLike], kind: str = CLEAN) -> None:
        """The preview, with a choice of 正式文本 / 校验稿 in its toolbar."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
        from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

        self.kind = kind
        dialog = QPrintPreviewDialog(self.printer, self.parent)
        dialog.setWindowTitle("打印预览")
        dialog.resize(QSizeF(900, 1000).toSize())
        settle(dialog, "print_preview")  # fits a 768-px screen, remembers the clerk's size
        dialog.paintRequested.connect(lambda p: self._paint(p, report, findings))
        bar = dialog.findChild(QToolBar)
        preview = dialog.findChild(QPrintPreviewWidget)
        if bar is not None and preview is not None:
            choice = QComboBox(dialog)
            choice.setObjectName("printKind")
            for key, label in KINDS.items():
                choice.addItem(label, key)
            choice.setCurrentIndex(list(KINDS).index(kind))

            def changed(_index: int) -> None:
                self.kind = choice.currentData()
                preview.updatePreview()

            choice.currentIndexChanged.connect(changed)
            bar.addSeparator()
            bar.addWidget(QLabel(" 打印内容：", dialog))
            bar.addWidget(choice)
        dialog.exec()

    def print(self, report: Report, findings: Sequence[FindingLike], kind: str = CLEAN) -> bool:
        """The system's printer dialog, then the chosen kind on the chosen printer."""
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(self.printer, self.parent)
        dialog.setWindowTitle(f"打印{KINDS[kind]}")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        self.kind = kind
        self._paint(self.printer, report, findings)
        return self.pages > 0
