"""Variants of the genre the seeds do not show: jaarstukken, BBV tables with `Gemeente` columns,
tab- and space-separated tables copied out of PDFs, platform HTML with bold-paragraph questions,
accordion headings, superscript footnote markers and scale lines next to money tables.

Each test runs one small document through the extractor and the transforms, as the pipeline does.
"""

from __future__ import annotations

from pathlib import Path

from lxml.html import builder as E
from lxml.html import tostring

from extractors.structure import split_section_number
from tests.conftest import extract_tables


def run(tmp_path: Path, name: str, content: bytes | str, municipality: str = "zwolle", year: int = 2025):
    """Extract one file from `<tmp>/raw/<municipality>/<year>/<name>`; return document and tables."""
    raw = tmp_path / "raw"
    path = raw / municipality / str(year) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return extract_tables(path, path.relative_to(raw).as_posix())


def facts(tables) -> set[tuple]:
    return {
        (r["indicator"], r["measure"], r["area"], r["period"], r["value"], r["comparator"])
        for r in tables.tables["indicator_facts"].to_pylist()
    }


def money(tables) -> dict[tuple, tuple]:
    return {
        (r["line_item"], r["column_label"]): (r["section"], r["period"], r["amount_eur"])
        for r in tables.tables["financials"].to_pylist()
    }


def texts(tables) -> list[tuple]:
    return [(r["section"], r["question"], r["text"]) for r in tables.tables["section_texts"].to_pylist()]


def codes(tables) -> set[str]:
    return {r["code"] for r in tables.tables["extraction_issues"].to_pylist()}


def page(*body, title: str = "Programmabegroting 2025 - Gemeente Zwolle") -> bytes:
    html = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title)), E.BODY(*body))
    return tostring(html, doctype="<!DOCTYPE html>", encoding="utf-8")


# -- text ---------------------------------------------------------------------------------------


def test_unit_column_keeps_year_columns_targets(tmp_path):
    """`Eenheid` next to year columns is a target table, not a benchmark with areas `2025`…"""
    _, tables = run(tmp_path, "p4.txt", (
        "Zorg\n4.1 Wmo\nHoe meten we dat?\n"
        "Indicator | Eenheid | Bron | Nulmeting | 2025 | 2026 |\n"
        "Cliënttevredenheid Wmo | rapportcijfer | CEO | 7,4 (2022) | ≥ 7,5 | ≥ 7,5 |\n"
    ))
    assert facts(tables) == {
        ("Cliënttevredenheid Wmo", "baseline", "Zwolle", 2022, 7.4, None),
        ("Cliënttevredenheid Wmo", "target", "Zwolle", 2025, 7.5, ">="),
        ("Cliënttevredenheid Wmo", "target", "Zwolle", 2026, 7.5, ">="),
    }
    assert {r["unit"] for r in tables.tables["indicator_facts"].to_pylist()} == {"rapportcijfer"}


def test_gemeente_column_is_the_municipality(tmp_path):
    _, tables = run(tmp_path, "p3.txt", (
        "Sociaal Domein\n3.1 Jeugd\nBeleidsindicatoren\n"
        "Indicator | Eenheid | Periode | Bron | Gemeente | Regio | Nederland |\n"
        "Jongeren met jeugdhulp | % | 2022 | CBS | 11,8 | 12,1 | 12,7 |\n"
    ), municipality="deventer")
    assert {(f[1], f[2], f[3], f[4]) for f in facts(tables)} == {
        ("actual", "Deventer", 2022, 11.8), ("actual", "Regio", 2022, 12.1), ("actual", "Nederland", 2022, 12.7),
    }
    assert "municipality-conflict" not in codes(tables)


def test_annual_accounts_questions(tmp_path):
    _, tables = run(tmp_path, "jaarstukken.txt", (
        "Jaarstukken 2023\nProgramma 3 Sociaal Domein\n3.1 Jeugd\n"
        "Wat wilden we bereiken?\nJeugdigen groeien veilig op.\n"
        "Wat hebben we daarvoor gedaan?\n- We hebben de jeugdhulp ingekocht.\n"
        "Hoe hebben we dat gemeten?\nMet de monitor.\n"
        "Wat heeft het gekost?\nDe lasten vielen lager uit.\n"
    ), year=2023)
    assert [(q, t) for _, q, t in texts(tables)] == [
        ("bereiken", "Jeugdigen groeien veilig op."),
        ("doen", "We hebben de jeugdhulp ingekocht."),
        ("meten", "Met de monitor."),
        ("kosten", "De lasten vielen lager uit."),
    ]
    assert tables.meta.document_type == "jaarrekening"


def test_tab_separated_tables_keep_empty_cells_in_place(tmp_path):
    content = (
        "Zorg\n4.1 Wmo\nWat hebben we bereikt?\n"
        "Indicator\tBron\tRealisatie 2022\tStreefwaarde 2023\tRealisatie 2023\n"
        "Mantelzorgwaarderingen\tEigen registratie\t\t1.200\t1.134\n"
        "Wachttijd (dagen)\tEigen registratie\t42\t< 42\t38\n"
        "Cliënttevredenheid\tCEO\t7,8\t\t\n"
        "Wat heeft het gekost?\n"
        "Bedragen x € 1.000\tBegroting primitief\tRealisatie\tVerschil\n"
        "Lasten\t12.000\t12.345\t345-\n"
    )
    _, tables = run(tmp_path, "jaarstukken.txt", content.replace("\n", "\r\n").encode("cp1252"), year=2023)
    assert facts(tables) == {
        ("Mantelzorgwaarderingen", "target", "Zwolle", 2023, 1200.0, None),
        ("Mantelzorgwaarderingen", "actual", "Zwolle", 2023, 1134.0, None),
        ("Wachttijd (dagen)", "actual", "Zwolle", 2022, 42.0, None),
        ("Wachttijd (dagen)", "target", "Zwolle", 2023, 42.0, "<"),
        ("Wachttijd (dagen)", "actual", "Zwolle", 2023, 38.0, None),
        ("Cliënttevredenheid", "actual", "Zwolle", 2022, 7.8, None),
    }
    # Annual accounts print money tables without years; the corner's scale says they are money.
    assert money(tables) == {
        ("Lasten", "Begroting primitief"): ("Wmo", None, 12_000_000.0),
        ("Lasten", "Realisatie"): ("Wmo", None, 12_345_000.0),
        ("Lasten", "Verschil"): ("Wmo", None, -345_000.0),
    }


def test_space_aligned_tables_from_pdftotext(tmp_path):
    _, tables = run(tmp_path, "p2.txt", (
        "Programma 2 Sociaal Domein\n2.1 Werk en inkomen\nHoe meten we dat?\n"
        "Indicator                               Bron            Nulmeting      2024     2025\n"
        "Uitstroom naar werk (aantal)            Suite4Sociaal   310 (2022)     350      375\n"
        "Aantal bijstandsuitkeringen per 1.000   CBS             52,3           50       48\n"
        "Wat mag het kosten?\n"
        "Bedragen x € 1.000            Rekening 2022    Begroting 2024\n"
        "Baten                         45.678-          46.500-\n"
    ))
    assert [r["section"] for r in tables.tables["sections"].to_pylist()] == ["Werk en inkomen"]
    assert ("Aantal bijstandsuitkeringen per 1.000", "target", "Zwolle", 2025, 48.0, None) in facts(tables)
    assert ("Uitstroom naar werk (aantal)", "baseline", "Zwolle", 2022, 310.0, None) in facts(tables)
    assert money(tables)[("Baten", "Begroting 2024")] == ("Werk en inkomen", 2024, -46_500_000.0)


def test_table_row_without_separators_is_no_heading(tmp_path):
    """A table row whose cells ran together is text, not a section, even above a question."""
    _, tables = run(tmp_path, "p2.txt", (
        "Sociaal Domein\n2.1 Werk\nWat willen we bereiken?\nWerk voor iedereen.\n"
        "Aantal bijstandsuitkeringen CBS 52,3 50 48 46\nWat mag het kosten?\nZie de tabel.\n"
    ))
    assert [r["section"] for r in tables.tables["sections"].to_pylist()] == ["Werk"]


def test_double_spaced_prose_is_no_table(tmp_path):
    _, tables = run(tmp_path, "p6.txt", (
        "Financiën\n6.1 Algemene dekkingsmiddelen\nWat willen we bereiken?\n"
        "De begroting 2025  is structureel sluitend  en de lasten stijgen minder dan de baten.\n"
    ))
    assert texts(tables) == [
        ("Algemene dekkingsmiddelen", "bereiken",
         "De begroting 2025 is structureel sluitend en de lasten stijgen minder dan de baten."),
    ]  # fmt: skip
    assert tables.count("financials") == 0


def test_programme_headings_in_a_book(tmp_path):
    _, tables = run(tmp_path, "boek.txt", (
        "Programmabegroting 2024\n"
        "Programma 1 Bestuur en dienstverlening\n1.1 Bestuur\nWat willen we bereiken?\nOpen bestuur.\n"
        "Programma 2 Sociaal Domein\n2.1 Participatie\nWat willen we bereiken?\nIedereen doet mee.\n"
    ), year=2024)
    assert [(r["programme"], r["section"]) for r in tables.tables["sections"].to_pylist()] == [
        ("Programma 1 Bestuur en dienstverlening", "Bestuur"),
        ("Programma 2 Sociaal Domein", "Participatie"),
    ]


def test_flattened_money_table(tmp_path):
    """A platform page copied from the browser: money cells one per line, as indicator tables."""
    cells = ["Bedragen x € 1.000", "Rekening 2023", "Begroting 2025", "Lasten", "34.567", "36.789",
             "Baten", "-4.321", "(3.900)", "Saldo", "30.246", "32.889"]  # fmt: skip
    _, tables = run(tmp_path, "p2.txt", "Sociaal domein\r\n\r\nWmo\r\n\r\nWat mag het kosten?\r\n\r\n"
                    + "".join(f"{c}\xa0\r\n\r\n" for c in cells))
    found = money(tables)
    assert len(found) == 6
    assert found[("Baten", "Begroting 2025")] == ("Wmo", 2025, -3_900_000.0)
    assert found[("Saldo", "Rekening 2023")] == ("Wmo", 2023, 30_246_000.0)
    assert not [t for t in texts(tables) if t[1] == "kosten"]


def test_question_after_indicator_table_belongs_to_the_section(tmp_path):
    """`Indicatoren` heads its table; `Wat mag het kosten?` after it is the money of `3.1 Jeugd`."""
    _, tables = run(tmp_path, "p3.txt", (
        "Sociaal Domein\n3.1 Jeugd\nWat willen we bereiken?\nVeilig opgroeien.\nIndicatoren\n"
        "Indicator | Bron | 2025 |\nJeugdhulp | CBS | 11% |\n"
        "Wat mag het kosten?\n"
        "Bedragen x € 1.000 | Begroting 2025 |\nLasten | 45.210 |\n"
        "3.2 Wmo\nWat willen we bereiken?\nThuis wonen.\n"
    ))
    assert [r["section"] for r in tables.tables["indicator_facts"].to_pylist()] == ["Indicatoren"]
    assert money(tables) == {("Lasten", "Begroting 2025"): ("Jeugd", 2025, 45_210_000.0)}
    assert "table-unknown-layout" not in codes(tables)


def test_table_cells_do_not_say_what_the_document_is(tmp_path):
    _, tables = run(tmp_path, "p4.txt", (
        "Zorg en welzijn\n4.1 Wmo\nWat mag het kosten?\n"
        "Bedragen x € 1.000 | Jaarrekening 2023 | Begroting 2025 |\nLasten | 61.234 | 64.321 |\n"
    ))
    assert tables.meta.document_type == "begroting"
    assert "budget-year-conflict" not in codes(tables)


def test_realised_figures_of_the_document_year_make_it_a_report(tmp_path):
    kerngegevens = "Kerngegevens\nomschrijving | rekening 2024 | rekening 2025 |\ninwoners | 89.321 | 89.904 |\n"
    _, tables = run(tmp_path, "kerngegevens.txt", kerngegevens)
    assert tables.meta.document_type == "jaarrekening"
    assert "document-type-from-tables" in codes(tables)
    # realised figures of earlier years are what a budget prints too
    _, tables = run(tmp_path, "eerder.txt", kerngegevens.replace("2025", "2023"))
    assert tables.meta.document_type == "begroting" and "document-type-assumed" in codes(tables)


def test_section_numbers_after_a_prefix_or_glued_to_the_title():
    assert split_section_number("Beleidsveld 5.1 Maatschappelijke ondersteuning") == ("5.1", "Maatschappelijke ondersteuning")
    assert split_section_number("3.2Wmo") == ("3.2", "Wmo")
    assert split_section_number("3.1 Beleidsveld Jeugd") == ("3.1", "Beleidsveld Jeugd")
    assert split_section_number("Tabel 3.1 Indicatoren jeugd") == (None, "Tabel 3.1 Indicatoren jeugd")
    assert split_section_number("1.5miljoen extra") == (None, "1.5miljoen extra")
    # a number without a dot: after a word that says so, or before a capitalised title
    assert split_section_number("Hoofdstuk 5 Financieel kader") == ("5", "Financieel kader")
    assert split_section_number("2.2: Aantrekkelijke stad") == ("2.2", "Aantrekkelijke stad")
    assert split_section_number("3 Structurele toevoegingen aan de reserves") == ("3", "Structurele toevoegingen aan de reserves")
    assert split_section_number("3 nieuwe scholen") == (None, "3 nieuwe scholen")
    assert split_section_number("A. Sociale structuur") == ("A", "Sociale structuur")
    assert split_section_number("1 Januari 2020 gaat de wet in") == (None, "1 Januari 2020 gaat de wet in")


# -- HTML ---------------------------------------------------------------------------------------


def test_bold_paragraphs_are_question_headings(tmp_path):
    _, tables = run(tmp_path, "p3.html", page(
        E.H1("Programma 3 Sociaal Domein"),
        E.H2("3.1 Beleidsveld Jeugd"),
        E.P(E.STRONG("Wat willen we bereiken?")),
        E.P("Jeugdigen groeien gezond op."),
        E.P(E.B("Wat gaan we daarvoor doen?"), E.BR(), "We versterken de toegang."),
        E.DETAILS(E.SUMMARY("Hoe meten we dat?"), E.P("Met de jeugdmonitor.")),
        E.P("Wat mag het kosten?"),
        E.P("Zie de tabel hieronder."),
        E.P(E.STRONG("Let op:"), " dit is geen vraag."),
    ))
    assert texts(tables) == [
        ("Beleidsveld Jeugd", "bereiken", "Jeugdigen groeien gezond op."),
        ("Beleidsveld Jeugd", "doen", "We versterken de toegang."),
        ("Beleidsveld Jeugd", "meten", "Met de jeugdmonitor."),
        ("Beleidsveld Jeugd", "kosten", "Zie de tabel hieronder."),
        ("Beleidsveld Jeugd", "kosten", "Let op: dit is geen vraag."),
    ]


def test_accordion_headings_keep_their_button_text(tmp_path):
    _, tables = run(tmp_path, "werk.html", page(
        E.H1("Werk en inkomen"),
        E.DIV(E.H2(E.BUTTON("Re-integratie", E.CLASS("accordion-button"))),
              E.DIV(E.H3(E.BUTTON("Wat willen we bereiken?")), E.P("Meer inwoners aan het werk."))),
        E.BUTTON("Sluiten"),
    ))
    assert [r["section"] for r in tables.tables["sections"].to_pylist()] == ["Re-integratie"]
    assert texts(tables) == [("Re-integratie", "bereiken", "Meer inwoners aan het werk.")]


def test_stacked_year_over_measure_header(tmp_path):
    """Jaarstukken put the year over `Realisatie` / `Streefwaarde`: `2023 Streefwaarde`."""
    table = E.TABLE(
        E.THEAD(
            E.TR(E.TH("Indicator", rowspan="2"), E.TH("Bron", rowspan="2"), E.TH("2022"), E.TH("2023", colspan="2")),
            E.TR(E.TH("Realisatie"), E.TH("Streefwaarde"), E.TH("Realisatie")),
        ),
        E.TBODY(E.TR(E.TH("Jeugdhulp", scope="row"), E.TD("CBS"), E.TD("11,2%"), E.TD("≤ 11%"), E.TD("11,8%"))),
    )
    _, tables = run(tmp_path, "p3.html", page(E.H1("Sociaal domein"), E.H2("3.1 Jeugd"),
                                              E.DIV(table, E.CLASS("table-responsive"))), year=2023)
    assert facts(tables) == {
        ("Jeugdhulp", "actual", "Zwolle", 2022, 11.2, None),
        ("Jeugdhulp", "target", "Zwolle", 2023, 11.0, "<="),
        ("Jeugdhulp", "actual", "Zwolle", 2023, 11.8, None),
    }


def test_money_table_headed_omschrijving_in_a_figure(tmp_path):
    table = E.TABLE(
        E.CAPTION("Bedragen x € 1.000"),
        E.THEAD(E.TR(E.TH("Omschrijving"), E.TH("Rekening 2023"), E.TH("Begroting 2025"))),
        E.TBODY(
            E.TR(E.TH("Lasten", scope="row"), E.TD("€ 54.321"), E.TD("€ 57.500")),
            E.TR(E.TH("Baten", scope="row"), E.TD("(4.321)"), E.TD("(4.100)")),
        ),
    )
    _, tables = run(tmp_path, "p3.html", page(E.H1("Sociaal Domein"), E.H2("3.1 Jeugd"),
                                              E.FIGURE(table, E.CLASS("table"))))
    assert money(tables) == {
        ("Lasten", "Rekening 2023"): ("Jeugd", 2023, 54_321_000.0),
        ("Lasten", "Begroting 2025"): ("Jeugd", 2025, 57_500_000.0),
        ("Baten", "Rekening 2023"): ("Jeugd", 2023, -4_321_000.0),
        ("Baten", "Begroting 2025"): ("Jeugd", 2025, -4_100_000.0),
    }
    assert tables.count("indicator_facts") == 0


def test_scale_line_above_or_below_a_money_table(tmp_path):
    def money_table():
        return E.TABLE(
            E.THEAD(E.TR(E.TH(""), E.TH("Begroting 2025"))),
            E.TBODY(E.TR(E.TD("Lasten"), E.TD("120.000"))),
        )

    for name, body in [
        ("above.html", [E.P(E.EM("Bedragen x € 1.000")), money_table()]),
        ("below.html", [money_table(), E.P("(bedragen x € 1.000)")]),
    ]:
        _, tables = run(tmp_path, name, page(E.H1("Sociaal domein"), E.H2("Jeugd"), E.H3("Wat mag het kosten?"), *body))
        assert money(tables) == {("Lasten", "Begroting 2025"): ("Jeugd", 2025, 120_000_000.0)}, name
        assert "table-unknown-layout" not in codes(tables)


def test_superscript_footnote_markers(tmp_path):
    table = E.TABLE(
        E.TR(E.TH("Indicator"), E.TH("Bron"), E.TH("2025")),
        E.TR(E.TD("Uitstroom naar werk", E.SUP("1")), E.TD("Suite"), E.TD("450")),
        E.TR(E.TD("Woningen per km", E.SUP("2")), E.TD("CBS"), E.TD("1.200")),
    )
    document, tables = run(tmp_path, "p2.html", page(
        E.H1("Sociaal domein"), E.H2("Participatie"), table,
        E.P(E.SUP("1"), " Uitstroom naar betaald werk.", E.BR(), E.SUP("2"), " Per vierkante kilometer."),
    ))
    indicators = {(r["indicator"], r["footnote"]) for r in tables.tables["indicators"].to_pylist()}
    assert indicators == {
        ("Uitstroom naar werk", "Uitstroom naar betaald werk."),
        ("Woningen per km", "Per vierkante kilometer."),
    }
    # The footnotes stay in the page's text as well.
    assert [t for _, _, t in texts(tables)] == ["¹ Uitstroom naar betaald werk. ² Per vierkante kilometer."]
    assert "footnote-unresolved" not in codes(tables)
