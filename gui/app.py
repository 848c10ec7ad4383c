"""Start the desktop app: Chinese standard buttons, a readable font, the window, a file.

Heavy modules (openpyxl, xlsxwriter, printing) are imported only when first needed, so the
window appears quickly.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

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
    if path:  # the reader child starts now and imports while the window is built
        from workbook.sandbox import prestart

        prestart(1)
    app = setup_application()
    from gui.main_window import MainWindow

    window = MainWindow()
    if not path:
        window.show_start_page()  # how to start, rather than a blank report full of errors
    window.show()
    if not path:  # the first open then finds a warm reader child (gui.reading)
        QTimer.singleShot(0, _warm_reader)
    if path and not window.files.load_path(path):
        window.show_start_page()
    # Also when started with a file (double-clicked after a crash): backups go to new windows.
    QTimer.singleShot(0, window.offer_recovery)
    return app.exec()


def _warm_reader() -> None:
    from gui.reading import warm_reader

    warm_reader()
