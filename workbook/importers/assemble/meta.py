"""Agency, report year and issue date, from a published report's title and signature.

The title is "<year>年<agency>政府信息公开工作年度报告", sometimes broken over two lines or with
the agency on its own line above the year; the signature at the end is the issuing office and the
date, in Arabic (2025年1月14日) or Chinese numerals (二〇二五年一月十四日).

Our own workbook prints them as labelled cells (填报单位 | …, 报告年度 | 2024, 发布日期 |
2025-01-14), so a PDF or Word copy of it carries them in a small table: fill_labelled_meta
fills what the title and signature did not give, and withdraws the "not found" notes for them.

The agency is taken from the title, where reports print the full name ("慈溪市匡堰镇人民政府");
signatures often use the short form ("匡堰镇人民政府"). When the title itself is short and the
body names the same office with its city in front ("淮安市洪泽区人民政府办公室"), the fuller
name is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workbook.importers.labels.formatwords import CHROME
from workbook.importers.layout.cells import Grid
from workbook.model.imported import Imported
from workbook.model.labels import normalize_label
from workbook.model.layout import META_FIELDS
from workbook.model.values import Note

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年度?")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年度?")
_TITLE_TAIL = re.compile(r"(政务公开|信息公开)?(工作)?(年度)?(报告|年报)$")
_SPACE = re.compile(r"[\s\u3000]+")
# A portal's own publication stamp: 发布时间：2025-01-14 10:21 / 发布日期：2025年1月14日.
_PUBLISHED = re.compile(
    r"(?:发布|公开|成文)(?:时间|日期)[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_PLACE_ENDS = ("省", "市", "州", "盟")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_FUNCTION_WORDS = "由在的和与对向及从为是全本我该"


@dataclass
class Meta:
    agency: str = ""
    year: int | None = None
    issued: date | None = None
    title: str = ""


def cn_number(text: str) -> int | None:
    """一 … 三十一 (month and day numbers)."""
    if not text:
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head, 0) if head else 1
        ones = _CN_DIGITS.get(tail, 0) if tail else 0
        return tens * 10 + ones
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def find_date(text: str) -> date | None:
    """A date written 2025年1月14日 or 二〇二五年一月十四日 (None when absent or impossible)."""
    t = _SPACE.sub("", text)
    m = _DATE.search(t)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _CN_DATE.search(t)
        if m:
            year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
            month, day = cn_number(m.group(2)), cn_number(m.group(3))
            if month and day:
                return date(year, month, day)
    except ValueError:
        return None
    return None


def title_lines(lines: list[str], limit: int = 60) -> list[str]:
    """The title: the first line naming 年度报告 (or 年报 with a year) and up to two short lines
    above it that continue it (the agency or year printed on its own line)."""
    content = [ln.strip() for ln in lines[: limit * 4] if ln.strip()]
    content = [ln for ln in content if not ln.startswith("#") and ln not in ("正文", "目录")]
    content = content[:limit]

    def is_title(ln: str, strict: int) -> bool:
        flat = _SPACE.sub("", ln)
        if len(flat) > 60 or ">" in flat or "》" in flat or "。" in flat:
            return False
        if len(_YEAR.findall(flat)) > 1 or flat.count("年度报告") > 1:
            return False  # a list of reports (a portal's sidebar), not one report's title
        if strict == 2:  # first a line that ends as a title does (not page words around one)
            return flat.endswith("年度报告")
        if "年度报告" in flat:
            return True
        return not strict and "年报" in flat and bool(_YEAR.search(flat))

    for strict in (2, 1, 0):
        for k, ln in enumerate(content):
            title = [ln]
            if not is_title(ln, strict):
                # A title wrapped inside a word: "…工作年" / "度报告".
                if not k or "年度报告" in ln or not is_title(content[k - 1] + ln, strict):
                    continue
                k, title = k - 1, [content[k - 1], ln]
            for prev in reversed(content[max(0, k - 2) : k]):
                p = _SPACE.sub("", prev)
                if len(p) > 30 or any(c in p for c in "。：:>》|") or p.startswith(("（", "(")):
                    break
                if not _CJK.search(p):
                    break  # a page mark (=== page 1 ===), no part of the title
                if "年度报告" in p:
                    break
                title.insert(0, prev)
            return title
    return []


def agency_from_title(title: str) -> str:
    t = _SPACE.sub("", title)
    t = re.sub(r"^.*?[:：]", "", t) if "：" in t[:6] else t
    t = _YEAR.sub("", t, count=1)
    t = _CN_YEAR.sub("", t, count=1)
    t = re.sub(r"(数据|统计表|情况表|附表|[(（].{1,12}[)）])$", "", t)
    t = _TITLE_TAIL.sub("", t)
    if (t.endswith("政府") and not t.endswith("人民政府")) or t.endswith("人民政府政府"):
        t = t[: -len("政府")]
    t = t.strip("（）()《》 ")
    return t


def year_from(text: str) -> int | None:
    t = _SPACE.sub("", text)
    m = _YEAR.search(t)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(t)
    if m:
        return int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
    return None


def signature(lines: list[str]) -> tuple[str, date | None, int]:
    """(office, date, index of the first signature line) from the last short lines."""
    content = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    while (
        content
        and CHROME.search(content[-1][1])
        and (len(content[-1][1]) <= 80 or "。" not in content[-1][1])
    ):
        content.pop()  # page furniture after the signature
    tail = content[-4:]
    issued = None
    dated = False  # a date line was found (or one left blank for the pen: 　　年　　月　　日)
    office = ""
    first = len(lines)
    for k in range(len(tail) - 1, -1, -1):
        i, ln = tail[k]
        flat = _SPACE.sub("", ln)
        if len(flat) > 24:
            break
        d = find_date(flat)
        if (d or flat == "年月日") and not dated:
            issued, dated = d, True
            first = i
            rest = _DATE.sub("", flat)
            rest = _CN_DATE.sub("", rest)
            if rest and not office and d:
                office = rest
            continue
        if dated and not office and flat[-1:] not in "。；;，,":
            office = flat
            first = i
        break
    return office, issued, first


def fuller_name(agency: str, body: str) -> str:
    """“洪泽区人民政府” -> “淮安市洪泽区人民政府” when the body names it so."""
    if not agency or len(agency) < 3 or agency[:3].endswith(_PLACE_ENDS):
        return agency
    flat = _SPACE.sub("", body)
    for m in re.finditer(re.escape(agency), flat):
        place = flat[max(0, m.start() - 3) : m.start()]
        if (
            len(place) == 3
            and place.endswith(_PLACE_ENDS)
            and _CJK.fullmatch(place)
            and place[0] not in _FUNCTION_WORDS
        ):
            return place + agency
    return agency


def published_stamp(lines: list[str]) -> date | None:
    """The page's 发布时间 / 发布日期 stamp, when a portal printed one."""
    for line in lines:
        m = _PUBLISHED.search(line)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def read_meta(lines: list[str], body: str) -> tuple[Meta, list[Note]]:
    """Agency, year and issue date, with a note for each that could not be found."""
    notes: list[Note] = []
    meta = Meta()
    title = title_lines(lines)
    meta.title = "".join(_SPACE.sub("", t) for t in title)
    office, issued, _ = signature(lines)
    meta.issued = issued
    if meta.title:
        meta.agency = agency_from_title(meta.title)
        meta.year = year_from(meta.title)
    if not meta.agency and office:
        meta.agency = office
    meta.agency = fuller_name(meta.agency, body)
    if meta.year is None:
        period = re.search(r"(\d{4})\s*年\s*1\s*月\s*1\s*日", _SPACE.sub("", body))
        if period:
            meta.year = int(period.group(1))
        elif issued:
            meta.year = issued.year - 1
            notes.append(
                Note("meta.year", f"标题中没有报告年度，按发布日期推定为{meta.year}年，请核对")
            )
    if not meta.agency:
        notes.append(Note("meta.agency", "没有找到填报单位名称（标题和落款中都没有），请补填"))
    if meta.year is None:
        notes.append(Note("meta.year", "没有找到报告年度，请补填"))
    if meta.issued is None:
        stamp = published_stamp(lines)
        if stamp is not None:
            meta.issued = stamp
            notes.append(
                Note(
                    "meta.issued",
                    f"落款中没有日期，按网页的发布时间{stamp.isoformat()}读取，请核对",
                )
            )
        else:
            notes.append(Note("meta.issued", "没有找到发布日期（落款日期），请补填"))
    return meta, notes


# ---------------------------------------------------------------- labelled cells
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_LABELLED_YEAR = re.compile(r"^(\d{4})\s*(年度|年)?$")


def _date(text: str) -> date | None:
    m = _ISO.match(text.strip())
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return find_date(text)


def labelled_values(rows: Grid) -> dict[str, str]:
    """Field id -> the text right of its label, for the labels of our metadata lines."""
    labels = {normalize_label(f.label).rstrip(":"): f.id for f in META_FIELDS}
    found: dict[str, str] = {}
    for row in rows:
        cells = [c.strip() for c in row if c and c.strip()]
        for i, cell in enumerate(cells[:-1]):
            field = labels.get(normalize_label(cell).rstrip(":"))
            if field and field not in found:
                found[field] = cells[i + 1]
        for cell in cells:  # "填报单位：慈溪市…" in one cell
            label, sep, rest = cell.replace("：", ":").partition(":")
            field = labels.get(normalize_label(label))
            if sep and field and rest.strip() and field not in found:
                found[field] = rest.strip()
    return found


def fill_labelled_meta(imported: Imported, rows: Grid) -> Imported:
    """Agency, year and issue date the title and signature did not give, from label cells."""
    found = labelled_values(rows)
    report = imported.report
    filled: set[str] = set()
    if not report.agency and found.get("agency"):
        report.agency = found["agency"]
        filled.add("meta.agency")
    m = _LABELLED_YEAR.match(found.get("year", "").strip())
    if report.year is None and m:
        report.year = int(m.group(1))
        filled.add("meta.year")
    issued = _date(found.get("issued", ""))
    if report.issued is None and issued is not None:
        report.issued = issued
        filled.add("meta.issued")
    if filled:
        imported.notes = [n for n in imported.notes if n.key not in filled]
    return imported
