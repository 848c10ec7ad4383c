"""Kinds of workbook we write that are not a unit's report: 汇总, 校验结果, 与上年比较, 历年.

Each carries its kind as the custom document property `nianbao_kind` (the writers set it; the
cheap reading is workbook.xlsx.kind), so folder scans never take our own outputs for reports.
"""

from __future__ import annotations

from workbook.model.layout import KIND_WORDS

PROPERTY = "nianbao_kind"
SUMMARY, CHECKED, COMPARISON, HISTORY = "summary", "checked", "comparison", "history"
ANALYSIS = "analysis"  # `summarize --report`: a Word or web document, marked the same way
KINDS = (SUMMARY, CHECKED, COMPARISON, HISTORY, ANALYSIS)


def kind_label(kind: str) -> str:
    """The clerk's name of a kind (本程序写出的汇总工作簿 …)."""
    return KIND_WORDS.get(kind, kind)


def skip_reason(kind: str) -> str:
    """Why a folder scan left the file out, in one Chinese sentence."""
    return KIND_WORDS["skipped"].format(kind=kind_label(kind))
