"""Menus, toolbar and shortcuts of the main window (names in plain Chinese)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QToolBar

if TYPE_CHECKING:
    from gui.main_window import MainWindow

ABOUT = (
    "年报工作台：政府信息公开工作年度报告的填报、校验与打印。\n\n"
    "按国办公开办函〔2021〕30号规定的格式填报；输入时即时校验，"
    "红色为错误，黄色为警告，蓝色为提示。全部离线运行。"
)
# The menu bar's titles, and the toolbar's short labels in order (None: a separator). The
# window shown while a file is read at start-up has the same bar, disabled (placeholders).
MENU_TITLES = ("文件(&F)", "编辑(&E)", "查看(&V)", "帮助(&H)")
TOOLBAR = (
    ("start_page", "开始页"),
    ("new", "新建"),
    ("open", "打开"),
    ("save", "保存"),
    None,
    ("toolbar_undo", "撤销"),
    ("toolbar_redo", "重做"),
    None,
    ("autosum", "自动合计"),
    ("print_preview", "打印预览"),
    ("export_pdf", "导出PDF"),
)
SHORT = dict(item for item in TOOLBAR if item is not None)
TOOLBAR_TITLE = "常用"
PLACEHOLDER = "placeholder"


def placeholder_menus(w: QMainWindow) -> None:
    """The menu bar and toolbar as build_menus makes them, disabled: what the window shows
    while it is still being built (start-up with a file), so nothing moves when they arrive."""
    for title in MENU_TITLES:
        menu = w.menuBar().addMenu(title)
        menu.setEnabled(False)
    bar = w.addToolBar(TOOLBAR_TITLE)
    bar.setObjectName(PLACEHOLDER)
    bar.setMovable(False)
    bar.setEnabled(False)
    for item in TOOLBAR:
        if item is None:
            bar.addSeparator()
        else:
            bar.addAction(item[1])


def _toolbar(w: MainWindow) -> QToolBar:
    """The toolbar: the placeholder emptied (already shown where it belongs), or a new one."""
    bar = w.findChild(QToolBar, PLACEHOLDER)
    if bar is None:
        bar = w.addToolBar(TOOLBAR_TITLE)
    bar.clear()
    bar.setEnabled(True)
    return bar


def build_menus(w: MainWindow) -> dict[str, QAction]:
    from gui.keys import explain_finding, section_actions

    w.menuBar().clear()  # the placeholders, if any
    actions: dict[str, QAction] = {}

    def act(name: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        a = QAction(text, w)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        if name in SHORT:
            a.setIconText(SHORT[name])  # the toolbar's label
        a.triggered.connect(lambda _checked=False: slot())
        actions[name] = a
        return a

    f = w.files
    file_menu = w.menuBar().addMenu(MENU_TITLES[0])
    file_menu.addAction(act("start_page", "开始页(&H)", w.show_start_page))
    file_menu.addAction(
        act(
            "new",
            "新建空白报告(&N)",
            lambda: f.new_blank(),
            QKeySequence.StandardKey.New,
        )
    )
    file_menu.addAction(act("new_for_year", "新建其他年度的报告(&Y)…", f.new_for_year))
    file_menu.addAction(
        act(
            "new_from_previous",
            "以上年报告新建(&L)…",
            f.new_from_previous,
            tip="单位信息沿用上年，上年数据用于核对",
        )
    )
    file_menu.addAction(act("open", "打开(&O)…", f.open, QKeySequence.StandardKey.Open))
    file_menu.addAction(
        act(
            "import_published",
            "从已发布的报告导入(&I)…",
            f.import_published,
            tip="政府网站上的报告（PDF、网页、文本）：读出数字和正文",
        )
    )
    recent = file_menu.addMenu("最近打开(&R)")
    recent.aboutToShow.connect(partial(_fill_recent, w, recent))
    file_menu.addAction(
        act(
            "open_previous",
            "载入上年报告（用于核对）(&U)…",
            f.open_previous,
            tip="用于上年结转等跨年度核对",
        )
    )
    file_menu.addSeparator()
    file_menu.addAction(act("save", "保存(&S)", f.save, QKeySequence.StandardKey.Save))
    file_menu.addAction(act("save_as", "另存为(&A)…", f.save_as, QKeySequence.StandardKey.SaveAs))
    file_menu.addSeparator()
    file_menu.addAction(act("export_template", "导出空白模板(&T)…", f.export_template))
    file_menu.addAction(act("export_checked", "导出校验结果工作簿(&K)…", f.export_checked))
    file_menu.addAction(
        act(
            "export_pdf",
            "导出PDF(&D)…",
            w.export_pdf,
            tip="正式文本或校验稿，不需要打印机",
        )
    )
    file_menu.addAction(act("export_word", "导出Word或网页(&W)…", w.export_publication))
    file_menu.addAction(
        act(
            "print_preview",
            "打印预览(&V)…",
            w.print_preview,
            tip="可切换正式文本和校验稿",
        )
    )
    file_menu.addAction(
        act("print", "打印正式文本(&P)…", w.print_report, QKeySequence.StandardKey.Print)
    )
    file_menu.addAction(act("print_draft", "打印校验稿(&G)…", partial(w.print_report, "draft")))
    file_menu.addSeparator()
    file_menu.addAction(act("batch", "批量检查文件夹(&B)…", w.batch_check))
    file_menu.addSeparator()
    file_menu.addAction(act("quit", "退出(&X)", w.close, QKeySequence.StandardKey.Quit))

    edit = w.menuBar().addMenu(MENU_TITLES[1])
    undo = w.doc.undo_stack.createUndoAction(w, "撤销(&U)")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = w.doc.undo_stack.createRedoAction(w, "重做(&R)")
    # Ctrl+Y as in Excel/WPS on every platform (Qt's standard Redo is Ctrl+Shift+Z on Linux).
    redo.setShortcuts(redo_keys())
    actions["undo"], actions["redo"] = undo, redo
    edit.addAction(undo)
    edit.addAction(redo)
    edit.addSeparator()
    # The shortcuts are shown in the menu as in Excel/WPS. A text field with the focus keeps them
    # for its own text (Qt gives it the key first); the actions then act on the focused field.
    edit.addAction(act("cut", "剪切(&T)", w.cut, QKeySequence.StandardKey.Cut))
    edit.addAction(act("copy", "复制(&C)", w.copy, QKeySequence.StandardKey.Copy))
    edit.addAction(act("paste", "粘贴(&P)", w.paste, QKeySequence.StandardKey.Paste))
    # "\tDel" only shows the key: the table view handles Delete itself, text fields keep theirs.
    edit.addAction(act("clear", "清除（留空）(&L)\tDel", w.clear_cells))
    edit.addSeparator()
    edit.addAction(act("autosum", "自动合计(&A)", w.autosum, "F9", tip="按分项填写合计栏"))
    edit.addAction(act("acknowledge", "确认选中的警告(&K)…", w.findings.acknowledge_current))

    view = w.menuBar().addMenu(MENU_TITLES[2])
    panel = w.findings.toggleViewAction()
    panel.setText("校验结果面板(&J)")
    view.addAction(panel)
    view.addAction(
        act(
            "import_notes",
            "导入说明(&I)",
            f.reopen_notes,
            tip="上次打开的文件中经过换算或未能读取的内容",
        )
    )

    view.addAction(
        act("compare", "与上年比较(&C)…", w.compare_previous, tip="逐项列出本年、上年和增减")
    )
    view.addAction(
        act(
            "history",
            "历年趋势(&Y)…",
            partial(_history, w),
            tip="本单位各年度报告的主要数字和折线图",
        )
    )

    view.addSeparator()
    next_section, previous_section = section_actions(w)
    view.addAction(next_section)
    view.addAction(previous_section)
    actions["next_section"], actions["previous_section"] = next_section, previous_section

    help_menu = w.menuBar().addMenu(MENU_TITLES[3])
    explain = act("explain", "选中问题的说明(&E)", lambda: explain_finding(w), "F1")
    help_menu.addAction(explain)
    help_menu.addAction(
        act("about", "关于年报工作台(&A)", lambda: QMessageBox.about(w, "关于年报工作台", ABOUT))
    )

    # A stable toolbar: fixed short labels (the menu's 撤销 says what it undoes, which would
    # make the buttons change width and jump as the clerk types), and it cannot be dragged off.
    bar = _toolbar(w)
    bar.setObjectName("toolbar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar_undo = QAction(SHORT["toolbar_undo"], w)
    bar_undo.setToolTip("撤销（Ctrl+Z）")
    bar_undo.triggered.connect(lambda _c=False: w.doc.undo_stack.undo())
    w.doc.undo_stack.canUndoChanged.connect(bar_undo.setEnabled)
    bar_undo.setEnabled(w.doc.undo_stack.canUndo())
    bar_redo = QAction(SHORT["toolbar_redo"], w)
    bar_redo.setToolTip("重做（Ctrl+Y）")
    bar_redo.triggered.connect(lambda _c=False: w.doc.undo_stack.redo())
    w.doc.undo_stack.canRedoChanged.connect(bar_redo.setEnabled)
    bar_redo.setEnabled(w.doc.undo_stack.canRedo())
    actions["toolbar_undo"], actions["toolbar_redo"] = bar_undo, bar_redo
    for item in TOOLBAR:
        if item is None:
            bar.addSeparator()
        else:
            bar.addAction(actions[item[0]])
    return actions


def _history(w: MainWindow) -> None:
    # Imported on first use: history reads reports, and the readers cost start-up time.
    from gui.chart_window import show_history

    show_history(w)


def redo_keys() -> list[QKeySequence]:
    """Ctrl+Y as in Excel/WPS everywhere, plus the platform's own (Ctrl+Shift+Z on Linux)."""
    keys = [QKeySequence("Ctrl+Y")]
    for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        if k not in keys:
            keys.append(k)
    return keys


def _fill_recent(w: MainWindow, menu: QMenu) -> None:
    menu.clear()
    files = w.files.recent_files()
    if not files:
        a = menu.addAction("（无）(&0)")
        a.setEnabled(False)
        return
    for n, path in enumerate(files, start=1):
        a = menu.addAction(f"&{n} {Path(path).name}" if n < 10 else Path(path).name)
        a.setToolTip(path)
        a.triggered.connect(lambda _c=False, p=path: w.files.open_recent(p))
