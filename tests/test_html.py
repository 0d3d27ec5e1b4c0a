"""The HTML extractor: the seed rendition against the text seed, and the HTML real pages bring."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import builder as E
from lxml.html import tostring

from core.values import clean_text

from extractors import extract
from extractors.html import extract_html
from core.model import Document, ExtractionError, Grid, TextBlock
from extractors.tables import Context, TableReading, read_table
from tests.conftest import extract_tables

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
TEXT_SEED = RAW / "dalfsen/2025/dalfsen_2025_sociaal-domein.txt"
HTML_SEED = RAW / "dalfsen/2025/dalfsen_2025_sociaal-domein.html"


def page(*body, title: str = "Sociaal Domein - Begroting 2025 - Gemeente Dalfsen") -> bytes:
    html = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title)), E.BODY(*body))
    return tostring(html, doctype="<!DOCTYPE html>", encoding="utf-8")


def write(tmp_path: Path, data: bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(tmp_path: Path, *body) -> Document:
    return extract_html(write(tmp_path, page(E.H1("Sociaal Domein"), *body)))


def only_table(document: Document) -> Grid:
    found = document.tables()
    assert len(found) == 1
    return found[0][1]


def meaning(document: Document) -> TableReading:
    return read_table(only_table(document), Context("Dalfsen", 2025, "begroting"))


def rows(reading: TableReading) -> list[tuple]:
    return [(r.label, r.source, *(v.text for v in r.values)) for r in reading.rows]


def warehouse(path: Path):
    return extract_tables(path, path.relative_to(RAW).as_posix())


# -- the seed rendition -----------------------------------------------------------------------


def test_rendition_gives_the_same_facts_as_the_text_seed():
    _, text_tables = warehouse(TEXT_SEED)
    _, html_tables = warehouse(HTML_SEED)

    def facts(tables):
        # Positions differ between the forms (a table's index among the page's tables); meaning does not.
        rows = tables.tables["indicator_facts"].drop_columns(["document_id", "table_index"]).to_pylist()
        return sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items()))

    assert html_tables.status == "ok"
    assert len(facts(text_tables)) == 33
    assert facts(html_tables) == facts(text_tables)


def test_rendition_gives_the_same_text_blocks_and_sections_as_the_text_seed():
    text_doc, _ = warehouse(TEXT_SEED)
    html_doc, _ = warehouse(HTML_SEED)

    def blocks(document):
        return [(s.title if s else None, b.question, b.level, b.text) for s, b in document.text_blocks()]

    assert blocks(html_doc) == blocks(text_doc)
    assert [s.title for s in html_doc.sections] == [s.title for s in text_doc.sections]
    assert len(html_doc.sections) == 17
    assert html_doc.programme == "Sociaal Domein"
    assert html_doc.export_date == text_doc.export_date


def test_rendition_file_is_what_the_script_renders(tmp_path):
    spec = importlib.util.spec_from_file_location("render_seed_html", ROOT / "scripts/render_seed_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(TEXT_SEED) == HTML_SEED.read_bytes()


# -- tables -----------------------------------------------------------------------------------


def test_colspan_and_rowspan_expand_to_a_grid(tmp_path):
    table = E.TABLE(
        E.THEAD(
            E.TR(E.TH("Indicator", rowspan="2"), E.TH("Bron", rowspan="2"), E.TH("Nulmeting", rowspan="2"),
                 E.TH("Streefwaarde", colspan="3")),
            E.TR(E.TH("2025"), E.TH("2026"), E.TH("2027")),
        ),
        E.TBODY(
            E.TR(E.TD("Aantal inwoners met een uitkering"), E.TD("CBS", rowspan="2"), E.TD("410"),
                 E.TD("400", colspan="2"), E.TD("390")),
            E.TR(E.TD("Aantal huishoudens met bewindvoering"), E.TD("104 (2021)"), E.TD("100"), E.TD("95"),
                 E.TD("90")),
            E.TR(E.TD("Doel 2: participatie", colspan="6")),
        ),
    )  # fmt: skip
    grid = only_table(read(tmp_path, E.H2("Participatie"), table))
    assert grid.header_rows == 2
    assert [(c.text, c.rowspan, c.colspan) for c in grid.cells if c.row == 0][-1] == ("Streefwaarde", 1, 3)
    found = read_table(grid, Context("Dalfsen", 2025, "begroting"))
    assert [c.label for c in found.columns] == [
        "Indicator", "Bron", "Nulmeting", "Streefwaarde 2025", "Streefwaarde 2026", "Streefwaarde 2027",
    ]  # fmt: skip
    assert [c.role for c in found.columns] == ["label", "source", "value", "value", "value", "value"]
    assert [(c.measure, c.period) for c in found.columns[2:]] == [
        ("baseline", None), ("target", 2025), ("target", 2026), ("target", 2027),
    ]  # fmt: skip
    # A label spanning the row is a group heading, not a value in every column; a rowspan
    # repeats its cell in every row it covers.
    assert rows(found) == [
        ("Aantal inwoners met een uitkering", "CBS", "410", "400", "400", "390"),
        ("Aantal huishoudens met bewindvoering", "CBS", "104 (2021)", "100", "95", "90"),
    ]


def test_th_header_row_without_thead(tmp_path):
    table = E.TABLE(
        E.TR(E.TH("Indicator"), E.TH("Eenheid"), E.TH("Periode"), E.TH("Bron"), E.TH("Dalfsen"), E.TH("Nederland")),
        # A row header in the body is still a body row.
        E.TR(E.TH("Niet-sporters"), E.TD(), E.TD("2020"), E.TD("Gezondheidsmonitor"), E.TD("48,8"), E.TD("49,2")),
    )
    found = meaning(read(tmp_path, table))
    assert [c.area for c in found.columns][-2:] == ["Dalfsen", "Nederland"]
    assert [(v.measure, v.area, v.period, v.text) for v in found.rows[0].values] == [
        ("actual", "Dalfsen", 2020, "48,8"), ("actual", "Nederland", 2020, "49,2"),
    ]  # fmt: skip
    assert rows(found) == [("Niet-sporters", "Gezondheidsmonitor", "48,8", "49,2")]


def test_td_header_row_is_recognised_by_its_labels(tmp_path):
    table = E.TABLE(
        E.TR(E.TD("Indicator"), E.TD("Bron"), E.TD("Nulmeting 2019"), E.TD("2025")),
        E.TR(E.TD("Aantal garantiebanen"), E.TD("UWV"), E.TD("12"), E.TD("15")),
    )
    document = read(tmp_path, table)
    found = meaning(document)
    assert found.kind == "indicator"
    assert (found.columns[2].measure, found.columns[2].period) == ("baseline", 2019)
    assert rows(found) == [("Aantal garantiebanen", "UWV", "12", "15")]
    assert not any(i.code == "table-unknown-layout" for i in found.issues)


def test_table_without_header_is_reported(tmp_path):
    table = E.TABLE(E.TR(E.TD("Lasten"), E.TD("1.234")), E.TR(E.TD("Baten"), E.TD("567")))
    document = read(tmp_path, table)
    assert any(i.code == "table-unknown-layout" for i in meaning(document).issues)


def test_br_in_cells_and_paragraphs_is_a_space(tmp_path):
    table = E.TABLE(
        E.THEAD(E.TR(E.TH("Indicator"), E.TH("Bron"), E.TH("2025"))),
        E.TBODY(E.TR(E.TD("Aantal", E.BR(), "huishoudens"), E.TD("Eigen", E.BR(), "administratie"), E.TD("90"))),
    )
    document = read(tmp_path, E.P("Eerste regel", E.BR(), "tweede regel"), table)
    assert rows(meaning(document)) == [("Aantal huishoudens", "Eigen administratie", "90")]
    assert [clean_text(b.text) for _, b in document.text_blocks()] == ["Eerste regel tweede regel"]


# -- footnotes --------------------------------------------------------------------------------


def _footnoted_table():
    return E.TABLE(
        E.THEAD(E.TR(E.TH("Indicator"), E.TH("Bron"), E.TH("2025"))),
        E.TBODY(
            E.TR(E.TD("Doel 5: aantal personen met Beschut Werk*"), E.TD("UWV"), E.TD("20")),
            E.TR(E.TD("Doel 6: aantal garantiebanen**"), E.TD("UWV"), E.TD()),
        ),
    )


def test_footnote_paragraphs_below_a_table_resolve_its_markers(tmp_path):
    document = read(
        tmp_path,
        _footnoted_table(),
        E.P("* Beschut werk: een dienstverband onder aangepaste omstandigheden."),
        E.P("** Garantiebanen: banen voor mensen met een arbeidsbeperking."),
        E.P("Daarna gewone tekst."),
    )
    found = meaning(document)
    assert [(r.label, r.footnote) for r in found.rows] == [
        ("Doel 5: aantal personen met Beschut Werk", "Beschut werk: een dienstverband onder aangepaste omstandigheden."),
        ("Doel 6: aantal garantiebanen", "Garantiebanen: banen voor mensen met een arbeidsbeperking."),
    ]
    # The footnotes stay in the page's text as well: nothing printed is lost.
    assert [b.text for _, b in document.text_blocks()][-1] == "Daarna gewone tekst."
    assert not any(i.code == "footnote-unresolved" for i in found.issues)


def test_footnotes_split_by_br_in_one_paragraph(tmp_path):
    document = read(tmp_path, _footnoted_table(), E.P("* Beschut werk.", E.BR(), "** Garantiebanen."))
    assert [r.footnote for r in meaning(document).rows] == ["Beschut werk.", "Garantiebanen."]


def test_unresolved_footnote_marker_is_an_issue(tmp_path):
    document = read(tmp_path, _footnoted_table(), E.P("* Beschut werk."), E.P("Gewone tekst."))
    found = meaning(document)
    assert [r.footnote for r in found.rows] == ["Beschut werk.", None]
    assert [i.code for i in found.issues if i.code.startswith("footnote")] == ["footnote-unresolved"]


# -- structure and text -----------------------------------------------------------------------


def test_headings_sections_questions_and_nested_lists(tmp_path):
    document = read(
        tmp_path,
        E.H2("Wat is ons beleid?"),
        E.H2("Jeugdzorg"),
        E.H3("Wat gaan we er voor doen?"),
        E.UL(
            E.LI("Preventie:", E.UL(E.LI("Inzet van ", E.B("voorliggende"), " voorzieningen", E.UL(E.LI("diep"))))),
            E.LI(E.P("Geïndiceerde jeugdhulp:"), E.OL(E.LI("regionaal ingekocht"))),
        ),
        E.H3("Hoe meten we dat?"),
        E.P("Via het regionale monitoringssysteem."),
    )
    assert [(s.title, s.level, s.parent) for s in document.sections] == [("Jeugdzorg", 1, "Sociaal Domein")]
    assert [(b.kind, b.level, b.question, b.text) for _, b in document.text_blocks()] == [
        ("list_item", 1, "doen", "Preventie:"),
        ("list_item", 2, "doen", "Inzet van voorliggende voorzieningen"),
        ("list_item", 3, "doen", "diep"),
        ("list_item", 1, "doen", "Geïndiceerde jeugdhulp:"),
        ("list_item", 2, "doen", "regionaal ingekocht"),
        ("paragraph", 0, "meten", "Via het regionale monitoringssysteem."),
    ]


def test_scripts_styles_nav_and_comments_are_ignored(tmp_path):
    document = extract_html(
        write(
            tmp_path,
            page(
                E.STYLE("body { color: red; }"),
                E.E.nav(E.UL(E.LI(E.A("Home", href="/")))),
                E.H1("Sociaal Domein"),
                etree.Comment(" generated by the platform "),
                E.H2("Wmo"),
                E.SCRIPT("var x = '<p>geen tekst</p>';"),
                E.E.noscript(E.P("Zet javascript aan")),
                E.E.template(E.P("sjabloon")),
                E.P("Zelfstandig wonen."),
                E.E.footer(E.P("Deze pagina is gebouwd op 10/29/2024 09:54:19 met de export van 10/29/2024 09:52:11")),
            ),
        )
    )
    assert [b.text for _, b in document.text_blocks()] == ["Zelfstandig wonen."]
    assert document.export_date.isoformat() == "2024-10-29"
    assert document.budget_year_hint == 2025  # from the <title>


def test_tag_soup_and_entities_still_parse(tmp_path):
    soup = (
        b"<html><body><h1>Sociaal Domein<h2>Wmo</h2><h3>Wat gaan we ervoor doen?"
        b"<p>Kosten &euro; 1.000 &amp; meer &nbsp;<p>Tweede <b>vet <i>schuin</b> alinea"
        b"<ul><li>een<li>twee &#8211; drie</ul>"
        b"<table><tr><td>Indicator<td>Bron<td>2025<tr><td>Aantal<td>CBS<td>5</table>"
        b"<div>losse tekst <span>in een div</div></span></p></body>"
    )
    document = extract_html(write(tmp_path, soup))
    assert document.programme == "Sociaal Domein"
    assert [s.title for s in document.sections] == ["Wmo"]
    assert [(b.kind, b.text) for _, b in document.text_blocks()] == [
        ("paragraph", "Kosten € 1.000 & meer"),
        ("paragraph", "Tweede vet schuin alinea"),
        ("list_item", "een"),
        ("list_item", "twee – drie"),
        ("paragraph", "losse tekst in een div"),
    ]
    assert {b.question for _, b in document.text_blocks()} == {"doen"}
    assert rows(meaning(document)) == [("Aantal", "CBS", "5")]


def test_deep_nesting_does_not_blow_the_stack(tmp_path):
    outer = E.DIV()
    inner = outer
    for _ in range(10_000):
        inner = etree.SubElement(inner, "div")
    inner.text = "Diep verstopte tekst."
    document = read(tmp_path, E.H2("Wmo"), outer, E.P("Daarna."))
    assert [b.text for _, b in document.text_blocks()] == ["Diep verstopte tekst.", "Daarna."]


def test_deeply_nested_lists_do_not_blow_the_stack(tmp_path):
    top = E.UL()
    parent = top
    for depth in range(1, 3001):
        item = etree.SubElement(parent, "li")
        item.text = f"niveau {depth}"
        parent = etree.SubElement(item, "ul")
    levels = [b.level for _, b in read(tmp_path, top).text_blocks()]
    assert levels == list(range(1, 3001))


# -- decoding and rejection -------------------------------------------------------------------


def test_windows_1252_declared_as_latin_1(tmp_path):
    markup = '<html><head><meta charset="iso-8859-1"></head><body><h1>Financiën</h1><p>€ 1.234</p></body></html>'
    document = extract_html(write(tmp_path, markup.encode("cp1252")))
    assert [s.title for s in document.sections] == ["Financiën"]
    assert [b.text for _, b in document.text_blocks()] == ["€ 1.234"]


def test_undeclared_windows_1252_falls_back(tmp_path):
    markup = "<html><body><h1>Financiën</h1><p>Cliëntervaring</p></body></html>"
    document = extract_html(write(tmp_path, markup.encode("cp1252")))
    assert [s.title for s in document.sections] == ["Financiën"]
    assert any(i.code == "encoding-fallback" for i in document.issues)


def test_utf16_with_bom(tmp_path):
    markup = "<html><body><h1>Sociaal Domein</h1><p>Oekraïense vluchtelingen</p></body></html>"
    document = extract_html(write(tmp_path, markup.encode("utf-16")))
    assert [b.text for _, b in document.text_blocks()] == ["Oekraïense vluchtelingen"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "wrong-format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4, "not-text"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 64, "not-text"),
        (b"", "empty"),
        (b" \n\t\r\n ", "empty"),
    ],
    ids=["pdf", "png", "zip", "empty", "whitespace"],
)
def test_files_that_are_no_html_are_rejected(tmp_path, data, code):
    with pytest.raises(ExtractionError) as raised:
        extract(write(tmp_path, data))
    assert raised.value.code == code
    assert raised.value.message


def test_dispatch_reads_htm_files(tmp_path):
    document = extract(write(tmp_path, page(E.H1("Sociaal Domein"), E.P("Tekst.")), name="page.htm"))
    assert document.format == "html"
    assert isinstance(document.text_blocks()[0][1], TextBlock)


def test_page_title_over_a_block_of_the_same_title_is_one_section(tmp_path):
    markup = (
        "<html><body><h1>Kerngegevens</h1><h2>Kerngegevens</h2><p>Stand per 1 januari.</p>"
        "<h2>Sociale structuur</h2><p>Inwoners.</p></body></html>"
    )
    document = extract_html(write(tmp_path, markup.encode()))
    assert [s.title for s in document.sections] == ["Kerngegevens", "Sociale structuur"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, encoding):
    markup = "<html><body><h1>Sociaal Domein</h1><p>Oekraïense vluchtelingen</p></body></html>"
    document = extract_html(write(tmp_path, markup.encode(encoding)))
    assert [b.text for _, b in document.text_blocks()] == ["Oekraïense vluchtelingen"]
    assert any(i.code == "encoding-utf16" for i in document.issues)
