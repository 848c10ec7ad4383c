"""What the window started with a file shows at once, while the file is read: its name.

The first paint of `nianbao 报告.xlsx` (gui.app.open_window): PySide6 and this page only, so the
window appears about as fast as an empty one (bench/bench_gui.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

READING = "正在读取“{name}”……"


class ReadingPage(QWidget):
    """What the window shows while the file it was started with is read: its name, at once.

    Centred by stretches, not alignment flags: the first use of PySide6's Qt namespace costs
    ~30 ms (bench/bench_gui.py), more than the rest of this page."""

    painted = Signal()  # the first time only

    def __init__(self, path: str) -> None:
        super().__init__()
        self.label = QLabel(READING.format(name=Path(path).name))
        font = self.label.font()
        font.setPointSize(font.pointSize() + 4)
        self.label.setFont(font)
        where = QLabel(str(Path(path).parent))
        where.setEnabled(False)  # grey: the folder, for two files of the same name
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for label in (self.label, where):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(label)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addStretch(3)
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()
