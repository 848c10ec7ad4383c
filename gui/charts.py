"""Simple charts drawn with QPainter: bar, column, pie and line, from a ChartSpec.

PySide6-essentials has no QtCharts (only its type stubs; the module lives in pyside6-addons,
about 200 MB), so the few charts the office needs are painted here, in one small widget. The
same painting makes the analysis report's images (chart_png), so the app and the report agree.
A click on a bar or a point says which category (unit) it was.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from workbook.model.charts import PALETTE, ChartSpec, number
from workbook.model.indicators import percent

FONT_FAMILIES = ["Microsoft YaHei", "SimSun", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]
GRID = QColor("#d9d9d9")
AXIS = QColor("#595959")


def _label(value: float, as_percent: bool) -> str:
    if as_percent:
        return percent(value, 0) if abs(value) >= 0.1 else percent(value, 1)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _nice_top(top: float) -> float:
    """A round axis maximum above `top` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return 1.0
    power = 10 ** len(str(int(top))) / 10
    for step in (1, 2, 5, 10):
        if top <= step * power:
            return step * power
    return top


class ChartPainter:
    """Paints one spec into a rectangle and remembers where each category landed."""

    def __init__(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.hits: list[tuple[QRectF, int]] = []  # area -> category index

    def paint(self, p: QPainter, rect: QRectF) -> None:
        self.hits = []
        spec = self.spec
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setPointSizeF(9)
        p.setFont(font)
        p.fillRect(rect, QColor("white"))
        title = QFont(font)
        title.setBold(True)
        title.setPointSizeF(11)
        p.setFont(title)
        p.setPen(QColor("black"))
        head = QRectF(rect.left(), rect.top() + 4, rect.width(), 22)
        p.drawText(head, int(Qt.AlignmentFlag.AlignCenter), spec.title)
        p.setFont(font)
        body = rect.adjusted(8, 30, -8, -8)
        if len(spec.series) > 1 and spec.kind != "pie":  # a pie labels its slices itself
            body = self._legend(p, body)
        if not spec.categories:
            p.drawText(body, int(Qt.AlignmentFlag.AlignCenter), "（没有数据）")
        elif spec.kind == "pie":
            self._pie(p, body)
        elif spec.kind == "bar":
            self._bars(p, body)
        else:
            self._columns_or_lines(p, body)

    def _legend(self, p: QPainter, body: QRectF) -> QRectF:
        """Swatches and names under the plot, wrapped onto more lines when they do not fit."""
        names = [n for n, _ in self.spec.series]
        fm = QFontMetricsF(p.font())
        widths = [14 + fm.horizontalAdvance(n) + 14 for n in names]
        lines, x = 1, 0.0
        for width in widths:
            if x and x + width > body.width():
                lines, x = lines + 1, 0.0
            x += width
        y = body.bottom() - lines * fm.height()
        x = body.left()
        for i, (name, width) in enumerate(zip(names, widths, strict=True)):
            if x > body.left() and x + width > body.right():
                x, y = body.left(), y + fm.height()
            p.fillRect(QRectF(x, y + 3, 10, 10), QColor(PALETTE[i % len(PALETTE)]))
            p.setPen(QColor("black"))
            p.drawText(QPointF(x + 14, y + fm.ascent()), name)
            x += width
        return body.adjusted(0, 0, 0, -lines * fm.height() - 6)

    def _values(self) -> list[list[float | None]]:
        return [[number(v) for v in values] for _, values in self.spec.series]

    def _top(self, values: list[list[float | None]]) -> float:
        if self.spec.stacked:
            totals = [sum(v for v in column if v) for column in zip(*values, strict=True)]
            return _nice_top(max(totals, default=0))
        return _nice_top(max((v for s in values for v in s if v is not None), default=0))

    def _bars(self, p: QPainter, body: QRectF) -> None:
        """Horizontal bars, the first category on top (units with long names read well)."""
        spec, values = self.spec, self._values()
        fm = QFontMetricsF(p.font())
        label_w = min(max(fm.horizontalAdvance(c) for c in spec.categories) + 8, body.width() / 3)
        plot = body.adjusted(label_w, fm.height() + 2, -fm.horizontalAdvance("0000"), 0)
        top = self._top(values)
        self._value_grid(p, plot, top, horizontal=True)
        n = len(spec.categories)
        band = plot.height() / n
        thick = band * 0.7 / (1 if spec.stacked else len(values))
        for i, name in enumerate(spec.categories):
            y = plot.top() + i * band + band * 0.15
            p.setPen(QColor("black"))
            shown = fm.elidedText(name, Qt.TextElideMode.ElideMiddle, label_w - 8)
            p.drawText(
                QRectF(body.left(), plot.top() + i * band, label_w - 6, band),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                shown,
            )
            x = plot.left()
            for j, series in enumerate(values):
                v = series[i]
                if v is None:
                    continue
                w = plot.width() * v / top
                r = QRectF(x, y + (0 if spec.stacked else j * thick), w, thick)
                p.fillRect(r, QColor(PALETTE[j % len(PALETTE)]))
                if spec.stacked:
                    x += w
            self.hits.append((QRectF(body.left(), plot.top() + i * band, body.width(), band), i))

    def _columns_or_lines(self, p: QPainter, body: QRectF) -> None:
        spec, values = self.spec, self._values()
        fm = QFontMetricsF(p.font())
        top = self._top(values)
        axis_w = fm.horizontalAdvance(_label(top, spec.percent)) + 8
        plot = body.adjusted(axis_w, 4, -4, -fm.height() - 4)
        self._value_grid(p, plot, top, horizontal=False)
        n = len(spec.categories)
        band = plot.width() / n
        for i, name in enumerate(spec.categories):
            p.setPen(QColor("black"))
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, band)
            p.drawText(
                QRectF(plot.left() + i * band, plot.bottom() + 2, band, fm.height()),
                int(Qt.AlignmentFlag.AlignCenter),
                shown,
            )
            self.hits.append((QRectF(plot.left() + i * band, plot.top(), band, plot.height()), i))
        if spec.kind == "line":
            for j, series in enumerate(values):
                pen = QPen(QColor(PALETTE[j % len(PALETTE)]), 2)
                p.setPen(pen)
                points = [
                    QPointF(plot.left() + (i + 0.5) * band, plot.bottom() - plot.height() * v / top)
                    if v is not None
                    else None
                    for i, v in enumerate(series)
                ]
                for a, b in itertools.pairwise(points):
                    if a is not None and b is not None:
                        p.drawLine(a, b)
                p.setBrush(QColor(PALETTE[j % len(PALETTE)]))
                for point in points:
                    if point is not None:
                        p.drawEllipse(point, 3.5, 3.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
            return
        thick = band * 0.7 / (1 if spec.stacked else len(values))
        for i in range(n):
            x = plot.left() + i * band + band * 0.15
            base = plot.bottom()
            for j, series in enumerate(values):
                v = series[i]
                if v is None:
                    continue
                h = plot.height() * v / top
                left = x if spec.stacked else x + j * thick
                p.fillRect(QRectF(left, base - h, thick, h), QColor(PALETTE[j % len(PALETTE)]))
                if spec.stacked:
                    base -= h

    def _value_grid(self, p: QPainter, plot: QRectF, top: float, *, horizontal: bool) -> None:
        fm = QFontMetricsF(p.font())
        for k in range(5):
            share = k / 4
            value = top * share
            text = _label(value, self.spec.percent)
            p.setPen(QPen(GRID if k else AXIS, 1))
            if horizontal:
                x = plot.left() + plot.width() * share
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                p.setPen(AXIS)
                w = fm.horizontalAdvance(text)
                p.drawText(QPointF(x - w / 2, plot.top() - 4), text)
            else:
                y = plot.bottom() - plot.height() * share
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                p.setPen(AXIS)
                w = fm.horizontalAdvance(text)
                p.drawText(QPointF(plot.left() - w - 4, y + fm.ascent() / 2 - 1), text)

    def _pie(self, p: QPainter, body: QRectF) -> None:
        values = [v or 0.0 for v in self._values()[0]]
        total = sum(values)
        if total <= 0:
            p.drawText(body, int(Qt.AlignmentFlag.AlignCenter), "（没有数据）")
            return
        fm = QFontMetricsF(p.font())
        texts = [
            f"{name} {_label(v, False)}（{percent(v / total, 1)}）"
            for name, v in zip(self.spec.categories, values, strict=True)
        ]
        text_w = max(fm.horizontalAdvance(t) for t in texts) + 16
        side = max(40.0, min(body.width() - text_w - 16, body.height()) - 8)
        left = body.left() + (body.width() - side - text_w) / 2
        circle = QRectF(left, body.center().y() - side / 2, side, side)
        start = 90 * 16
        p.setPen(QPen(QColor("white"), 1))
        for i, v in enumerate(values):
            span = -round(5760 * v / total)
            p.setBrush(QColor(PALETTE[i % len(PALETTE)]))
            p.drawPie(circle, start, span)
            start += span
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QColor("black"))
        y = circle.center().y() - len(texts) * (fm.height() + 2) / 2
        for i, text in enumerate(texts):
            p.drawText(QPointF(circle.right() + 12, y + fm.ascent()), text)
            p.fillRect(QRectF(circle.right() + 2, y + 3, 8, 8), QColor(PALETTE[i % len(PALETTE)]))
            y += fm.height() + 2

    def category_at(self, point: QPointF) -> int | None:
        return next((i for r, i in self.hits if r.contains(point)), None)


class ChartWidget(QWidget):
    """One chart; `clicked` gives the category (for a unit: its index, or its link)."""

    clicked = Signal(int)

    def __init__(self, spec: ChartSpec | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.painter = ChartPainter(spec or ChartSpec("", "bar", "", [], []))
        self.setMinimumSize(200, 140)  # small screens: the windows holding charts must fit
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_spec(self, spec: ChartSpec) -> None:
        self.painter = ChartPainter(spec)
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if spec.links else Qt.CursorShape.ArrowCursor
        )
        self.update()

    @property
    def spec(self) -> ChartSpec:
        return self.painter.spec

    def sizeHint(self) -> QSize:
        rows = len(self.spec.categories) if self.spec.kind == "bar" else 10
        return QSize(560, max(260, 22 * rows + 80))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.painter.paint(p, QRectF(self.rect()))
        p.end()

    def event(self, event: QEvent) -> bool:
        """A tooltip with the exact figures of the category under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.painter.category_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(index), self)
            return True
        return super().event(event)

    def describe(self, index: int) -> str:
        """ "甲镇：行政复议 3，行政诉讼 空白" — blank says so, rates in %."""
        spec = self.spec
        parts = []
        for name, values in spec.series:
            v = number(values[index])
            text = "空白" if v is None else percent(v) if spec.percent else _label(v, False)
            parts.append(f"{name} {text}")
        return f"{spec.categories[index]}：" + "，".join(parts)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.painter.category_at(event.position())
        if index is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(index)
        super().mouseReleaseEvent(event)


def chart_png(spec: ChartSpec, width: int = 1400, height: int | None = None) -> bytes:
    """The chart as a PNG (the analysis report's images), drawn at twice the screen size."""
    if height is None:
        rows = len(spec.categories) if spec.kind == "bar" else 10
        height = max(520, 44 * rows + 160)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(2.0)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    ChartPainter(spec).paint(p, QRectF(0, 0, width / 2, height / 2))
    p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; Qt wants str
    return bytes(data.data())
