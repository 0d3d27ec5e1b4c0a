"""Parse one printed cell into a typed value (DOMAIN.md §2).

`parse_value` never raises: text it cannot read comes back with `kind="text"` and no value, so a
caller can decide whether that is an issue. `look` tells what a cell looks like before anyone
knows its column (a year, a number, a null marker, text); readers use it to re-align cells.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Literal

ValueKind = Literal["number", "null", "year", "text", "empty"]
Look = Literal["empty", "year", "number", "null", "text"]

WHITESPACE = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Trim, turn no-break spaces into spaces and collapse runs of white space."""
    if not text:
        return ""
    # Every white space but the plain space is unprintable: most text is clean already, and
    # this is asked of every cell and line many times.
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return WHITESPACE.sub(" ", text.replace("\xa0", " ").replace("\u202f", " ")).strip()


# Printed where a value is missing or not yet known; the fact keeps the text, its value is null.
NULL_MARKERS = {
    "-", "–", "—", "--", "n.b.", "n.b", "nb", "n.v.t.", "n.v.t", "nvt", "n.v.t,", "p.m.", "p.m", "pm",
    "n.t.b.", "ntb", "n.t.b", "onbekend", "nnb", "n.n.b.", "n.n.b", "x", "?", "*", "..", "...", "geen",
    "niet beschikbaar", "geen data", "geen gegevens", "nog niet bekend", "nog niet beschikbaar",
    "n.a.", "nog onbekend", "volgt", "nieuw", "-/-", "#", "niet bekend", ".", "n.n.b", "nb.",
}  # fmt: skip

COMPARATORS = {
    ">": ">", ">=": ">=", "≥": ">=", "=>": ">=", "<": "<", "<=": "<=", "≤": "<=", "=<": "<=",
    "min.": ">=", "min": ">=", "minimaal": ">=", "max.": "<=", "max": "<=", "maximaal": "<=",
    "ten minste": ">=", "tenminste": ">=", "minder dan": "<", "meer dan": ">", "hoger dan": ">",
    "lager dan": "<", "groter dan": ">", "kleiner dan": "<",
}  # fmt: skip

_NUMBER = re.compile(
    r"""^
    (?P<cmp>>=|<=|=>|=<|[<>≥≤]|min\.?|max\.?|minimaal|maximaal|ten\ minste|tenminste
        |minder\ dan|meer\ dan|hoger\ dan|lager\ dan|groter\ dan|kleiner\ dan)?\s*
    (?P<open>\()?\s*
    (?P<cur1>€|eur)?\s*
    (?P<sign>-/-|[-−–+])?\s*  # `-/- 22%`: the accountant's minus
    (?P<cur2>€|eur)?\s*
    (?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d+|,\d+)
    \s*(?P<trail>-)?
    \s*(?P<close>\))?
    \s*(?P<pct>%+|procent)?
    \s*(?P<measure>kg|ton|km|ha|m2|m²|mln\.?|miljoen|mld\.?|miljard)?  # `205 kg`, `€ 11 mln.`: the number as printed
    \s*(?:\(\s*(?P<year>(?:19|20)\d{2})\s*\)|(?P<stand>per\s+\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}))?
    \s*(?:\(\s*(?:plus|\+)\s*\d[\d.,]*\s*\))?  # `12.460 (plus 65)`: the growth beside the figure
    \s*(?:\*+\s*\)?|[¹²³⁴⁵⁶⁷⁸⁹]+)?  # a footnote marker: `750 *)`
    $""",
    re.VERBOSE | re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# A number with a few words after it (`28 dagen gemiddeld`, `200 meer`): in a value column the
# number is the value, the words stay in value_text.
_NUMBER_WITH_WORDS = re.compile(r"^(?P<number>\S+(?:\s*%)?)\s+(?P<words>[^\d\s][^\d]{0,120})$")
# `6 in 2020`, a target for a year; in a value column a note may follow on
_IN_YEAR = re.compile(r"^(?P<number>\S+(?:\s*%)?)\s+in\s+(?P<year>(?:19|20)\d{2})\b(?P<rest>.*)$", re.IGNORECASE)


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
        digits = digits.replace(".", "")  # a dot followed by three digits groups thousands
    return float(digits.replace(",", "."))


_GLUED_MARKER = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{3})+)\d$")
_YEAR_FIRST = re.compile(r"^(?P<year>(19|20)\d\d)\s*:\s*(?P<rest>\S.*)$")


def parse_value(text: str | None, *, baseline: bool = False, money: bool = False, lenient: bool = False) -> ParsedValue:
    """Read a printed cell.

    `baseline`: a bare year in a Nulmeting column is the period of a missing measurement.
    `money`: a trailing minus or parentheses make the amount negative.
    `lenient`: the cell stands in a value column, so a number followed by a few words
    (`28 dagen gemiddeld`) is that number.
    """
    printed = clean_text(text)
    if not printed:
        return ParsedValue(printed, "empty")
    lowered = printed.lower()
    if lowered in NULL_MARKERS or lowered.rstrip(".*") in NULL_MARKERS:
        return ParsedValue(printed, "null")
    if _YEAR.match(printed) and (baseline or not money):
        if baseline:
            return ParsedValue(printed, "year", period=int(printed))
        return ParsedValue(printed, "year", value=float(printed), period=None)
    glued = _GLUED_MARKER.match(printed)
    if glued:
        # `2.3992`: thousands come in threes, so the fourth digit is a footnote marker (`2.399²`)
        number = parse_value(glued.group("number"), money=money)
        return ParsedValue(printed, number.kind, number.value, number.unit, number.comparator, number.period)
    in_year = _IN_YEAR.match(printed)
    if in_year and (lenient or not in_year.group("rest").strip()):
        number = parse_value(in_year.group("number"), money=money)
        if number.kind == "number" and number.period is None:
            return ParsedValue(printed, "number", number.value, number.unit, number.comparator, int(in_year.group("year")))
    dated = _YEAR_FIRST.match(printed)
    if dated:
        # `2020: 135,2`: the year the figure is about, printed before it
        rest = parse_value(dated.group("rest"), money=money)
        if rest.kind == "number" and rest.period is None:
            return ParsedValue(printed, "number", rest.value, rest.unit, rest.comparator, int(dated.group("year")))
    match = _NUMBER.match(printed)
    if not match:
        if lenient and (words := _NUMBER_WITH_WORDS.match(printed)):
            number = parse_value(words.group("number"), money=money)
            if number.kind == "number":
                return ParsedValue(printed, "number", number.value, number.unit, number.comparator, number.period)
        return ParsedValue(printed, "text")
    parts = match.groupdict()
    if bool(parts["open"]) != bool(parts["close"]):
        return ParsedValue(printed, "text")
    value = _to_number(parts["num"])
    negative = parts["sign"] in ("-", "−", "–", "-/-")
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
    comparator = COMPARATORS.get(re.sub(r"\s+", " ", parts["cmp"].lower())) if parts["cmp"] else None
    if comparator and _YEAR.match(parts["num"]) and not (parts["pct"] or parts["cur1"] or parts["cur2"]):
        # `> 2015` in a column of years: more than that year's figure, not a number. Counts of
        # that size print a thousands separator (`> 2.015`).
        return ParsedValue(printed, "text", comparator=comparator)
    period = None
    if parts["year"]:
        period = int(parts["year"])
    elif parts["stand"]:
        period = int(_YEAR_IN.findall(parts["stand"])[-1])
    return ParsedValue(printed, "number", value, unit, comparator, period)


def parse_year(text: str | None) -> int | None:
    """The year a period cell is about: '2022' -> 2022, '2021/2022' or '2019-2022' -> the last."""
    years = _YEAR_IN.findall(clean_text(text))
    return int(years[-1]) if years else None


@lru_cache(maxsize=1 << 14)  # the readers ask it of one line or cell many times over
def look(text: str | None, *, money: bool = False) -> Look:
    """What a cell looks like, before anyone knows its column.

    `money`: `(1.234)` and `1.234-` are amounts. A bare year is a `year`, never a number.
    """
    lines = [x for x in (clean_text(x) for x in (text or "").split("\n")) if x]
    if len(lines) > 1 and all(look(x, money=money) in ("number", "null") for x in lines):
        return "number"  # figures stacked in one cell: `219 (2018)` over `190 (2018)`
    parsed = parse_value(text, money=money)
    if parsed.kind == "year" or (parsed.kind == "number" and money and _YEAR.match(parsed.value_text)):
        return "year"
    return parsed.kind  # type: ignore[return-value]
