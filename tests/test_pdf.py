"""The PDF extractor on real PDFs made by two independent renderers (tests/pdf_fixtures.py).

(a) Both seeds printed as budget books by reportlab and by fpdf2, with ruled and unruled tables,
    give exactly the gold facts, sections and indicators, and the same texts as the text seeds.
(b) An invented book with the hard parts of real ones: cover, table of contents, running header
    and footer, a two-column page, an indicator table over three pages, a money table.
(c) Files that cannot be read, or only partly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors import extract
from core.model import ExtractionError
from extractors.pdf import _join, extract_pdf
from extractors.text import extract_text
from extractors.tables import Context, read_table
from tests import pdf_fixtures as fx
from tests.conftest import SEED_2020, SEED_2025, extract_tables, fact_set, gold, normalise
from transforms.build import document_tables
from transforms.identity import PathInfo, resolve

SEEDS = {2020: SEED_2020, 2025: SEED_2025}
RENDERERS = {"reportlab": fx.render_document_reportlab, "fpdf": fx.render_document_fpdf}
# ruled: grid tables, running header and footer; unruled: tables without lines, whose cells
# stand at the top, middle or bottom of their row, and the printed variants of the questions.
LAYOUTS = {
    "ruled": lambda year: {"ruled": True, "running": fx.Running(f"Programmabegroting {year}", "Gemeente Dalfsen")},
    "unruled-top": lambda year: {"ruled": False, "variants": True},
    "unruled-middle": lambda year: {"ruled": False, "valign": "MIDDLE"},
    "unruled-bottom": lambda year: {"ruled": False, "valign": "BOTTOM", "variants": True},
}
TEXT_KEYS = ("section", "question", "kind", "level", "text")


def warehouse(path: Path, relative: str):
    return extract_tables(path, relative)


def rows(tables, name: str) -> list[dict]:
    return tables.tables[name].to_pylist()


# -- (a) the seeds as PDF books ----------------------------------------------------------------


@pytest.fixture(
    scope="module",
    params=[(year, renderer, layout) for year in SEEDS for renderer in RENDERERS for layout in LAYOUTS],
    ids=lambda p: "-".join(map(str, p)),
)
def seed_pdf(request, tmp_path_factory):
    year, renderer, layout = request.param
    path = tmp_path_factory.mktemp("seeds") / f"dalfsen_{year}_{renderer}_{layout}.pdf"
    RENDERERS[renderer](extract_text(SEEDS[year]), path, **LAYOUTS[layout](year))
    document, tables = warehouse(path, f"dalfsen/{year}/x.pdf")
    return year, path, document, tables


def test_seed_pdf_gives_exactly_the_gold_facts(seed_pdf):
    year, _, _, tables = seed_pdf
    expected = gold(f"dalfsen_{year}_sociaal-domein")
    assert tables.status == "ok"
    assert fact_set(rows(tables, "indicator_facts")) == fact_set(expected["facts"])
    assert [[r["section_number"], r["section"]] for r in rows(tables, "sections")] == expected["sections"]
    keys = ("section", "indicator", "source", "unit", "footnote")
    assert fact_set(rows(tables, "indicators"), keys) == fact_set(expected["indicators"], keys)


def test_seed_pdf_gives_the_texts_of_the_text_seed(seed_pdf):
    year, _, document, tables = seed_pdf
    text_document = extract_text(SEEDS[year])
    _, text_tables = warehouse_text(text_document, year)
    expected = [tuple(normalise(r[k]) for k in TEXT_KEYS) for r in rows(text_tables, "section_texts")]
    assert [tuple(normalise(r[k]) for k in TEXT_KEYS) for r in rows(tables, "section_texts")] == expected
    assert document.programme == text_document.programme == "Sociaal Domein"


def warehouse_text(document, year):
    meta = resolve(PathInfo.parse(f"dalfsen/{year}/x.txt"), document, document_id="t", size=1, format="text")
    return document, document_tables(document, meta)


def test_seed_pdf_rows_carry_their_page(seed_pdf):
    _, path, document, tables = seed_pdf
    assert document.pages == len(fx.page_texts(path))
    for name in ("sections", "section_texts", "indicators", "indicator_facts"):
        pages = [r["page"] for r in rows(tables, name)]
        assert pages and all(p is not None and 1 <= p <= document.pages for p in pages), name


# -- (b) an invented budget book ---------------------------------------------------------------

BOOKS = [
    ("reportlab", True, True),
    ("reportlab", False, False),
    ("fpdf", False, True),
    ("fpdf", True, False),
]


@pytest.fixture(
    scope="module",
    params=BOOKS,
    ids=lambda p: f"{p[0]}-{'ruled' if p[1] else 'unruled'}-{'repeat' if p[2] else 'norepeat'}",
)
def book(request, tmp_path_factory):
    renderer, ruled, repeat = request.param
    path = tmp_path_factory.mktemp("books") / f"book_{renderer}.pdf"
    spec = fx.budget_book(path, renderer=renderer, ruled=ruled, repeat_header=repeat)
    document, tables = warehouse(path, "voorbeeld/2025/programmabegroting.pdf")
    return spec, document, tables


def test_book_indicator_table_over_three_pages_gives_every_row_once_on_its_page(book):
    spec, document, tables = book
    assert len(set(spec.indicator_row_pages)) == 3
    long_tables = [t for _, t in document.tables() if t.n_rows > 1 and t.matrix()[1][0] == spec.indicator_rows[0][0]]
    assert len(long_tables) == 1, "the table is joined over its pages"
    grid = long_tables[0]
    reading = read_table(grid, Context("Zwolle", 2025, "begroting"))
    assert [c.label for c in reading.columns] == list(spec.indicator_header)
    matrix = grid.matrix()
    # A header printed again on the next page is no row: every row once.
    assert [tuple(matrix[reading.header_rows + r.index - 1]) for r in reading.rows] == [tuple(r) for r in spec.indicator_rows]
    assert [r.page for r in reading.rows] == list(spec.indicator_row_pages)

    indicators = [r for r in rows(tables, "indicators") if r["indicator"].startswith("Indicator ")]
    assert [r["indicator"] for r in indicators] == [r[0] for r in spec.indicator_rows]
    assert [r["page"] for r in indicators] == list(spec.indicator_row_pages)
    assert {r["section"] for r in indicators} == {spec.indicator_section}

    facts = [r for r in rows(tables, "indicator_facts") if r["indicator"].startswith("Indicator ")]
    expected = sorted(
        (row[0], period, cell, page)
        for row, page in zip(spec.indicator_rows, spec.indicator_row_pages)
        for period, cell in zip((2022, 2025, 2026, 2027, 2028), row[2:])
        if cell
    )
    assert sorted((f["indicator"], f["period"], f["value_text"], f["page"]) for f in facts) == expected


def expected_amount(printed: str) -> float:
    negative = printed.startswith("-") or printed.startswith("(")
    return (-1 if negative else 1) * float(printed.strip("-()").replace(".", "")) * 1000


def test_book_money_table_gives_financials_in_euros(book):
    spec, _, tables = book
    found = sorted(
        (r["section"], r["line_item"], r["column_label"], r["period"], r["value_text"], r["amount_eur"], r["scale"])
        for r in rows(tables, "financials")
    )
    expected = sorted(
        (spec.money_section, row[0], label, int(label[-4:]), cell, expected_amount(cell), 1000.0)
        for row in spec.money_rows
        for label, cell in zip(spec.money_header[1:], row[1:])
    )
    assert found == expected
    amounts = {(r["line_item"], r["column_label"]): r["amount_eur"] for r in rows(tables, "financials")}
    assert amounts[("Lasten", "Rekening 2023")] == 12_345_000.0
    assert amounts[("Baten", "Rekening 2023")] == -1_234_000.0  # printed -1.234
    assert amounts[("Baten", "Begroting 2024")] == -1_234_000.0  # printed (1.234)
    assert all(r["page"] is not None for r in rows(tables, "financials"))


def test_book_running_headers_and_page_numbers_are_not_text(book):
    spec, document, tables = book
    texts = [r["text"] for r in rows(tables, "section_texts")]
    for running in spec.running_texts:
        assert not any(running in text for text in texts)
    assert not any(re.fullmatch(r"\d{1,3}", text) for text in texts)
    assert any(i.code == "running-text-removed" for i in document.issues)


def test_book_two_column_page_reads_column_by_column(book):
    spec, _, tables = book
    texts = [r["text"] for r in rows(tables, "section_texts")]
    start = texts.index(spec.two_column_paragraphs[0])
    assert texts[start : start + len(spec.two_column_paragraphs)] == list(spec.two_column_paragraphs)


def test_book_table_of_contents_and_cover_are_not_sections(book):
    spec, document, tables = book
    assert [(r["section_number"], r["section"]) for r in rows(tables, "sections")] == list(spec.sections)
    texts = " ".join(r["text"] for r in rows(tables, "section_texts"))
    assert "Inhoudsopgave" not in texts and "....." not in texts
    assert {r["programme"] for r in rows(tables, "sections")} == set(spec.programmes)
    assert document.title == f"{fx.HEADER_LEFT} {fx.HEADER_RIGHT}"
    assert {i.code for i in document.issues} >= {"toc-skipped", "cover-skipped"}


def test_book_without_tables_is_its_sections_of_prose_and_lists(tmp_path):
    spec = fx.budget_book(tmp_path / "proza.pdf", tables=False)
    document, tables = warehouse(spec.path, "voorbeeld/2025/programmabegroting.pdf")
    assert not document.tables() and not rows(tables, "indicator_facts") and not rows(tables, "financials")
    assert [(r["section_number"], r["section"]) for r in rows(tables, "sections")] == list(spec.sections)
    kinds = {b.kind for _, b in document.text_blocks()}
    assert kinds == {"paragraph", "list_item"}


def test_book_paragraphs_reflow_and_bullets_nest(book):
    spec, document, _ = book
    blocks = [(s.title if s else None, b.question, b.kind, b.level, b.text) for s, b in document.text_blocks()]
    assert ("Dienstverlening", "bereiken", "paragraph", 0, spec.hyphenated[1]) in blocks
    bullets = [
        (level, text)
        for section, question, kind, level, text in blocks
        if section == "Dienstverlening" and kind == "list_item"
    ]
    assert [level for level, _ in bullets] == [1, 1, 2, 2, 1]
    assert bullets[3][1] == "korte wachttijden aan de balie en aan de telefoon, ook in de avonduren en op zaterdag."


def test_book_rows_carry_pages_and_identity(book):
    spec, document, tables = book
    assert tables.status == "ok"
    assert document.pages == spec.pages
    for name in ("sections", "section_texts", "indicators", "indicator_facts", "financials"):
        pages = [r["page"] for r in rows(tables, name)]
        assert pages and all(p is not None and 1 <= p <= spec.pages for p in pages), name
    assert (document.municipality_hint, document.budget_year_hint, document.document_type_hint) == (
        fx.MUNICIPALITY,
        fx.BOOK_YEAR,
        "begroting",
    )


# -- (c) files that cannot be read, or only partly -----------------------------------------------


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bad")


def reject(path: Path, **kwargs) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_pdf(path, **kwargs)
    return caught.value


def test_encrypted_pdf_is_rejected(bad):
    error = reject(fx.encrypted_pdf(bad / "encrypted.pdf"))
    assert error.code == "encrypted"
    assert "password" in error.message


def test_truncated_pdf_is_rejected(bad):
    source = fx.render_reportlab([fx.H("Sociaal Domein", 0), fx.P("Tekst.")], bad / "whole.pdf")
    for keep in (0.5, 0.97):
        error = reject(fx.truncated_pdf(source, bad / f"cut{keep}.pdf", keep))
        assert error.code == "corrupt-pdf"
        assert "truncated" in error.message


def test_file_that_is_no_pdf_is_rejected(bad):
    error = reject(fx.not_a_pdf(bad / "download.pdf"))
    assert (error.code, error.message) == ("corrupt-pdf", "not a PDF: the file does not start with %PDF-")


def test_zero_byte_pdf_is_rejected(bad):
    error = reject(fx.zero_byte_pdf(bad / "zero.pdf"))
    assert error.code == "empty"


def test_image_only_pdf_needs_ocr(bad):
    error = reject(fx.image_only_pdf(bad / "scan.pdf"))
    assert (error.code, error.message) == ("needs-ocr", "no text layer: the PDF holds only images; it needs OCR")


def test_a_pdf_of_blank_pages_is_empty_not_a_scan(bad):
    from reportlab.pdfgen import canvas

    path = bad / "blanco.pdf"
    sheet = canvas.Canvas(str(path))
    for _ in range(3):
        sheet.showPage()
    sheet.save()
    error = reject(path)
    assert error.code == "empty" and "3 pages" in error.message and "blank" in error.message


def test_too_many_pages(bad):
    path = fx.blank_page_pdf(bad / "three.pdf")
    error = reject(path, max_pages=2)
    assert error.code == "too-many-pages"
    assert extract_pdf(path, max_pages=3).pages == 3


def test_a_decompression_bomb_is_measured_and_what_cannot_be_one_is_not(bad):
    from extractors.pdf.pages import _MOST_ASCII85, _MOST_INFLATION

    # 8 MB from a stream of 2 kB: ASCII85 (`z`, four zero bytes) over Flate.
    path = fx.inflating_pdf(bad / "bom.pdf", 8)
    inflated = 8 << 20
    assert reject(path, max_decompressed_bytes=inflated - (1 << 20)).code == "too-large-decompressed"
    assert extract_pdf(path, max_decompressed_bytes=inflated + (1 << 20)).pages == 1
    # Above what the file could inflate to at the highest ratios, nothing needs measuring.
    most = path.stat().st_size * _MOST_ASCII85 * _MOST_INFLATION
    assert most > inflated > path.stat().st_size * _MOST_INFLATION
    assert extract_pdf(path, max_decompressed_bytes=most).pages == 1


def test_the_most_an_ascii85_stream_decodes_to_is_no_less_than_it_does():
    import base64

    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE

    from extractors.pdf.pages import _most_decoded

    for data in (bytes(4000), bytes(range(256)) * 9, b"\x00\x00\x00\x00abc" * 300):
        encoded = base64.a85encode(data, adobe=False)
        assert len(data) <= _most_decoded(encoded, LITERALS_ASCII85_DECODE[:1], LITERALS_ASCII85_DECODE) < len(data) + 8


def partial(path: Path, code: str) -> None:
    document, tables = warehouse(path, "voorbeeld/2025/book.pdf")
    assert tables.status == "partial"
    issues = [i for i in rows(tables, "extraction_issues") if i["code"] == code]
    assert [(i["severity"], i["location"]) for i in issues] == [("error", "page 2")]
    assert {b.page for _, b in document.text_blocks()} == {1, 3}, "the other pages are kept"
    assert len(document.sections) == 2


def test_scanned_page_makes_the_document_partial(bad):
    partial(fx.pdf_with_scanned_page(bad / "one_scanned.pdf"), "page-without-text")


def test_unreadable_page_makes_the_document_partial(bad):
    partial(fx.pdf_with_unreadable_page(bad / "one_broken.pdf"), "page-unreadable")


def test_blank_page_is_no_error(bad):
    document, tables = warehouse(fx.blank_page_pdf(bad / "blank.pdf"), "voorbeeld/2025/book.pdf")
    assert tables.status == "ok"
    assert [(i.severity, i.code, i.location) for i in document.issues if i.code == "page-blank"] == [
        ("info", "page-blank", "page 2")
    ]


def test_dispatch_reads_pdf(bad):
    path = fx.blank_page_pdf(bad / "dispatch.pdf")
    assert extract(path).format == "pdf"


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("een goede gezond-", "heid voor", "een goede gezondheid voor"),
        ("provincie Noord-", "Brabant", "provincie Noord-Brabant"),
        ("leerlingen 5-", "18 jr", "leerlingen 5-18 jr"),
        ("samen", "werken", "samen werken"),
        ("de periode 2023 -", "2026", "de periode 2023 - 2026"),
    ],
)
def test_lines_join_with_hyphenation(left, right, joined):
    assert _join(left, right) == joined


def test_a_word_in_wrapped_prose_does_not_name_the_document():
    # Amstelveen 2017 kerngegevens (Writer): `Naast opname in de begroting en verantwoording …`
    # is a line of prose wrapped at the page edge, not a title; the text form says the same
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    pdf = extract_pdf(corpus / "pdf-writer" / "amstelveen_2017_kerngegevens.pdf")
    text = extract_text(corpus / "docs" / "amstelveen_2017_kerngegevens.txt")
    assert pdf.document_type_hint is None and text.document_type_hint is None
