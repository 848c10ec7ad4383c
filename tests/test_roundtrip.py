"""Round trip: any report -> xlsx -> report is identity (values, blanks, decimals, prose)."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.files import open_report, save_report
from workbook.jsonio import dumps_report, loads_report
from workbook.model.format import load_format
from workbook.model.report import Acknowledgement, Report, agency_kinds

# Prose as clerks write it: CJK, quotes, punctuation, digits, rare characters (𠀀 is outside
# the BMP), tabs. Control characters other than tab are not valid in xlsx and never typed.
_TEXT_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\r\n",
) | st.sampled_from(list("“”‘’「」《》、，。；：！？—…（）%&<>\"'\t𠀀㐀鿿"))

_paragraph = st.text(_TEXT_ALPHABET, min_size=1, max_size=300).map(str.strip).filter(bool)
_count = st.none() | st.integers(0, 99999)
_amount = st.none() | st.decimals(
    min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    format_id = draw(st.sampled_from(["2021", "2021", "2019"]))
    fmt = load_format(format_id)
    r = Report.blank(
        format_id,
        agency=draw(st.text(_TEXT_ALPHABET, max_size=40).map(str.strip)),
        agency_kind=draw(st.none() | st.sampled_from([k.id for k in agency_kinds()])),
        year=draw(st.none() | st.integers(2019, 2030)),
        issued=draw(st.none() | st.dates(date(2019, 1, 1), date(2031, 12, 31))),
    )
    for cell in fmt.cells:
        if cell.kind == "amount":
            r.values[cell.key] = draw(_amount)
        elif cell.kind == "delta":
            r.values[cell.key] = draw(st.none() | st.integers(-999, 999))
        else:
            r.values[cell.key] = draw(_count)
    for section in fmt.text_sections:
        r.texts[section.id] = draw(st.lists(_paragraph, max_size=4))
    for _ in range(draw(st.integers(0, 2))):
        r.acknowledgements.append(
            Acknowledgement(
                draw(st.sampled_from(["NB301", "NB401"])),
                draw(st.text("0123456789abcdef", min_size=8, max_size=16)),
                draw(_paragraph),
            )
        )
    return r


def _normal(r: Report) -> str:
    """Compare as JSON text: Decimal('1.50') and Decimal('1.5') are the same number."""
    for key, value in r.values.items():
        if isinstance(value, Decimal):
            r.values[key] = value.normalize() if value else Decimal(0)
    return dumps_report(r)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_json_to_xlsx_to_json_is_identity(report: Report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.xlsx"
        save_report(report, path)
        back = open_report(path).report
    assert _normal(back) == _normal(loads_report(dumps_report(report)))
