"""Start the desktop app: Chinese standard buttons, a readable font, the window, a file.

Heavy modules (the checker, readers, writers, printing, dialogs) are imported only when first
needed, and a file given at start is read after the window shows, so the window appears quickly.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from gui.main_window import MainWindow

UI_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
]
UI_POINT_SIZE = 10
TRANSLATOR_NAME = "nianbaoQtTranslations"


def setup_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, translations and font (reused if one exists, as in tests)."""
    existing = QApplication.instance()
    if existing is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    elif isinstance(existing, QApplication):
        app = existing
    else:  # a windowless QGuiApplication (the CLI's PDF export) cannot hold the window
        raise RuntimeError(f"需要 QApplication，而已有的是 {type(existing).__name__}")
    app.setApplicationName("Nianbao")
    app.setOrganizationName("Nianbao")
    app.setApplicationDisplayName("年报工作台")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if app.findChild(QTranslator, TRANSLATOR_NAME) is None:  # once per application
        translator = QTranslator(app)  # owned by the application, so it lives as long
        translator.setObjectName(TRANSLATOR_NAME)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
    font = QFont(app.font())
    font.setFamilies(UI_FAMILIES)
    font.setPointSize(UI_POINT_SIZE)
    app.setFont(font)
    return app


def no_display_message() -> str | None:
    """On Linux without a graphical session Qt would abort with a core dump: say why instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "nianbao：没有检测到图形界面（未设置 DISPLAY），无法打开窗口。\n"
        "在服务器上请使用命令行，例如 nianbao check 报告.xlsx（nianbao --help 查看全部命令）。"
    )


def run_app(path: str | None = None) -> int:
    """`nianbao [FILE]`: show the window, open FILE if given, offer crash recovery."""
    message = no_display_message()
    if message:
        print(message, file=sys.stderr)
        return 2
    app = setup_application()
    open_window(path)
    return app.exec()


def open_window(path: str | None = None) -> MainWindow:
    """The first window, shown. With a file it shows the file's name at once; the reader child
    starts, the rest of the window is built and the file read after that first paint (cold
    start: bench/bench_gui.py). Without one: the start page, and a warm reader for the first
    open (gui.reading)."""
    from gui.main_window import MainWindow

    if path:
        window = MainWindow(opening=path)  # it offers crash recovery once the file is open
        window.show()
        return window
    window = MainWindow()
    window.show_start_page()  # how to start, rather than a blank report full of errors
    window.show()
    QTimer.singleShot(0, _warm_reader)
    QTimer.singleShot(0, window.offer_recovery)
    return window


def _warm_reader() -> None:
    from gui.reading import warm_reader

    warm_reader()
