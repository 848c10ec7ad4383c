"""Traditional characters of the form's own words, read as their Simplified forms.

Reports mirrored on Hong Kong / Taiwan-facing portals print 申請, 處理, 複議 …; only the
characters that occur in the format's labels and headings matter for matching, so a small
one-to-one table is enough (no dependency). The mapping keeps string length, so positions
found in the mapped text are positions in the original.
"""

from __future__ import annotations

import re

# Traditional, then Simplified, pairwise.
_PAIRS = (
    "萬万業业為为舉举會会體体處处復复複复務务動动區区單单發发後后國国審审對对屬属開开強强當当"
    "總总執执護护報报據据數数無无機机權权條条構构沒没現现確确穩稳類类係系糾纠納纳組组織织經经"
    "結结繼继續续維维繳缴罰罚範范獲获補补規规計计認认議议許许訟讼訪访訴诉詢询請请購购費费轉转"
    "過过這这進进採采問问項项題题額额關关內内決决況况減减辦办廢废於于隻只門门網网統统與与說说"
    "訊讯資资產产歸归屆届縣县鎮镇鄉乡區区級级辦办處处員员職职責责檔档編编號号導导實实際际應应"
    "學学醫医衛卫環环廳厅"
)
_MAP = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}
_TRADITIONAL = re.compile("[" + "".join(_MAP) + "]")


def to_simplified(text: str) -> str:
    """The text with the form's Traditional characters replaced (same length). A regex scan:
    text without any of them (most pages) is passed over at C speed."""
    if not _TRADITIONAL.search(text):
        return text
    return _TRADITIONAL.sub(lambda m: _MAP[m.group()], text)
