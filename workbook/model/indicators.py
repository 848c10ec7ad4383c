"""The collecting office's indicators (resources/indicators.toml), evaluated exactly.

Defined once as data over the format's cell keys; this module is their only evaluator, used by
the 指标 sheet, `nianbao history`, the analysis report and the app. Arithmetic is exact
(Fraction): a rate is a fraction until it is shown. An indicator that cannot be computed is
blank with its reason — never 0 % and never an error value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

import resources
from workbook.model.cellnames import describe
from workbook.model.format import Format
from workbook.model.report import Value

Number = int | Decimal | Fraction


@dataclass(frozen=True)
class Term:
    """One cell of a signed sum: +key or -key."""

    key: str
    sign: int  # +1 or -1


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    kind: str  # "count" | "rate"
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    meaning: str
    zero: str  # why a rate is blank when its denominator is 0
    better: str  # "high" | "low" | ""
    keys: tuple[str, ...] = ()  # every cell it reads, numerator first, without repeats

    def __post_init__(self) -> None:
        terms = (*self.numerator, *self.denominator)
        object.__setattr__(self, "keys", tuple(dict.fromkeys(t.key for t in terms)))

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"


@dataclass(frozen=True)
class Result:
    """An indicator's value for one report: a number, or None with the reason."""

    indicator: Indicator
    value: Number | None
    reason: str = ""


def parse_sum(text: str) -> tuple[Term, ...]:
    """ "a + b - c" -> terms; the formula language is signed sums of cell keys, nothing else."""
    terms: list[Term] = []
    sign = 1
    for token in text.split():
        if token in ("+", "-"):
            sign = 1 if token == "+" else -1
            continue
        terms.append(Term(token, sign))
        sign = 1
    if not terms:
        raise ValueError(f"empty formula: {text!r}")
    return tuple(terms)


@cache
def _data() -> dict:
    return resources.read_toml("indicators.toml")


def reasons() -> dict[str, str]:
    """Why an indicator is blank (read-only: shared by every evaluation)."""
    return _data()["reasons"]


@cache
def indicators() -> tuple[Indicator, ...]:
    out = []
    for d in _data()["indicators"]:
        out.append(
            Indicator(
                id=d["id"],
                name=d["name"],
                kind=d["kind"],
                numerator=parse_sum(d["numerator"]),
                denominator=parse_sum(d["denominator"]) if d["kind"] == "rate" else (),
                meaning=d["meaning"],
                zero=d.get("zero", ""),
                better=d.get("better", ""),
            )
        )
    return tuple(out)


def indicator_keys() -> tuple[str, ...]:
    """Every cell some indicator reads (what a unit's line must keep to compute them later)."""
    return tuple(dict.fromkeys(k for i in indicators() for k in i.keys))


def history_data() -> dict:
    return dict(_data().get("history", {}))


def signed_sum(terms: tuple[Term, ...], values: dict[str, Value]) -> int | Decimal:
    total: int | Decimal = 0
    for t in terms:
        v = values[t.key]
        assert v is not None
        total = total + v if t.sign > 0 else total - v
    return total


_available: dict[tuple[str, str], bool] = {}


def available(indicator: Indicator, fmt: Format) -> bool:
    """Whether the format has every cell the indicator reads (asked once per format)."""
    key = (indicator.id, fmt.id)
    found = _available.get(key)
    if found is None:
        found = _available[key] = all(fmt.has_cell(k) for k in indicator.keys)
    return found


def evaluate(indicator: Indicator, fmt: Format, values: dict[str, Value]) -> Result:
    """The indicator over one report's (or a sum's) cell values."""
    why = reasons()
    if not available(indicator, fmt):
        return Result(indicator, None, why["missing"].format(format=fmt.name))
    blank = [k for k in indicator.keys if values.get(k) is None]
    if blank:
        cells = "、".join(describe(fmt, k) for k in blank)
        return Result(indicator, None, why["blank_cells"].format(cells=cells))
    top = signed_sum(indicator.numerator, values)
    if not indicator.is_rate:
        return Result(indicator, top)
    bottom = signed_sum(indicator.denominator, values)
    if bottom == 0:
        return Result(indicator, None, indicator.zero)
    if bottom < 0:
        return Result(indicator, None, why["negative"].format(name=indicator.name))
    return Result(indicator, Fraction(top) / Fraction(bottom))


def evaluate_all(fmt: Format, values: dict[str, Value]) -> list[Result]:
    return [evaluate(i, fmt, values) for i in indicators()]


def percent(value: Number | float | None, places: int = 1) -> str:
    """A rate as the office writes it ("66.7%"), rounded half up; "" for blank."""
    if value is None:
        return ""
    exact = Fraction(value) * 100
    scaled = exact * 10**places
    rounded = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return f"{Decimal(rounded).scaleb(-places):f}%"


def shown(result: Result) -> str:
    """The value as text: counts as they are, rates in %, blank as ""."""
    if result.value is None:
        return ""
    if result.indicator.is_rate:
        return percent(result.value)
    return str(result.value)


def composition(fmt: Format, values: dict[str, Value]) -> list[tuple[str, Value]]:
    """办理结果构成: each part's sum over the cells the format has; None when all are blank."""
    parts: list[tuple[str, Value]] = []
    for d in _data().get("composition", ()):
        present = [values.get(t.key) for t in parse_sum(d["cells"]) if fmt.has_cell(t.key)]
        filled = [v for v in present if v is not None]
        parts.append((d["name"], sum(filled) if filled else None))
    return parts


def words() -> dict[str, str]:
    return dict(_data()["words"])


def analysis_words() -> dict[str, str]:
    """The analysis report's headings and sentences."""
    return dict(_data()["analysis"])
