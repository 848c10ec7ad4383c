"""The office laptops the window must fit, and how to tell a widget is on screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px taskbar
SMALL = QRect(0, 0, 1024, 544)  # 1280×720 at 125 % scaling, in device-independent pixels


def inside(window: QWidget, widget: QWidget) -> bool:
    """The widget is entirely within the window's client area (seen without maximising)."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)
