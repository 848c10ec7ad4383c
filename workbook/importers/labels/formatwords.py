"""Words the importers look for, derived from the format files rather than typed again.

Finding tables in published text needs a few header words (行政复议, 申请人情况 …) and the
words that tell the 2019 trial format from the current one; all come from resources/formats.
Two lists are not the form's: a subtotal column's words and a web page's furniture.
"""

from __future__ import annotations

import re
from functools import cache

from workbook.model.format import Format, load_format
from workbook.model.labels import normalize_label

# Generic spreadsheet words for a subtotal column (not part of any official format).
SUBTOTAL_WORDS = ("小计", "合计")
# Web page furniture that ends up after the signature (print/close buttons, site footer).
CHROME = re.compile(
    r"【|】|打印|关闭|分享|收藏|主办|承办|ICP|备案|标识码|版权|Copyright|联系我们|网站地图|"
    r"字号|扫一扫|浏览次数|访问量|返回顶部|上一篇|下一篇|附件",
    re.IGNORECASE,
)


def _active_labels(fmt: Format) -> list[str]:
    table = fmt.tables["active"]
    labels = [b.title for b in table.blocks]
    labels += [c.label for b in table.blocks for c in b.columns]
    labels += [r.label for r in table.rows]
    return [normalize_label(x) for x in labels if x]


@cache
def format_2019_markers() -> tuple[str, ...]:
    """Section 二 words only the 2019 trial format prints (none is part of a 2021 label)."""
    current = _active_labels(load_format("2021"))
    trial = _active_labels(load_format("2019"))
    markers = [w for w in dict.fromkeys(trial) if not any(w in c or c in w for c in current)]
    return tuple(markers)


@cache
def appeals_header_words(fmt: Format) -> tuple[str, ...]:
    """Words that open section 四's header: its column groups and its first column label."""
    columns = fmt.tables["appeals"].blocks[0].columns
    words = [c.group for c in columns if c.group] + [columns[0].label]
    return tuple(normalize_label(w) for w in dict.fromkeys(words))


@cache
def subtotal_labels(fmt: Format) -> frozenset[str]:
    """Headers of an extra subtotal column in section 三 (法人或其他组织 and its 小计 forms)."""
    groups = {c.group for c in fmt.tables["requests"].blocks[0].columns if c.group}
    words = set(groups) | set(SUBTOTAL_WORDS) | {g + w for g in groups for w in SUBTOTAL_WORDS}
    return frozenset(normalize_label(w) for w in words)


def page_format(lines: list[str]) -> Format:
    """The format a page's text is in: the 2019 trial format when its section 二 words occur."""
    page = normalize_label("".join(lines))
    return load_format("2019" if any(m in page for m in format_2019_markers()) else "2021")
