"""The table interpreter (`extractors.tables`): header bands, column meaning, row meaning,
footnotes — on grids as every reader hands them over."""

import pytest

from core.model import Band, Cell, Grid, grid_from_rows
from extractors.tables import Context, read_table

BEGROTING = Context("Dalfsen", 2025, "begroting")
JAARVERSLAG = Context("Dalfsen", 2024, "jaarrekening")


def columns(reading):
    return [(c.role, c.measure, c.area, c.period) for c in reading.columns]


def facts(reading):
    return [(r.label, v.measure, v.area, v.period, v.text) for r in reading.rows for v in r.values]


def test_target_table_baseline_and_bare_years():
    grid = grid_from_rows(
        [
            ["Indicator", "Bron", "Nulmeting 2019", "2025", "2026"],
            ["Aantal huishoudens", "Eigen", "104 (2021)", "95", "90"],
        ]
    )
    reading = read_table(grid, BEGROTING)
    assert reading.kind == "indicator"
    assert columns(reading) == [
        ("label", None, None, None),
        ("source", None, None, None),
        ("value", "baseline", None, 2019),
        ("value", "target", None, 2025),
        ("value", "target", None, 2026),
    ]
    assert reading.rows[0].source == "Eigen"


@pytest.mark.parametrize(
    "context, measure", [(BEGROTING, "actual"), (JAARVERSLAG, "actual")],
)
def test_bare_years_all_before_the_budget_year_are_measured(context, measure):
    grid = grid_from_rows([["Kengetal", "2022", "2023"], ["Formatie", "7,2", "7,3"]])
    assert {c.measure for c in read_table(grid, context).columns if c.role == "value"} == {measure}


def test_bare_years_in_a_report_are_measured_up_to_its_year():
    grid = grid_from_rows([["Indicator", "2023", "2024", "2025"], ["Formatie", "7,2", "7,3", "7,4"]])
    assert [c.measure for c in read_table(grid, JAARVERSLAG).columns][1:] == ["actual", "actual", "target"]


def test_benchmark_table_per_row_period_and_areas():
    grid = grid_from_rows(
        [
            ["Indicator", "Eenheid", "Periode", "Bron", "Gemeente", "NL", "25.000 - 50.000 inwoners"],
            ["Absoluut verzuim", "per 1.000", "2022", "DUO", "21", "4,2", "4,2"],
        ]
    )
    reading = read_table(grid, BEGROTING)
    assert facts(reading) == [
        ("Absoluut verzuim", "actual", "Dalfsen", 2022, "21"),
        ("Absoluut verzuim", "actual", "Nederland", 2022, "4,2"),
        ("Absoluut verzuim", "actual", "25.000 - 50.000 inwoners", 2022, "4,2"),
    ]
    assert reading.rows[0].unit == "per 1.000"


def test_stacked_kinds_over_years_and_areas_over_years():
    # `Realisatie | Begroot` over a row of years; `Urk | NL` spanning their years.
    cells = (
        Cell("Indicator", 0, 0, rowspan=2), Cell("Urk", 0, 1, colspan=2), Cell("NL", 0, 3),
        Cell("2022", 1, 1), Cell("2023", 1, 2), Cell("2023", 1, 3),
        Cell("Demografische druk", 2, 0), Cell("85,4%", 2, 1), Cell("84,4%", 2, 2), Cell("70,3%", 2, 3),
    )  # fmt: skip
    reading = read_table(Grid(cells, 3, 4, header_rows=2), Context("Urk", 2024, "begroting"))
    assert facts(reading) == [
        ("Demografische druk", "actual", "Urk", 2022, "85,4%"),
        ("Demografische druk", "actual", "Urk", 2023, "84,4%"),
        ("Demografische druk", "actual", "Nederland", 2023, "70,3%"),
    ]


def test_band_without_widths_is_spread_by_what_the_kinds_say():
    # Flattened text: `Realisatie` and `Prognose/streefwaarden` over seven years, widths unknown.
    grid = grid_from_rows(
        [["Omschrijving", "2017", "2018", "2019", "2020"], ["Halt", "131", "131", "130", "130"]], header_rows=1
    )
    grid = Grid(grid.cells, grid.n_rows, grid.n_cols, header_rows=1, bands=(Band(("Realisatie", "Prognose/streefwaarden"), 1, 4),))
    reading = read_table(grid, Context("Heemskerk", 2020, "begroting"))
    assert [c.measure for c in reading.columns][1:] == ["actual", "actual", "target", "target"]
    assert any(i.code == "header-guessed" for i in reading.issues)


def test_money_table_groups_scale_and_measures():
    grid = grid_from_rows(
        [
            ["x € 1.000", "Rekening 2023", "Begroting 2024", "Begroting 2024 na wijziging", "Raming 2026"],
            ["Lasten", "", "", "", ""],
            ["Jeugd", "1.234", "(1.300)", "1.350-", "1.400"],
            ["Totaal lasten", "1.234", "1.300", "1.350", "1.400"],
        ],
        header_rows=1,
    )
    reading = read_table(grid, BEGROTING)
    assert reading.kind == "money" and reading.scale == 1000
    assert [c.measure for c in reading.columns][1:] == ["actual", "budget", "amended", "forecast"]
    assert [(r.label, r.group) for r in reading.rows] == [("Jeugd", "Lasten"), ("Totaal lasten", "Lasten")]


def test_empty_label_cell_continues_the_row_above():
    grid = grid_from_rows(
        [
            ["Indicator", "Eenheid", "2025", "2026"],
            ["Externe inhuur", "Kosten in €", "€ 739.000", "€ 879.500"],
            ["", "Als % van totale loonsom", "4,18%", "4,69%"],
        ]
    )
    reading = read_table(grid, BEGROTING)
    assert [(r.label, r.unit) for r in reading.rows] == [("Externe inhuur", "Kosten in €"), ("Externe inhuur", "Als % van totale loonsom")]
    assert any(i.code == "label-carried" for i in reading.issues)


def test_group_row_definition_row_and_kind_rows():
    grid = grid_from_rows(
        [
            ["Type", "2020", "2022"],
            ["Realisatie", "67 %", "-"],
            ["Begroting", "-", "51 %"],
        ]
    )
    grid = Grid(grid.cells, grid.n_rows, grid.n_cols, header_rows=1, above=("Leerwinst peuters", "Bron: Monitor VVE"))
    reading = read_table(grid, BEGROTING)
    assert {(r.label, r.source) for r in reading.rows} == {("Leerwinst peuters", "Monitor VVE")}
    assert facts(reading)[:2] == [("Leerwinst peuters", "actual", None, 2020, "67 %"), ("Leerwinst peuters", "actual", None, 2022, "-")]


def test_footnote_marker_only_when_a_line_below_resolves_it():
    rows = [["Indicator", "2025"], ["Beschut werk*", "5"], ["Voorzieningen.1", "6"], ["Banen 2", "7"]]
    grid = grid_from_rows(rows, header_rows=1)
    grid = Grid(grid.cells, grid.n_rows, grid.n_cols, header_rows=1, below=("* Opgave onbekend.", "1) Met indicatie."))
    reading = read_table(grid, BEGROTING)
    assert [(r.label, r.footnote) for r in reading.rows] == [
        ("Beschut werk", "Opgave onbekend."),
        ("Voorzieningen.", "Met indicatie."),
        ("Banen 2", None),
    ]


def test_definitions_table_gives_indicators_without_values():
    grid = grid_from_rows([["Indicator", "Definitie", "Bron"], ["Absoluut verzuim", "Het aantal leerplichtigen …", "DUO"]])
    reading = read_table(grid, BEGROTING)
    assert reading.kind == "definitions"
    assert [(r.label, r.definition, r.source, r.values) for r in reading.rows] == [
        ("Absoluut verzuim", "Het aantal leerplichtigen …", "DUO", ())
    ]


def test_table_without_header_is_reported_not_dropped():
    reading = read_table(grid_from_rows([["Eenheid", "Duizend euro"], ["Bron", "CBS"]]), BEGROTING)
    assert reading.kind == "unknown"
    assert [i.code for i in reading.issues] == ["table-unknown-layout"]


def test_goal_column_groups_the_indicators_beside_it():
    # Best 2020, `Beleid openbare ruimte`
    grid = grid_from_rows(
        [
            ["Wat willen we bereiken", "Effect indicator", "Streven", "Eerdere resultaten", "Bron"],
            ["Adequaat beheer van de openbare ruimte", "Onderhoudsniveau openbare ruimte", "6 in 2020", "2019 : 6\n2018 : 6", "Schouw"],
        ]
    )
    reading = read_table(grid, Context("Best", 2020, "begroting"))
    row = reading.rows[0]
    assert (row.label, row.group) == ("Onderhoudsniveau openbare ruimte", "Adequaat beheer van de openbare ruimte")
    # a figure per year stacked in one cell gives a value per year
    assert [(v.measure, v.text) for v in row.values] == [("target", "6 in 2020"), ("actual", "2019 : 6"), ("actual", "2018 : 6")]


def test_figure_as_published_in_a_budget_is_not_dated_by_the_row():
    # Steenbergen 2017: `laatste jaar meting` dates `huidige meting`, not the figure of the budget
    grid = grid_from_rows(
        [
            ["Naam Indicator", "Eenheid", "laatste jaar meting", "meting begroting 2017", "huidige meting", "gemeente < 25.000"],
            ["Gemiddelde WOZ waarde", "Duizend euro", "2017", "200", "202", "236"],
        ]
    )
    reading = read_table(grid, Context("Steenbergen", 2017, "begroting"))
    assert facts(reading) == [
        ("Gemiddelde WOZ waarde", "actual", "Steenbergen", None, "200"),
        ("Gemiddelde WOZ waarde", "actual", "Steenbergen", 2017, "202"),
        ("Gemiddelde WOZ waarde", "actual", "gemeente < 25.000", 2017, "236"),
    ]


def test_figure_of_the_budget_is_dated_by_the_row_when_it_is_the_only_one():
    # Terneuzen 2018: `Jaar waarop cijfer betrekking heeft` dates `Cijfer begroting 2018`
    grid = grid_from_rows(
        [
            ["Naam indicator", "Jaar waarop cijfer betrekking heeft", "Cijfer begroting 2018", "Vergelijkend cijfer", "Vergelijking"],
            ["Absoluut verzuim", "2014", "4", "2", "Zeeland"],
        ]
    )
    reading = read_table(grid, Context("Terneuzen", 2018, "begroting"))
    assert [(v.area, v.period) for v in reading.rows[0].values] == [("Terneuzen", 2014), ("Zeeland", 2014)]


def test_scale_printed_over_some_columns_only():
    # Amstelveen 2017 kerngegevens: `totaal x € 1.000` beside `per inwoner`
    grid = grid_from_rows(
        [
            ["omschrijving", "rekening 2016", "rekening 2016", "rekening 2017", "rekening 2017"],
            ["", "totaal x € 1.000", "per inwoner", "totaal x € 1.000", "per inwoner"],
            ["totale lasten gemeenterekening", "244.719", "2.740", "258.926", "2.880"],
        ],
        header_rows=2,
    )
    reading = read_table(grid, Context("Amstelveen", 2017, "jaarrekening"))
    assert reading.kind == "money"
    assert [c.scale for c in reading.columns if c.role == "value"] == [1000.0, 1.0, 1000.0, 1.0]


def test_subheader_row_opens_a_money_part_and_renames_a_column():
    # Raalte 2023 kerngegevens: the financial rows give a total and an amount per inhabitant
    grid = grid_from_rows(
        [
            ["Bedragen in €", "Raming per 1 januari 2023", "Werkelijk per 31 december 2021"],
            ["Aantal inwoners totaal", "38.250", "38.138"],
            ["D. Financiële structuur", "", "Per inwoner 2023:"],
            ["Opbrengst belastingen", "9.436.000", "247"],
        ],
        header_rows=1,
    )
    reading = read_table(grid, Context("Raalte", 2023, "begroting"))
    people, taxes = reading.rows
    assert people.scale is None and taxes.scale == 1.0
    assert (taxes.group, [(v.text, v.label) for v in taxes.values]) == (
        "D. Financiële structuur", [("9.436.000", None), ("247", "Per inwoner 2023:")]
    )


def test_money_line_items_lose_their_footnote_stars_and_wrapped_labels_join():
    # Someren 2019 kerngegevens
    grid = grid_from_rows(
        [
            ["C. Financiële structuur", "2018 totaal", "2019 totaal"],
            ["Uitgaven exploitatie", "45.207.417", "61.464.695"],
            ["Vaste schuld *2)", "0", "6.000.000"],
            ["Eigen financieringsmiddelen,", "63.326.807", "62.085.483"],
            ["excl. voorzieningen", "", ""],
        ],
        header_rows=1,
        below=("*2) In 2019 is een langlopende lening afgesloten.",),
    )
    reading = read_table(grid, Context("Someren", 2019, "jaarrekening"))
    assert reading.kind == "money"
    assert [(r.label, r.footnote) for r in reading.rows] == [
        ("Uitgaven exploitatie", None),
        ("Vaste schuld", "In 2019 is een langlopende lening afgesloten."),
        ("Eigen financieringsmiddelen, excl. voorzieningen", None),
    ]


@pytest.mark.parametrize(
    "text, scale",
    [
        ("bedragen x € 1.000", 1000.0),
        ("(x € 1 mln)", 1_000_000.0),
        ("bedragen x € 1", 1.0),
        ("In bovenstaande tabellen zijn de cijfers niet afgerond op duizenden euro's.", None),
        ("Aantal inwoners", None),
    ],
)
def test_scale_words(text, scale):
    from core.vocabulary import scale_of

    assert scale_of(text) == scale


def test_comparison_area_named_in_a_footnote_and_a_dated_target_beside_a_period_column():
    # Culemborg 2017 Sport
    grid = grid_from_rows(
        [
            ["Indicator", "Culemborg", "Vergelijk*", "Periode", "Begroot 2017", "Bron"],
            ["Niet-sporters", "48,6%", "50%", "2014", "48%", "RIVM - Zorgatlas"],
        ],
        below=("*Gemeenten in de grootteklasse 25.000 - 50.000 inwoners",),
    )
    reading = read_table(grid, Context("Culemborg", 2017, "begroting"))
    assert facts(reading) == [
        ("Niet-sporters", "actual", "Culemborg", 2014, "48,6%"),
        ("Niet-sporters", "actual", "Gemeenten in de grootteklasse 25.000 - 50.000 inwoners", 2014, "50%"),
        ("Niet-sporters", "target", None, 2017, "48%"),  # None: the municipality itself
    ]


def test_ambition_relative_to_the_baseline_is_a_target_and_a_unit_under_the_name():
    # Hendrik-Ido-Ambacht 2018 Buitenruimte
    grid = grid_from_rows(
        [
            ["Verplichte indicatoren", "0-waarde (2015)", "Actuele waarde (2016)", "Ambitie 2018 t.o.v. 0-waarde", "Bron"],
            ["Vernielingen en beschadiging\nPer 1.000 inwoners", "5.1", "4.9", "Gelijk", "CBS"],
        ]
    )
    reading = read_table(grid, Context("Hendrik-Ido-Ambacht", 2018, "begroting"))
    row = reading.rows[0]
    assert (row.label, row.unit) == ("Vernielingen en beschadiging", "Per 1.000 inwoners")
    assert [(v.measure, v.period) for v in row.values] == [("baseline", 2015), ("actual", 2016), ("target", 2018)]


@pytest.mark.parametrize(
    "text, area",
    [
        ("gemiddelde woningbezetting", None),  # an average of the municipality itself
        ("Gemiddelde benchmark", "Gemiddelde benchmark"),
        ("Gemiddelde gemeente < 25.000 inwoners", "Gemiddelde gemeente < 25.000 inwoners"),
        ("gemiddeld Nederland", "Nederland"),
        ("Zeeland", "Zeeland"),
    ],
)
def test_area_words(text, area):
    from core.vocabulary import area_of

    assert area_of(text) == area


def test_a_column_of_units_is_the_unit_column_whatever_its_header():
    # Weert 2020: `Resultaat` holds the unit of each indicator
    grid = grid_from_rows(
        [
            ["Doelstelling", "Resultaat", "Huidige waarde", "Streefwaarde", "Bron"],
            ["Toename woningvoorraad", "aantal woningen", "22.770 per 1-1-2019", "200 meer", "CBS"],
            ["Gemiddelde WOZ waarde", "dzd euro", "219 (2018)", "", "CBS"],
            ["Gemeentelijke woonlasten", "euro", "713 (2019)", "", "COELO"],
        ]
    )
    reading = read_table(grid, Context("Weert", 2020, "begroting"))
    assert [c.role for c in reading.columns] == ["label", "unit", "value", "value", "source"]
    assert [r.unit for r in reading.rows] == ["aantal woningen", "dzd euro", "euro"]
