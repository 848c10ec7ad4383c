"""Windows beside the main one (打印预览, 批量检查, 与上年比较, 导入说明): they fit the screen,
remember their size, and every button has an access key (Alt + letter), as in Excel/WPS.

A dialog's own code only says how big it would like to be; `settle` does the rest each time it
is shown, so a dialog built by Qt (the print preview) gets the same treatment as ours.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QWidget

# What the window frame and title bar add outside the client area (Windows 10/11, 100–150 %).
FRAME_ALLOWANCE = QSize(16, 40)
MIN_SIZE = QSize(480, 320)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_HAS_KEY = re.compile(r"&[^&\s]")
_SETTLED = "nianbao_settled"


def settings() -> QSettings:
    """The app's settings (the store gui.file_actions uses; importing it would be a cycle)."""
    return QSettings("Nianbao", "Nianbao")


def fit_rect(wanted: QSize, available: QRect) -> QRect:
    """The wanted size, never larger than the screen's free area (frame included), centred."""
    width = max(min(wanted.width(), available.width() - FRAME_ALLOWANCE.width()), 1)
    height = max(min(wanted.height(), available.height() - FRAME_ALLOWANCE.height()), 1)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    rect.moveTop(max(available.top() + FRAME_ALLOWANCE.height() - 8, rect.top()))
    return rect


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def with_access_key(text: str, used: set[str]) -> str:
    """ "关闭" → "关闭(&C)"; "汇总…" → "汇总(&U)…": the first free letter of its own Latin
    letters, else the first free one (Chinese labels have no letter to underline)."""
    if not text or _HAS_KEY.search(text):
        return text
    own = [c.upper() for c in text if c.upper() in LETTERS]
    letter = next((c for c in [*own, *LETTERS] if c not in used), "")
    if not letter:
        return text
    used.add(letter)
    if letter in own and text.isascii():
        i = text.upper().index(letter)
        return text[:i] + "&" + text[i:]
    stem, dots = (text[:-1], "…") if text.endswith("…") else (text, "")
    return f"{stem}(&{letter}){dots}"


def access_key(text: str) -> str:
    """The letter a text's access key is (Alt + it), or ""."""
    m = _HAS_KEY.search(text)
    return m.group(0)[1].upper() if m else ""


def give_access_keys(window: QWidget) -> None:
    """Every button in the window gets an access key not already used there."""
    buttons = window.findChildren(QAbstractButton)
    used = {access_key(b.text()) for b in buttons} - {""}
    for b in buttons:
        if b.text() and not access_key(b.text()):
            b.setText(with_access_key(b.text(), used))


class _Settler(QObject):
    def __init__(self, dialog: QWidget, name: str) -> None:
        super().__init__(dialog)
        self.name = name

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget):
            if event.type() == QEvent.Type.Show:
                self._shown(watched)
            elif event.type() in (QEvent.Type.Hide, QEvent.Type.Close):
                settings().setValue(f"windows/{self.name}", watched.size())
        return False

    def _shown(self, dialog: QWidget) -> None:
        give_access_keys(dialog)
        if dialog.property(_SETTLED):
            return  # placed once; after that the clerk moves it where they like
        dialog.setProperty(_SETTLED, True)
        saved = settings().value(f"windows/{self.name}")
        wanted = saved if isinstance(saved, QSize) and saved.isValid() else dialog.size()
        wanted = wanted.expandedTo(MIN_SIZE)
        area = available_area(dialog)
        rect = fit_rect(wanted, area)
        dialog.setMinimumSize(dialog.minimumSize().boundedTo(rect.size()))
        dialog.resize(rect.size())
        if not area.contains(dialog.frameGeometry()):
            dialog.move(rect.topLeft())


def settle(dialog: QWidget, name: str) -> None:
    """Fit `dialog` to the screen when shown, remember its size as `name`, add access keys."""
    dialog.installEventFilter(_Settler(dialog, name))
