"""据表生成 in a prose tab: the tables' figures in the usual sentences, inserted at the cursor.

The sentences come from workbook.drafting (wording in resources/drafting.toml). They are
inserted as ordinary text — never replacing what the clerk wrote — as one undo step of their own,
so Ctrl+Z takes exactly them back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolButton, QWidget

from gui.commands import Editable, SetText
from gui.document import Document
from workbook.drafting import Paragraph, draft
from workbook.model.cellnames import describe
from workbook.model.report import split_paragraphs

BUTTON_TEXT = "据表生成(&G)"
ALL_TITLE = "全部（表二、表三、表四）"


class DraftText(SetText):
    """Inserting drafted sentences: an undo step of its own, never merged with typing."""

    def __init__(self, doc: Editable, section_id: str, text: str) -> None:
        super().__init__(doc, section_id, text)
        self.setText("据表生成文字")

    def id(self) -> int:
        return -1


def insert_draft(
    doc: Document, section_id: str, editor: QPlainTextEdit, which: list[str] | None
) -> str:
    """Insert the drafted paragraphs at the cursor on lines of their own; say what happened."""
    d = draft(doc.report, which)
    fmt = doc.report.format
    blank = ""
    if d.blank_keys:
        blank = f"表格中有空白单元格（如{describe(fmt, d.blank_keys[0])}），用到它的句子没有生成。"
    if not d.paragraphs:
        return "没有生成文字：" + (blank or "表格中没有可写的数字。")
    text = editor.toPlainText()
    position = editor.textCursor().position()
    before, after = text[:position], text[position:]
    joined = "\n".join([*split_paragraphs(before), d.text, *split_paragraphs(after)])
    doc.push(DraftText(doc, section_id, joined))
    # The Report keeps paragraphs only: find the inserted text after what came before it.
    start = editor.toPlainText().find(d.text, len("\n".join(split_paragraphs(before))))
    if start >= 0:
        cursor = editor.textCursor()
        cursor.setPosition(start + len(d.text))
        editor.setTextCursor(cursor)
        editor.moveCursor(QTextCursor.MoveOperation.NoMove)
    done = f"已据表生成{len(d.paragraphs)}段文字，插入在光标处，可直接修改（Ctrl+Z 撤销）。"
    return done + blank


def draft_button(
    owner: QWidget, offered: Sequence[Paragraph], run: Callable[[list[str] | None], None]
) -> QToolButton:
    """The 据表生成 button: a click drafts every paragraph; its menu offers each one."""
    button = QToolButton(owner)
    button.setText(BUTTON_TEXT)
    button.setToolTip("按表二、表三、表四的数字写出标准表述，插入在光标处（不覆盖已写的文字）")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    menu = QMenu(button)
    everything = QAction(ALL_TITLE, button)
    everything.triggered.connect(lambda _c=False: run(None))
    menu.addAction(everything)
    menu.addSeparator()
    for n, p in enumerate(offered, start=1):
        a = QAction(f"&{n} {p.title}", button)
        a.triggered.connect(lambda _c=False, pid=p.id: run([pid]))
        menu.addAction(a)
    button.setMenu(menu)
    button.clicked.connect(lambda _c=False: run(None))
    return button
