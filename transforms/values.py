"""Parse one printed cell into a typed value (DOMAIN.md §2).

`parse_value` never raises: text it cannot read comes back with `kind="text"` and no value, so a
caller can decide whether that is an issue. The same function decides what a cell *looks like*
(`kind`), which the extractors use to re-align cells to columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ValueKind = Literal["number", "null", "year", "text", "empty"]

WHITESPACE = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Trim, turn no-break spaces into spaces and collapse runs of white space."""
    if not text:
        return ""
    return WHITESPACE.sub(" ", text.replace("\xa0", " ").replace("\u202f", " ")).strip()


NULL_MARKERS = {
    "-", "–", "—", "--", "n.b.", "n.b", "nb", "n.v.t.", "n.v.t", "nvt", "p.m.", "p.m", "pm",
    "n.t.b.", "ntb", "onbekend", "nnb", "n.n.b.", "x", "?", "*", "..", "...", "geen",
}  # fmt: skip

COMPARATORS = {
    ">": ">", ">=": ">=", "≥": ">=", "=>": ">=", "<": "<", "<=": "<=", "≤": "<=", "=<": "<=",
    "min.": ">=", "min": ">=", "minimaal": ">=", "max.": "<=", "max": "<=", "maximaal": "<=",
    "ten minste": ">=", "tenminste": ">=", "minder dan": "<", "meer dan": ">",
}  # fmt: skip

_NUMBER = re.compile(
    r"""^
    (?P<cmp>>=|<=|=>|=<|[<>≥≤]|min\.?|max\.?|minimaal|maximaal|ten\ minste|tenminste
        |minder\ dan|meer\ dan)?\s*
    (?P<open>\()?\s*
    (?P<cur1>€|eur)?\s*
    (?P<sign>[-−–+])?\s*
    (?P<cur2>€|eur)?\s*
    (?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d+|,\d+)
    \s*(?P<trail>-)?
    \s*(?P<close>\))?
    \s*(?P<pct>%|procent)?
    \s*(?:\((?P<year>(?:19|20)\d{2})\))?
    $""",
    re.VERBOSE | re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


@dataclass(frozen=True)
class ParsedValue:
    value_text: str
    kind: ValueKind
    value: float | None = None
    unit: str | None = None  # '%' or 'EUR' when the cell itself says so
    comparator: str | None = None
    period: int | None = None  # a year printed in the cell, e.g. '82% (2017)'


def _to_number(digits: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
        digits = digits.replace(".", "")  # dots group thousands
    return float(digits.replace(",", "."))


def parse_value(text: str | None, *, baseline: bool = False, money: bool = False) -> ParsedValue:
    """Read a printed cell.

    `baseline`: a bare year in a Nulmeting column is the period of a missing measurement.
    `money`: a trailing minus or parentheses make the amount negative.
    """
    printed = clean_text(text)
    if not printed:
        return ParsedValue(printed, "empty")
    lowered = printed.lower()
    if lowered in NULL_MARKERS:
        return ParsedValue(printed, "null")
    if _YEAR.match(printed) and (baseline or not money):
        if baseline:
            return ParsedValue(printed, "year", period=int(printed))
        return ParsedValue(printed, "year", value=float(printed), period=None)
    match = _NUMBER.match(printed)
    if not match:
        return ParsedValue(printed, "text")
    parts = match.groupdict()
    if bool(parts["open"]) != bool(parts["close"]):
        return ParsedValue(printed, "text")
    value = _to_number(parts["num"])
    negative = parts["sign"] in ("-", "−", "–")
    if money and (parts["trail"] or parts["open"]):
        negative = True
    elif parts["trail"] or parts["open"]:
        return ParsedValue(printed, "text")
    if negative:
        value = -value
    unit = None
    if parts["pct"]:
        unit = "%"
    elif parts["cur1"] or parts["cur2"] or money:
        unit = "EUR"
    comparator = COMPARATORS.get(parts["cmp"].lower()) if parts["cmp"] else None
    period = int(parts["year"]) if parts["year"] else None
    return ParsedValue(printed, "number", value, unit, comparator, period)


def parse_year(text: str | None) -> int | None:
    """The year a period cell is about: '2022' -> 2022, '2021/2022' or '2019-2022' -> the last."""
    years = re.findall(r"(?:19|20)\d{2}", clean_text(text))
    return int(years[-1]) if years else None
