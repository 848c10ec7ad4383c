"""The report's identity above the tabs: 填报单位, 单位类型, 报告年度, 发布日期.

Each field writes straight into the Report as an undo step; blank stays blank (a year or date
that was never entered is shown as 未填, not as some default that looks real).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from gui.document import Document
from workbook.model.layout import META_FIELDS
from workbook.model.report import agency_kinds

BLANK_YEAR = 2000  # the spin box minimum, shown as 未填
BLANK_DATE = QDate(2000, 1, 1)


# Letters free of the menus' (F, E, V, H) and 据表生成's (G).
ACCESS_KEYS = {"agency": "A", "agency_kind": "K", "year": "Y", "issued": "D"}


class MetaForm(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 2)
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("例如：某某镇人民政府")
        self.agency.setMinimumWidth(120)  # room for the labels' (A)…(D) on a 125 % laptop
        self.kind = QComboBox()
        # The longest kind would make the row wider than a 125 % laptop screen: shorten the box
        # (the list that drops down still shows every name in full).
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(9)
        self.kind.addItem("（请选择）", None)
        for k in agency_kinds():
            self.kind.addItem(k.label, k.id)
        self.year = QSpinBox()
        self.year.setRange(BLANK_YEAR, 2100)
        self.year.setSpecialValueText("未填")
        self.year.setKeyboardTracking(False)
        self.year.setSuffix(" 年")
        self.issued = QDateEdit()
        self.issued.setDisplayFormat("yyyy-MM-dd")
        self.issued.setMinimumDate(BLANK_DATE)
        self.issued.setSpecialValueText("未填")
        self.issued.setCalendarPopup(True)
        self.issued.setKeyboardTracking(False)
        labels = {f.id: f.label for f in META_FIELDS}
        for field, widget, stretch in (
            ("agency", self.agency, 3),
            ("agency_kind", self.kind, 0),
            ("year", self.year, 0),
            ("issued", self.issued, 0),
        ):
            label = labels[field]
            caption = QLabel(f"{label}(&{ACCESS_KEYS[field]})：")  # Alt+letter: to the field
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget, stretch)
            row.addSpacing(6)
        self.agency.textEdited.connect(lambda t: doc.set_meta("agency", t.strip()))
        self.kind.currentIndexChanged.connect(
            lambda i: doc.set_meta("agency_kind", self.kind.itemData(i))
        )
        self.year.valueChanged.connect(
            lambda v: doc.set_meta("year", None if v == BLANK_YEAR else v)
        )
        self.issued.dateChanged.connect(self._on_date)
        doc.meta_changed.connect(self.refresh)
        doc.report_replaced.connect(self.refresh)
        self.refresh()

    def _on_date(self, d: QDate) -> None:
        self.doc.set_meta("issued", None if d == BLANK_DATE else date(d.year(), d.month(), d.day()))

    def refresh(self) -> None:
        r = self.doc.report
        blockers = [QSignalBlocker(w) for w in (self.agency, self.kind, self.year, self.issued)]
        if self.agency.text().strip() != r.agency:
            self.agency.setText(r.agency)
        i = self.kind.findData(r.agency_kind)
        self.kind.setCurrentIndex(max(i, 0))
        self.year.setValue(r.year if r.year else BLANK_YEAR)
        if r.issued:
            self.issued.setDate(QDate(r.issued.year, r.issued.month, r.issued.day))
        else:
            self.issued.setDate(BLANK_DATE)
        for b in blockers:
            b.unblock()
