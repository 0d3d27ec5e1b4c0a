"""Cell values as DOMAIN.md §2 prints them."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.values import clean_text, parse_value, parse_year

# printed, options, kind, value, unit, comparator, period
CASES = [
    ("4,2", {}, "number", 4.2, None, None, None),
    ("1.234", {}, "number", 1234.0, None, None, None),
    ("100.000", {}, "number", 100000.0, None, None, None),
    ("1.234,5", {}, "number", 1234.5, None, None, None),
    ("0.5", {}, "number", 0.5, None, None, None),
    ("85%", {}, "number", 85.0, "%", None, None),
    ("100 %", {}, "number", 100.0, "%", None, None),
    (">30%", {}, "number", 30.0, "%", ">", None),
    ("≥ 25", {}, "number", 25.0, None, ">=", None),
    ("< 5", {}, "number", 5.0, None, "<", None),
    ("<= 5", {}, "number", 5.0, None, "<=", None),
    ("minimaal 80%", {}, "number", 80.0, "%", ">=", None),
    ("82% (2017)", {}, "number", 82.0, "%", None, 2017),
    ("224 (2018)", {}, "number", 224.0, None, None, 2018),
    ("2017", {"baseline": True}, "year", None, None, None, 2017),
    ("-", {}, "null", None, None, None, None),
    ("n.b.", {}, "null", None, None, None, None),
    ("nvt", {}, "null", None, None, None, None),
    ("p.m.", {}, "null", None, None, None, None),
    ("", {}, "empty", None, None, None, None),
    ("\xa0 ", {}, "empty", None, None, None, None),
    ("stijging", {}, "text", None, None, None, None),
    ("€ 1.234", {"money": True}, "number", 1234.0, "EUR", None, None),
    ("1.234-", {"money": True}, "number", -1234.0, "EUR", None, None),
    ("(1.234)", {"money": True}, "number", -1234.0, "EUR", None, None),
    ("-1.234", {"money": True}, "number", -1234.0, "EUR", None, None),
    ("2024", {"money": True}, "number", 2024.0, "EUR", None, None),
    ("(1.234)", {}, "text", None, None, None, None),
    ("-3,5", {}, "number", -3.5, None, None, None),
    ("2020: 53,2%", {}, "number", 53.2, "%", None, 2020),
    ("2020:\n135,2", {}, "number", 135.2, None, None, 2020),
    ("2019: geen", {}, "text", None, None, None, None),
    ("750 *)", {}, "number", 750.0, None, None, None),
    ("> 2015", {}, "text", None, None, ">", None),
    ("6 in 2020", {}, "number", 6.0, None, None, 2020),
    ("205 kg (2023)", {}, "number", 205.0, None, None, 2023),  # a unit of measure after the figure
    ("€ 11 mln.", {}, "number", 11.0, "EUR", None, None),  # the figure as printed, not scaled
    ("12.460 (plus 65)", {}, "number", 12460.0, None, None, None),  # the growth beside it
    ("-/- 22%", {}, "number", -22.0, "%", None, None),
    ("2.3992", {}, "number", 2399.0, None, None, None),  # `2.399` with footnote 2 glued on
    ("2.399", {}, "number", 2399.0, None, None, None),
    ("-/- 1.234", {"money": True}, "number", -1234.0, "EUR", None, None),
    ("6 in 2020 (gegevens in jaarrekening 2021)", {"lenient": True}, "number", 6.0, None, None, 2020),
    ("6 in 2020 (gegevens in jaarrekening 2021)", {}, "text", None, None, None, None),
    ("80% van de meldingen worden binnen de gestelde servicenormen afgehandeld", {"lenient": True}, "number", 80.0, "%", None, None),
    ("> 2.015", {}, "number", 2015.0, None, ">", None),
    ("12,5%*", {}, "number", 12.5, "%", None, None),
]


@pytest.mark.parametrize("printed, options, kind, value, unit, comparator, period", CASES)
def test_parse_value(printed, options, kind, value, unit, comparator, period):
    parsed = parse_value(printed, **options)
    assert parsed.kind == kind
    assert parsed.value == (pytest.approx(value) if value is not None else None)
    assert parsed.unit == unit
    assert parsed.comparator == comparator
    assert parsed.period == period
    assert parsed.value_text == clean_text(printed)


@pytest.mark.parametrize(
    "printed, year",
    [("2022", 2022), ("2021/2022", 2022), ("2019-2022", 2022), ("", None), ("n.b.", None)],
)
def test_parse_year(printed, year):
    assert parse_year(printed) == year


def test_clean_text_normalises_space():
    assert clean_text("  Eigen gegevens en registraties\xa0 COA\xa0 ") == "Eigen gegevens en registraties COA"


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from("ab1 .\t\n\r\xa0\u202f\u2009\x1c\x85\u3000\u200b-"), max_size=12) | st.text(max_size=12))
def test_clean_text_is_collapsed_and_trimmed_white_space(text):
    expected = re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " ")).strip()
    assert clean_text(text) == expected
