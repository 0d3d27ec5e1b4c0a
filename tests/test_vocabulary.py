"""The words of budget tables: what a line or a cell names."""

from __future__ import annotations

import pytest

from core.vocabulary import card_attributes, is_part_title, year_of


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Eenheid Duizend euro", [("Eenheid", "Duizend euro")]),
        ("Bron: CBS", [("Bron", "CBS")]),
        ("Eenheid Aantal per 1.000 woningen Bron Basisregistratie adressen en gebouwen",
         [("Eenheid", "Aantal per 1.000 woningen"), ("Bron", "Basisregistratie adressen en gebouwen")]),
        ("Eenheid %", [("Eenheid", "%")]),
        ("Bron", []),  # a column label alone
        ("Bron 2015", []),  # labels of two header cells
        ("Realisatie 2014", []),
        ("Gemiddelde WOZ waarde", []),
        ("% Bron CBS", []),
    ],
)
def test_card_attributes(text, expected):
    assert card_attributes(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("Toelichting", True), ("Toelichting indicator", True), ("Toelichting ontwikkeling", True),
     ("Toelichting indicatoren", True), ("Bronnen", True), ("Toelichting op de begroting 2021", False),
     ("Indicator", False)],
)
def test_part_titles(text, expected):
    assert is_part_title(text) is expected


@pytest.mark.parametrize(
    "text, year",
    [("Realisatie 2023", 2023), ("2021/2022", 2022), ("Peilwaarde (2024 o.b.v. JR 2023)", 2024),
     ("Peilwaarde 2024 op basis van jaarrekening 2023", 2024), ("Begroting eind 2024", 2024), ("Bron: CBS 2019", 2019),
     ("Indicator", None)],
)
def test_the_year_a_header_names(text, year):
    assert year_of(text) == year
