"""PDF tables as real renderers print real pages: the grid the PDF reader hands the interpreter.

The PDFs are the corpus pages printed by headless Chromium (`corpus/pdf-chromium/`, tables ruled
cell by cell) and converted by LibreOffice Writer (`corpus/pdf-writer/`, tables without a single
rule), both made by `scripts/print_corpus.py`. Each test names the rule of how budget tables are
printed that it holds, on a page where that rule decides the reading.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.model import Grid
from extractors import extract
from extractors.tables import Context, read_table

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def grids(form: str, stem: str) -> list[Grid]:
    return [grid for _, grid in extract(CORPUS / form / f"{stem}.pdf").tables()]


def cell(grid: Grid, row: int, col: int):
    return next(c for c in grid.cells if c.row == row and c.col == col)


def row_texts(grid: Grid, row: int) -> list[str]:
    return grid.matrix()[row]


# -- ruled tables (Chromium) -------------------------------------------------------------------


def test_ruled_table_keeps_spans_and_shaded_header():
    grid = grids("pdf-chromium", "breda_2021_landelijke-taakvelden")[0]
    assert grid.header_rows == 2  # both shaded rows, before the first white one
    assert cell(grid, 0, 0).text == "Exploitatie" and cell(grid, 0, 0).rowspan == 2
    assert [(cell(grid, 0, c).text, cell(grid, 0, c).colspan) for c in (1, 4)] == [
        ("Realisatie 2019", 3),
        ("Begroting 2020", 3),
    ]
    assert row_texts(grid, 2)[:4] == ["Bestuur", "17", "7.702", "7.685"]


def test_ruled_cell_keeps_stacked_values_apart_and_hyphens():
    weert = grids("pdf-chromium", "weert_2020_beleidsindicatoren-wonen")[0]
    stacked = [c.text for c in weert.cells if "(2018)" in c.text]
    assert stacked == ["219 (2018)\n190 (2018)"]  # two areas' values, one per line, as printed
    assert any(c.text == "Weert\nLimburg" for c in weert.cells)  # the names that pair with them
    urk = [c.text for g in grids("pdf-chromium", "urk_2024_beleidsindicatoren") for c in g.cells]
    assert "Lopende re-integratievoorzieningen" in urk  # `re-|integratie` broken after its hyphen


# -- unruled tables (Writer) -------------------------------------------------------------------


def test_unruled_cell_keeps_stacked_values_apart_as_a_ruled_one_does():
    # `219 (2018)` over `190` over `(2018)`: the year wrapped off the second value goes back on
    # its line, and the two values stay two lines beside `Weert` over `Limburg`.
    grid = grids("pdf-writer", "weert_2020_beleidsindicatoren-wonen")[0]
    texts = [c.text for c in grid.cells]
    assert "219 (2018)\n190 (2018)" in texts and "Weert\nLimburg" in texts


def test_unruled_columns_come_from_the_gaps_of_the_body():
    grid = grids("pdf-writer", "breda_2021_landelijke-taakvelden")[0]
    assert grid.n_cols == 19
    assert row_texts(grid, grid.header_rows) == ["Bestuur", "17", "7.702", "7.685", "62", "6.340", "6.278", "18", "6.491", "6.473",
                                  "18", "6.476", "6.458", "18", "6.502", "6.484", "18", "6.428", "6.410"]


def test_unruled_group_labels_span_their_columns():
    grid = grids("pdf-writer", "breda_2021_landelijke-taakvelden")[0]
    groups = sorted((c.col, c.colspan, c.text) for c in grid.cells if c.row < grid.header_rows and c.colspan > 1)
    assert groups[:2] == [(1, 3, "Realisatie 2019"), (4, 3, "Begroting 2020")]
    reading = read_table(grid, Context("Breda", 2021, "begroting"))
    assert [(c.measure, c.period) for c in reading.columns[1:4]] == [("actual", 2019)] * 3


def test_unruled_centred_group_labels_spread_over_repeated_sub_columns():
    # `Rekening 2018` centred over `baten | lasten | saldo`, and so on for each year.
    grid = grids("pdf-writer", "voorschoten_2020_toelichting-baten-en-lasten")[0]
    spans = [(c.col, c.colspan) for c in grid.cells if c.row < grid.header_rows and c.text.startswith(("Rekening", "Begroting"))]
    assert spans == [(1, 3), (4, 3), (7, 3)]


def test_unruled_wrapped_label_is_one_row_with_its_figures():
    grid = grids("pdf-writer", "breda_2021_landelijke-taakvelden")[0]
    labels = [row[0] for row in grid.matrix()[grid.header_rows:]]
    assert "Beheer overige gebouwen en gronden" in labels  # three lines, figures beside the middle one
    assert "OZB niet-woningen" in labels  # `niet-|woningen`: the hyphen is printed


def test_unruled_cells_that_touch_split_at_the_edge_their_column_shares():
    grid = grids("pdf-writer", "teylingen_2020_modern-bestuur-indicatoren")[0]
    rows = {row[0]: row for row in grid.matrix()}
    assert rows["Apparaatskosten"][1:3] == ["Kosten per inwoner", "€ 44"]


def test_unruled_code_and_name_are_two_columns_that_a_total_spans():
    # `12-1-1-1` wrapped beside `Duurzame en toegankelijke accommodaties`; `Saldo baten en lasten`
    # printed over both columns does not close the gap between them.
    grid = grids("pdf-writer", "utrecht_2020_wat-mag-het-kosten")[0]
    rows = grid.matrix()
    assert ["12-1-1-1", "Duurzame en toegankelijke accommodaties", "25.868"] in [r[:3] for r in rows]
    total = next(c for c in grid.cells if c.text == "Saldo baten en lasten")
    assert (total.col, total.colspan) == (0, 2)
    # with the label columns told apart, a year over `lasten | baten | saldo` spans its group
    tiel = grids("pdf-writer", "tiel_2021_programmabegroting-meerjarig")[0]
    reading = read_table(tiel, Context("Tiel", 2021, "begroting"))
    assert [(c.measure, c.period) for c in reading.columns if c.role == "value"][:3] == [("actual", 2019)] * 3


def test_unruled_header_printed_again_goes_on_with_the_table():
    money = [g for g in grids("pdf-writer", "gorinchem_2020_totaaloverzicht-baten-en-lasten") if g.n_cols == 10]
    labels = [row[0] for g in money for row in g.matrix()]
    assert len(money) == 1 and "Dividend" in labels and "Programma Veiligheid" in labels


def test_unruled_group_rows_under_a_bold_header_and_over_the_page_are_body_rows():
    # `Programma 1` right under the bold header names the rows under it; on the next page
    # `Totaal alle programma's`, wider than the label column, goes on with the table.
    grid = grids("pdf-writer", "oss_2022_cijfers-per-programma")[0]
    labels = [row[0] for row in grid.matrix()[grid.header_rows:]]
    assert grid.header_rows == 1 and labels[0] == "Programma 1"
    assert labels[-4:] == ["Overhead", "Lasten", "Baten", "Saldo"] and "Totaal alle programma's" in labels


def test_unruled_table_ends_at_the_part_printed_under_it():
    # `Toelichting` and `Bronnen`, numbered notes in two columns, follow the indicator table
    # at the same size and margin: they are no rows of it and do not close its columns.
    grid = grids("pdf-writer", "heemskerk_2020_prestatie-indicatoren")[0]
    assert grid.n_cols == 9 and grid.n_rows == grid.header_rows + 5
    assert grid.matrix()[-1][:3] == ["5", "Vernielingen en beschadigingen (in de openbare ruimte, aantal per 1.000 inwoners)", "3,8"]


def test_unruled_definition_across_the_table_is_a_row_between_rows():
    # Under each indicator a sentence across the whole table defines it; the rows of figures
    # go on under it, and the areas over each run of years span their run, not `Bron`.
    grid = grids("pdf-writer", "maassluis_2017_beleidsindicatoren-veiligheid")[0]
    rows = grid.matrix()[grid.header_rows:]
    assert rows[0][:2] == ["Winkeldiefstal per 1.000 inwoners", "1,6"]
    assert [c.text for c in grid.cells if c.row == grid.header_rows + 1] == ["Het aantal winkeldiefstallen per 1.000 inwoners."]
    assert rows[-1][:2] == ["Diefstal uit woning per 1.000 inwoners", "5,0"]  # the text under the last row is not a row
    reading = read_table(grid, Context("Maassluis", 2017, "begroting"))
    assert [c.area for c in reading.columns if c.role == "value"] == ["Maassluis"] * 3 + ["Nederland"] * 3


def test_unruled_table_ends_at_text_back_at_the_page_margin():
    # `Toelichting indicator …` starts left of every cell and runs across the columns; the
    # labels above it are centred in their column and wrap wider than one another.
    grid = grids("pdf-writer", "lisse_2022_beleidsindicatoren-bedrijvigheid")[0]
    labels = [row[0] for row in grid.matrix()[grid.header_rows:]]
    assert labels == ["Vestigingen (van bedrijven)", "Functiemenging"]
    almelo = grids("pdf-writer", "almelo_2022_indicatoren-bedrijfsvoering")[0]
    assert "Kosten als percentage van totale loonsom plus totale kosten inhuur externen" in [r[0] for r in almelo.matrix()]


def test_unruled_header_whose_corner_is_centred_on_its_two_lines_is_one_header():
    # `C. Financiële structuur` printed centred beside `2018 | Per | 2019 | Per` over
    # `totaal | inwoner | totaal | inwoner`: the corner of the header, not a heading, and the
    # bold line above it starts a new table instead of ending the one before.
    someren = grids("pdf-writer", "someren_2019_kerngegevens-ultimo-boekjaar")
    money = next(g for g in someren if g.n_cols == 5)
    assert row_texts(money, 0) == ["C. Financiële structuur", "2018 totaal", "Per inwoner", "2019 totaal", "Per inwoner"]
    assert row_texts(money, 1) == ["Uitgaven exploitatie (excl. Grondbedrijf)", "45.207.417", "2.339", "61.464.695", "3.177"]
    # The label wrapped onto the last line of the table before is still its last row's.
    before = someren[someren.index(money) - 1]
    assert row_texts(before, before.n_rows - 1) == ["Aantal vierkante meters openbaar groen, excl. sportcomplex", "726.951", "726.951"]


def test_unruled_word_broken_at_the_cell_edge_is_made_whole():
    # Writer breaks a word wider than its cell at the edge, without a hyphen
    # (`sportvereniging/veren` over `iging`); a word that only wrapped stays apart
    # (`Onderhoudsniveau` over `winkelgebieden`).
    culemborg = grids("pdf-writer", "culemborg_2017_sport")[0]
    assert "sportvereniging/vereniging amateuristische" in row_texts(culemborg, 2)[0]
    best = grids("pdf-writer", "best_2020_beleid-openbare-ruimte")[0]
    assert any("Onderhoudsniveau winkelgebieden" in text for row in best.matrix() for text in row)


def test_unruled_bold_header_cells_centred_in_a_tall_row_stay_in_the_header():
    # `0-waarde` over a blank line over `(2015)`, centred in a bold header row as tall as its
    # longest cell: the lines under `Verplichte indicatoren | … | Bron` are still the header.
    grid = grids("pdf-writer", "hendrikidoambacht_2018_buitenruimte")[0]
    assert grid.header_rows == 2
    assert row_texts(grid, 1)[1:4] == ["(2015)", "(2016)", "t.o.v. 0-waarde"]


def test_unruled_figure_centred_between_label_lines_is_its_own_cell():
    # `1,3` printed half a line below `Hardekern jongeren per 10.000`, three points right of
    # it: on another baseline, so another cell.
    grid = grids("pdf-writer", "maassluis_2017_beleidsindicatoren-veiligheid")[0]
    row = next(r for r in grid.matrix() if r[0].startswith("Hardekern"))
    assert row[:2] == ["Hardekern jongeren per 10.000 inwoners", "1,3"]


def test_unruled_table_continued_on_the_next_page_is_one_table():
    grid = grids("pdf-writer", "landvancuijk_2022_bijlage-taakvelden")[0]
    pages = {c.page for c in grid.cells}
    labels = [row[0] for row in grid.matrix()]
    assert pages == {1, 2} and "4.2 Onderwijshuisvesting" in labels and "0.7 Algemene uitkeringen en overige uitkeringen gemeentefonds" in labels


def test_unruled_cells_wrapped_over_the_page_break_stay_in_their_row():
    # `IOAW | % aanvragen dat` ends page 1; `binnen 56 dagen | wordt afgehandeld` opens page 2,
    # then rows whose label touches its norm (`Schuldhulpverlening, < 28 dagen`).
    grid = grids("pdf-writer", "tilburg_2018_servicenormen")[0]
    rows = {row[1]: row for row in grid.matrix()[grid.header_rows:]}
    assert rows["IOAW"][2:4] == ["% aanvragen dat binnen 56 dagen wordt afgehandeld", "95%"]
    assert any(label.startswith("WMO voorziening exclusief 3D") for label in rows)
    # a row label wrapped over the break goes on in brackets on the next page
    teylingen = grids("pdf-writer", "teylingen_2020_modern-bestuur-indicatoren")[1]
    labels = [row[0] for row in teylingen.matrix()]
    assert "(gemiddeld cijfer bezoek gemeentehuis)" not in labels
    assert any(label.endswith("GovMetric (gemiddeld cijfer bezoek gemeentehuis)") for label in labels)


@pytest.mark.parametrize("form", ["pdf-chromium", "pdf-writer"])
def test_kinds_over_runs_of_years_get_their_years(form):
    # `Metingen` over 2018–2021 and `Streefwaarden / prognose` over 2023–2025.
    grid = grids(form, "haarlemmermeer_2023_beleidsdoel-b-afvalstromen")[0]
    reading = read_table(grid, Context("Haarlemmermeer", 2023, "begroting"))
    by_year = {c.period: c.measure for c in reading.columns if c.role == "value"}
    assert by_year[2020] == "actual" and by_year[2024] == "target"


def test_indicator_card_lines_become_the_rows_leading_cells():
    # Baarle-Nassau 2019 (Writer): `35`, `Gemiddelde WOZ waarde`, `Eenheid Duizend euro`,
    # `Bron CBS`, then kinds over years over one row of figures without a label
    found = grids("pdf-writer", "baarlenassau_2019_indicatoren-bbv")
    first = found[0]
    assert row_texts(first, first.header_rows - 1)[:5] == ["Nr.", "Indicator", "Eenheid", "Bron", "Realisatie 2014"]
    reading = read_table(first, Context("Baarle-Nassau", 2019, "begroting"))
    (row,) = reading.rows
    assert (row.number, row.label, row.unit, row.source) == ("35", "Gemiddelde WOZ waarde", "Duizend euro", "CBS")
    assert [(v.measure, v.period, v.text) for v in row.values][-2:] == [("target", 2018, "265"), ("target", 2019, "niet beschikbaar")]
    # both attributes printed on one line
    second = read_table(found[1], Context("Baarle-Nassau", 2019, "begroting")).rows[0]
    assert (second.unit, second.source) == ("Aantal per 1.000 woningen", "Basisregistratie adressen en gebouwen")


def test_unruled_table_goes_on_where_a_wrapped_label_touches_the_first_figure():
    # Doesburg 2021 (Writer): on page 2 `Gemeentelijke woonlasten` is printed next to the `3`
    # of its row, a word space apart, yet the table goes on from page 1
    found = grids("pdf-writer", "doesburg_2021_bbv-beleidsindicatoren-extern")
    assert len(found) == 1
    labels = [row[0] for row in found[0].matrix()]
    assert "Gemeentelijke woonlasten meerpersoonshuishouden" in labels and "Banen" in labels


def test_unruled_table_headed_by_plain_words():
    # Amstelveen 2017 (Writer): `raadsleden | wethouders` over seats per party
    grid = next(g for g in grids("pdf-writer", "amstelveen_2017_kerngegevens") if "raadsleden" in g.matrix()[0])
    assert grid.matrix()[1:4] == [["VVD", "9", "1"], ["D66", "8", "1"], ["GroenLinks", "4", ""]]


def test_unruled_table_ends_at_the_bold_header_of_the_next():
    # Heerenveen 2020 (Writer): the indicators, then right under them a definitions table
    # headed `Indicatoren | Omschrijving`, rows not set apart by padding
    found = grids("pdf-writer", "heerenveen_2020_indicatoren-werken-en-ondernemen")
    first = found[0]
    assert first.matrix()[0] == ["Indicatoren", "Eenheid", "Jaar", "Heerenveen", "Nederland", "Bron"]
    assert [row[0] for row in first.matrix()[1:]] == [
        "Vestigingen", "Bruto gemeentelijk product (verwacht/ gemeten)", "Functiemenging", "Banen"
    ]
    assert found[1].matrix()[0][:2] == ["Indicatoren", "Omschrijving"]


def test_a_blank_line_in_a_ruled_cell_keeps_its_paragraphs_apart():
    # Hendrik-Ido-Ambacht 2018 (Chromium): `Vernielingen en beschadiging (in de openbare
    # ruimte)`, a blank line, `Per 1.000 inwoners`: the name and its unit
    grid = next(g for g in grids("pdf-chromium", "hendrikidoambacht_2018_buitenruimte")
                if any(row[0].startswith("Vernielingen") for row in g.matrix()))
    label = next(row[0] for row in grid.matrix() if row[0].startswith("Vernielingen"))
    assert label == "Vernielingen en beschadiging (in de openbare ruimte)\nPer 1.000 inwoners"
    row = next(r for r in read_table(grid, Context("Hendrik-Ido-Ambacht", 2018, "begroting")).rows
               if r.label.startswith("Vernielingen"))
    assert (row.label, row.unit) == ("Vernielingen en beschadiging (in de openbare ruimte)", "Per 1.000 inwoners")


# -- a real book (Word export, ruled tables) ----------------------------------------------------


@pytest.fixture(scope="module")
def book_tables() -> dict[int, list[Grid]]:
    by_page: dict[int, list[Grid]] = {}
    for grid in grids("books", "wassenaar_2025_begroting-geamendeerd"):
        by_page.setdefault(grid.page, []).append(grid)
    return by_page


def test_a_figure_spanning_into_a_row_with_its_own_label_is_not_that_rows(book_tables):
    # Wassenaar 2025, p. 125: `Geraamde resultaat` over `programma`, a rule drawn through the
    # label; the figures span both rows
    (grid,) = book_tables[125]
    reading = read_table(grid, Context("Wassenaar", 2025, "begroting"))
    last = reading.rows[-1]
    assert last.label == "Geraamde resultaat programma"
    assert [v.text for v in last.values][:3] == ["89.460", "-89.460", "0"]
    assert not any(r.label == "programma" for r in reading.rows)


def test_empty_sliver_rows_between_header_cells_stay_in_the_header(book_tables):
    # Wassenaar 2025, p. 54: header cells half a row apart leave rows with nothing in them
    grid = next(g for g in book_tables[54] if any("Effectindicator" in row for row in g.matrix()))
    reading = read_table(grid, Context("Wassenaar", 2025, "begroting"))
    (row,) = reading.rows
    assert row.label.startswith("Aantal woningen (plus nieuw toegevoegde woningen")
    assert [(v.measure, v.period, v.text) for v in row.values] == [
        ("baseline", 2023, "12.367"), ("target", 2025, "12.460 (plus 65)"), ("target", 2026, "12.637 (plus 177)"),
        ("target", 2027, "12.770 (plus 133)"), ("target", 2028, "12.903 (plus 133)"),
    ]


@pytest.mark.parametrize("form", ["pdf-chromium", "pdf-writer"])
def test_a_raised_footnote_marker_is_the_superscript_it_shows(form):
    # Haarlemmermeer 2023: `200` with a small raised `1` (footnote 1 under the table); read
    # apart, the marker is a figure of its own (`200 1`) or runs into the figure (`2001`)
    grid = next(g for g in grids(form, "haarlemmermeer_2023_beleidsdoel-b-afvalstromen")
                if any(row[0].startswith("Omvang huishoudelijk restafval") for row in g.matrix()))
    row = next(r for r in grid.matrix() if r[0].startswith("Omvang huishoudelijk restafval"))
    assert "200¹" in row and "2001" not in row and "200 1" not in row
