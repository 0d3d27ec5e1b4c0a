"""The line scanner on both seed layouts and on awkward encodings."""

from collections import Counter

import pytest

from core.model import ExtractionError, Grid
from extractors.tables import Context, read_table
from extractors.text import extract_text
from tests.conftest import SEED_2020, SEED_2025, gold

# Counted by hand in the seeds: text blocks per section and question.
TEXTS_2020 = {
    None: {"overig": 3},
    "Jeugdzorg": {"bereiken": 4, "meten": 1, "doen": 1},
    "Lokale toegang": {"bereiken": 2, "meten": 1, "doen": 2},
    "Participatie": {"bereiken": 2, "meten": 9, "doen": 5},  # its two footnotes are text too
    "Preventie": {"bereiken": 5, "meten": 1, "doen": 3},
    "Publieke gezondheid": {"bereiken": 1, "meten": 1, "doen": 1},
    "WMO": {"bereiken": 3, "doen": 3},
}
TEXTS_2025 = {
    "Cultuur (Cultuurbeleid)": {"bereiken": 2, "doen": 4, "meten": 1},
    "Cultuur (Bibliotheekbeleid)": {"bereiken": 3, "doen": 1, "meten": 1},
    "Kulturhusen": {"bereiken": 3, "doen": 1, "meten": 1},
    "Sport": {"bereiken": 3, "doen": 1, "meten": 1},
    "Inkomen (Kindregeling)": {"bereiken": 3, "doen": 1, "meten": 1},
    "Inkomen (Schuldhulpverlening)": {"bereiken": 5, "doen": 4, "meten": 1},
    "Inkomen (Participatiewet)": {"bereiken": 4, "doen": 2, "meten": 1},
    "Integratie vergunninghouders (Inburgering)": {"bereiken": 2, "doen": 2, "meten": 1},
    "Integratie vergunninghouders (Huisvesting statushouders)": {"bereiken": 1, "doen": 1, "meten": 1},
    "Opvang Oekraïense vluchtelingen": {"bereiken": 1, "doen": 4, "meten": 1},
    "Participatie (Opvang van asielzoekers)": {"bereiken": 2, "doen": 4, "meten": 1},
    "Jeugdzorg": {"bereiken": 2, "doen": 7, "meten": 2},
    "Lokale toegang": {"bereiken": 1, "doen": 1, "meten": 1},
    "Preventie": {"bereiken": 6, "doen": 1, "meten": 1},
    "Publieke gezondheid": {"bereiken": 6, "doen": 1, "meten": 1},
    "Wmo": {"bereiken": 3, "doen": 5, "meten": 5},
    "Indicatoren": {"overig": 1},
}


def text_counts(document):
    counts = Counter(((s.title if s else None), b.question) for s, b in document.text_blocks())
    out: dict = {}
    for (section, question), n in counts.items():
        out.setdefault(section, {})[question] = n
    return out


@pytest.mark.parametrize("seed, name, expected", [
    (SEED_2020, "dalfsen_2020_sociaal-domein", TEXTS_2020),
    (SEED_2025, "dalfsen_2025_sociaal-domein", TEXTS_2025),
])
def test_seed_sections_and_texts(seed, name, expected):
    document = extract_text(seed)
    assert document.programme == "Sociaal Domein"
    assert [[s.number, s.title] for s in document.sections] == gold(name)["sections"]
    assert text_counts(document) == expected


def test_nested_bullets_keep_their_level():
    document = extract_text(SEED_2025)
    jeugdzorg = next(s for s in document.sections if s.title == "Jeugdzorg")
    doen = [(b.level, b.text[:20]) for b in jeugdzorg.blocks if not isinstance(b, Grid) and b.question == "doen"]
    assert [level for level, _ in doen] == [1, 2, 1, 2, 2, 1, 2]
    assert doen[0] == (1, "Preventie:")


def test_2025_footer_gives_export_date_and_hints():
    document = extract_text(SEED_2025)
    assert str(document.export_date) == "2024-10-29"
    assert document.budget_year_hint == 2025
    assert document.municipality_hint == "Dalfsen"


def test_flattened_tables_realigned():
    document = extract_text(SEED_2025)
    grids = [t for _, t in document.tables()]
    readings = [read_table(g, Context("Dalfsen", 2025, "begroting")) for g in grids]
    assert [r.kind for r in readings] == ["indicator"] * 5
    assert [bool(r.columns[-1].area) for r in readings] == [True, False, False, False, True]
    # `Niet-sporters` has no Eenheid: its cells are placed by what they look like, not by count.
    niet_sporters = grids[0].matrix()[4]
    assert niet_sporters == ["Niet-sporters", "", "2020", "Gezondheidsmonitor (CBS, RIVM, GGD)", "48,8", "49,2", "n.b."]


def test_pipe_table_footnotes_resolved():
    document = extract_text(SEED_2020)
    grid = next(t for s, t in document.tables() if s.title == "Participatie")
    footnotes = {r.label: r.footnote for r in read_table(grid, Context("Dalfsen", 2020, "begroting")).rows}
    assert footnotes["Doel 5: aantal personen met Beschut Werk"] == "Beschut Werk: de opgave na 2021 e.v. is nog niet bekend"
    assert footnotes["Doel 6: aantal garantiebanen"].startswith("Garantiebanen: In het sociaal akkoord")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_encodings(tmp_path, encoding):
    text = SEED_2020.read_text(encoding="utf-8").replace("‘", "'").replace("’", "'")
    path = tmp_path / "seed.txt"
    path.write_bytes(text.encode(encoding))
    document = extract_text(path)
    assert [s.title for s in document.sections][-1] == "WMO"
    names = [row[0] for _, t in document.tables() for row in t.matrix()]
    assert "Cliëntervaring of ondersteuning voldoet aan de hulpvraag" in names
    fallback = [i.code for i in document.issues if i.code == "encoding-fallback"]
    assert bool(fallback) == (encoding in ("cp1252", "latin-1"))
    # UTF-16 without a byte-order mark is recognised, and said so
    assert any(i.code == "encoding-utf16" for i in document.issues) == (encoding in ("utf-16-le", "utf-16-be"))


@pytest.mark.parametrize("content, code", [
    (b"", "empty"),
    (b"  \n\n \t", "empty"),
    (b"%PDF-1.7\n%binary", "wrong-format"),
    (bytes(range(256)) * 8, "not-text"),
])
def test_unreadable_text_files(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as error:
        extract_text(path)
    assert error.value.code == code


CORPUS = SEED_2020.parents[3] / "corpus" / "docs"


def _readings(name: str, context: Context):
    document = extract_text(CORPUS / f"{name}.txt")
    return [read_table(grid, context) for _, grid in document.tables()]


def test_card_of_amounts_under_a_scale_line():
    readings = _readings("heusden_2019_verplichte-indicatoren", Context("Heusden", 2019, "jaarrekening"))
    money = [r for r in readings if r.kind == "money"]
    assert len(money) == 1 and money[0].scale == 1000.0
    assert [(row.label, row.values[0].text) for row in money[0].rows] == [
        ("Begroot", "€ 6.705"), ("Gerealiseerd", "€ 6.790"), ("Afwijking", "€ -85")
    ]


def test_flattened_header_with_wrapped_cells_and_a_scale_per_column():
    # `totaal` / `x € 1.000` and `per` / `inwoner`, printed one cell per line
    readings = _readings("amstelveen_2017_kerngegevens", Context("Amstelveen", 2017, "jaarrekening"))
    money = next(r for r in readings if r.kind == "money")
    assert [(c.label, c.scale) for c in money.columns if c.role == "value"] == [
        ("rekening 2016 totaal x € 1.000", 1000.0), ("rekening 2016 per inwoner", 1.0),
        ("rekening 2017 totaal x € 1.000", 1000.0), ("rekening 2017 per inwoner", 1.0),
    ]


def test_numbered_rows_under_a_header_without_a_number_column():
    readings = _readings("beverwijk_2020_beleidsindicatoren-volkshuisvesting", Context("Beverwijk", 2020, "begroting"))
    rows = readings[0].rows
    # `(38)` after the name is its BBV number (`BBV nummer tussen haakjes`), no part of the name
    assert [(r.label, r.number) for r in rows][:2] == [
        ("Gemeentelijke woonlasten eenpersoonshuishouden", "1"), ("Gemeentelijke woonlasten meerpersoonshuishouden", "2")
    ]
    assert [v.text for v in rows[0].values] == ["624", "615", "620", "635", "zie toelichting"]


@pytest.mark.parametrize(
    "name, titles",
    [
        # the path of headings before a table: site title, chapter, page title printed twice
        ("lingewaard_2018_kerngegevens", ["Kerngegevens", "SOCIALE STRUCTUUR", "FYSIEKE STRUCTUUR"]),
        # a title on the first line of a paragraph's block
        ("amstelveen_2017_kerngegevens", ["Basisset beleidsmatige indicatoren", "Financieel"]),
        # `Hoofdstuk 5` numbers the heading; `Tabel 54` labels a table and is no heading
        ("lochem_2026_financieel-kader", ["Financieel kader"]),
        ("voorschoten_2020_toelichting-baten-en-lasten", ["Toelichting baten en lasten"]),
        # `Terug naar navigatie - …` under a line names it a heading
        ("woensdrecht_2023_totaaloverzicht-programmas", ["Inleiding", "Totaaloverzicht programma's"]),
    ],
)
def test_headings_of_real_pages(name, titles):
    document = extract_text(CORPUS / f"{name}.txt")
    found = [s.title for s in document.sections]
    assert [t for t in found if t in titles] == titles, found


def test_indicator_cards_printed_one_cell_per_line():
    # Baarle-Nassau 2019: number, name, `Eenheid` and `Bron` with their values, then kinds,
    # years and figures of one indicator
    readings = _readings("baarlenassau_2019_indicatoren-bbv", Context("Baarle-Nassau", 2019, "begroting"))
    first = readings[0].rows[0]
    assert (first.number, first.label, first.unit, first.source) == ("35", "Gemiddelde WOZ waarde", "Duizend euro", "CBS")
    assert [(v.measure, v.period, v.text) for v in first.values] == [
        ("actual", 2014, "248"), ("actual", 2015, "243"), ("actual", 2016, "245"), ("actual", 2017, "254"),
        ("target", 2018, "265"), ("target", 2019, "niet beschikbaar"),
    ]
    assert len(readings) >= 4


def test_plain_word_header_printed_one_cell_per_line():
    # Amstelveen 2017 kerngegevens: seats per party, `raadsleden | wethouders`
    readings = _readings("amstelveen_2017_kerngegevens", Context("Amstelveen", 2017, "jaarrekening"))
    seats = next(r for r in readings if any(c.label == "raadsleden" for c in r.columns))
    assert [(r.label, [v.text for v in r.values]) for r in seats.rows][:3] == [
        ("VVD", ["9", "1"]), ("D66", ["8", "1"]), ("GroenLinks", ["4"])
    ]


def test_cells_printed_as_paragraphs_with_empty_cells_dropped():
    # Weert 2020: `Doelstelling | Resultaat | Huidige waarde | Streefwaarde | Regio | Bron`, one
    # paragraph per cell, figures of two areas stacked in one cell, the empty targets dropped;
    # a group row ending in `:` is no header of a new table
    readings = _readings("weert_2020_beleidsindicatoren-wonen", Context("Weert", 2020, "begroting"))
    assert len(readings) == 1
    rows = {r.label: r for r in readings[0].rows}
    housing = rows["Gemeentelijke woonlasten meerpersoonshuishouden"]
    assert housing.source == "COELO"
    assert [(v.area, v.text) for v in housing.values if v.area] == [("Weert", "754 (2019)"), ("Limburg", "765 (2019)")]


def test_flattened_table_ends_at_the_explanation_of_its_indicator():
    # Buren 2021: `Toelichting indicator` and `Toelichting ontwikkeling` follow the table
    readings = _readings("buren_2021_vernielingen-en-beschadigingen", Context("Buren", 2021, "begroting"))
    (row,) = readings[0].rows
    assert [v.text for v in row.values] == ["1,50", "6", "4", "2,50", "2,50", "2,50", "2"]
    titles = [s.title for s in extract_text(CORPUS / "buren_2021_vernielingen-en-beschadigingen.txt").sections]
    assert "Toelichting indicator" in titles and "Toelichting ontwikkeling" in titles


def test_a_figure_written_out_in_words_is_a_value():
    # Teylingen 2020: `1% (woningen) en 5,5% (niet woningen)` under `Realisatie 2017`
    readings = _readings("teylingen_2020_modern-bestuur-indicatoren", Context("Teylingen", 2020, "begroting"))
    row = next(r for t in readings for r in t.rows if r.label.startswith("Kwalitatief goede uitvoering Wet WOZ"))
    assert row.unit == "In %" and row.source == "De Waarderingskamer"
    assert [(v.period, v.text) for v in row.values] == [
        (2017, "1% (woningen) en 5,5% (niet woningen)"), (2018, "n.b."), (2019, "3%"), (2020, "3%")
    ]
