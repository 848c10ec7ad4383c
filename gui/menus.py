"""Menus, toolbar and shortcuts of the main window (names in plain Chinese)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

if TYPE_CHECKING:
    from gui.main_window import MainWindow

ABOUT = (
    "年报工作台：政府信息公开工作年度报告的填报、校验与打印。\n\n"
    "按国办公开办函〔2021〕30号规定的格式填报；输入时即时校验，"
    "红色为错误，黄色为警告，蓝色为提示。全部离线运行。"
)


def build_menus(w: MainWindow) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}

    def act(name: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        a = QAction(text, w)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        actions[name] = a
        return a

    f = w.files
    file_menu = w.menuBar().addMenu("文件(&F)")
    file_menu.addAction(
        act("new", "新建空白报告", lambda: f.new_blank(), QKeySequence.StandardKey.New)
    )
    file_menu.addAction(act("new_for_year", "新建其他年度的报告…", f.new_for_year))
    file_menu.addAction(
        act(
            "new_from_previous",
            "以上年报告新建…",
            f.new_from_previous,
            tip="单位信息沿用上年，上年数据用于核对",
        )
    )
    file_menu.addAction(act("open", "打开…", f.open, QKeySequence.StandardKey.Open))
    recent = file_menu.addMenu("最近打开")
    recent.aboutToShow.connect(partial(_fill_recent, w, recent))
    file_menu.addAction(
        act(
            "open_previous",
            "载入上年报告（用于核对）…",
            f.open_previous,
            tip="用于上年结转等跨年度核对",
        )
    )
    file_menu.addSeparator()
    file_menu.addAction(act("save", "保存", f.save, QKeySequence.StandardKey.Save))
    file_menu.addAction(act("save_as", "另存为…", f.save_as, QKeySequence.StandardKey.SaveAs))
    file_menu.addSeparator()
    file_menu.addAction(act("export_template", "导出空白模板…", f.export_template))
    file_menu.addAction(act("export_checked", "导出校验结果工作簿…", f.export_checked))
    file_menu.addAction(
        act("export_pdf", "导出PDF…", w.export_pdf, tip="正式文本或校验稿，不需要打印机")
    )
    file_menu.addAction(act("export_word", "导出Word或网页…", w.export_publication))
    file_menu.addAction(
        act("print_preview", "打印预览…", w.print_preview, tip="可切换正式文本和校验稿")
    )
    file_menu.addAction(
        act("print", "打印正式文本…", w.print_report, QKeySequence.StandardKey.Print)
    )
    file_menu.addAction(act("print_draft", "打印校验稿…", partial(w.print_report, "draft")))
    file_menu.addSeparator()
    file_menu.addAction(act("batch", "批量检查文件夹…", w.batch_check))
    file_menu.addSeparator()
    file_menu.addAction(act("quit", "退出", w.close, QKeySequence.StandardKey.Quit))

    edit = w.menuBar().addMenu("编辑(&E)")
    undo = w.doc.undo_stack.createUndoAction(w, "撤销")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = w.doc.undo_stack.createRedoAction(w, "重做")
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    actions["undo"], actions["redo"] = undo, redo
    edit.addAction(undo)
    edit.addAction(redo)
    edit.addSeparator()
    edit.addAction(act("copy", "复制", w.copy))
    edit.addAction(act("paste", "粘贴", w.paste))
    edit.addAction(act("clear", "清除（留空）", w.clear_cells))
    edit.addSeparator()
    edit.addAction(act("autosum", "自动合计", w.autosum, "F9", tip="按分项填写合计栏"))
    edit.addAction(act("acknowledge", "确认选中的警告…", w.findings.acknowledge_current))

    view = w.menuBar().addMenu("查看(&V)")
    view.addAction(w.findings.toggleViewAction())
    view.addAction(
        act(
            "import_notes",
            "导入说明",
            f.reopen_notes,
            tip="上次打开的文件中经过换算或未能读取的内容",
        )
    )

    view.addAction(
        act("compare", "与上年比较…", w.compare_previous, tip="逐项列出本年、上年和增减")
    )

    help_menu = w.menuBar().addMenu("帮助(&H)")
    help_menu.addAction(
        act("about", "关于年报工作台", lambda: QMessageBox.about(w, "关于年报工作台", ABOUT))
    )

    bar = w.addToolBar("常用")
    bar.setObjectName("toolbar")
    for name in ("new", "open", "save", "autosum", "print_preview", "export_pdf"):
        bar.addAction(actions[name])
    bar.addAction(undo)
    bar.addAction(redo)
    return actions


def _fill_recent(w: MainWindow, menu: QMenu) -> None:
    menu.clear()
    files = w.files.recent_files()
    if not files:
        a = menu.addAction("（无）")
        a.setEnabled(False)
        return
    for path in files:
        a = menu.addAction(Path(path).name)
        a.setToolTip(path)
        a.triggered.connect(lambda _c=False, p=path: w.files.open_recent(p))
