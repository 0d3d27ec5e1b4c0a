"""Pages with ruled tables read by PDFium: the edges of their drawings are pdfplumber's, and
pdfplumber's own table finder, run on them and on PDFium's characters, finds the same cells
with the same text. The PDFs are the corpus pages as headless Chromium printed them (every
table ruled) and a real budget book whose rules are drawn as paths of many segments."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pdfplumber.table import TableFinder, TableSettings

from extractors.pdf.chars import text_of
from extractors.pdf.drawings import Sheet, may_hold_ruled_table, page_drawings
from extractors.pdf.pages import _cell_texts, _pdfium_page, _read_page, _shading

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BOOK = CORPUS / "books" / "wassenaar_2025_begroting-geamendeerd.pdf"
PAGES = [
    (CORPUS / "pdf-chromium" / "breda_2021_landelijke-taakvelden.pdf", 0),  # 19 columns
    (CORPUS / "pdf-chromium" / "alphenchaam_2018_overzicht-van-baten-en-lasten.pdf", 0),  # spans
    (CORPUS / "pdf-chromium" / "bronckhorst_2023_baten-en-lasten-per-programma.pdf", 0),  # shaded headers
    (CORPUS / "pdf-chromium" / "zoetermeer_2022_prestatie-indicatoren.pdf", 1),  # a table continued
    (BOOK, 42),  # rules drawn as paths of many segments
    (BOOK, 71),
]
SETTINGS = TableSettings.resolve({"vertical_strategy": "lines", "horizontal_strategy": "lines"})


def _edge(edge: dict) -> tuple:
    return edge["orientation"], edge["object_type"], *(round(edge[k], 2) for k in ("x0", "x1", "top", "bottom"))


@pytest.fixture(params=PAGES, ids=lambda p: f"{p[0].stem}-{p[1] + 1}")
def page(request):
    path, index = request.param
    pdf = pypdfium2.PdfDocument(path)
    with pdfplumber.open(path) as plumber:
        yield pdf[index], plumber.pages[index], index + 1
    pdf.close()


def test_pdfium_drawings_are_pdfplumbers(page):
    pdfium_page, plumber_page, _ = page
    assert may_hold_ruled_table(pdfium_page)
    drawings = page_drawings(pdfium_page, pdfium_page.get_height())
    assert drawings is not None
    assert Counter(map(_edge, drawings.edges)) == Counter(map(_edge, plumber_page.edges))
    assert sorted(_rounded(drawings.shading)) == sorted(_rounded(_shading(plumber_page)))


def _rounded(boxes):
    return [tuple(round(v, 2) for v in box) for box in boxes]


def test_pdfplumbers_table_finder_finds_its_tables_on_pdfium(page):
    pdfium_page, plumber_page, _ = page
    height, width = pdfium_page.get_height(), pdfium_page.get_width()
    drawings = page_drawings(pdfium_page, height)
    with text_of(pdfium_page, height) as text:
        sheet = Sheet(width, height, drawings.edges, text.plumber_chars)
        mine = TableFinder(sheet, SETTINGS).tables
        theirs = plumber_page.find_tables(SETTINGS)
        assert len(mine) == len(theirs) > 0
        for a, b in zip(mine, theirs):
            cells_a = [c for row in a.rows for c in row.cells]
            cells_b = [c for row in b.rows for c in row.cells]
            assert [c is None for c in cells_a] == [c is None for c in cells_b]
            # Single against double precision: the same cells to a hundredth of a point.
            assert all(max(abs(u - v) for u, v in zip(x, y)) < 0.01 for x, y in zip(cells_a, cells_b) if x)
            assert a.extract() == b.extract() == _cell_texts(a, sheet.chars) == _cell_texts(b, plumber_page.chars)


def test_a_ruled_page_read_by_pdfium_is_the_page_pdfplumber_reads(page):
    pdfium_page, plumber_page, number = page
    mine = _pdfium_page(pdfium_page.pdf, number - 1, number, {})
    theirs = _read_page(plumber_page, number)
    assert mine is not None
    assert [(line.text, round(line.top, 1), line.size, line.bold) for line in mine.lines] == [
        (line.text, round(line.top, 1), line.size, line.bold) for line in theirs.lines
    ]
    assert len(mine.ruled) == len(theirs.ruled) > 0
    for a, b in zip(mine.ruled, theirs.ruled):
        assert a.rows == b.rows
        assert [(c.text, c.row, c.col, c.rowspan, c.colspan, c.header) for c in a.cells] == [
            (c.text, c.row, c.col, c.rowspan, c.colspan, c.header) for c in b.cells
        ]


def test_drawings_in_a_form_xobject_send_the_page_to_pdfplumber(tmp_path):
    # A form's drawings are placed by the form's matrix, which PDFium's path objects inside it
    # do not carry; pdfplumber reads such a page.
    from reportlab.pdfgen import canvas

    path = tmp_path / "formulier.pdf"
    sheet = canvas.Canvas(str(path))
    sheet.beginForm("raster")
    for k in range(4):
        sheet.line(72, 600 + 20 * k, 400, 600 + 20 * k)
        sheet.line(72 + 100 * k, 600, 72 + 100 * k, 660)
    sheet.endForm()
    sheet.doForm("raster")
    sheet.drawString(80, 645, "Indicator")
    sheet.showPage()
    sheet.save()
    pdf = pypdfium2.PdfDocument(path)
    assert page_drawings(pdf[0], pdf[0].get_height()) is None
    assert _pdfium_page(pdf, 0, 1, {}) is None
    pdf.close()


def test_a_footnote_marker_is_read_as_printed_where_pdfminer_splits_it():
    # pdfminer gives the third star of `***` a font size that differs in its 14th digit, and
    # pdfplumber's words break there (`* **`); PDFium prints the marker as one run.
    pdf = pypdfium2.PdfDocument(BOOK)
    page = _pdfium_page(pdf, 30, 31, {})
    pdf.close()
    with pdfplumber.open(BOOK) as plumber:
        theirs = _read_page(plumber.pages[30], 31)
    mine = [line.text for line in page.lines if "eenzaam te zijn" in line.text]
    assert mine == ["*** Percentage 18+ dat aangeeft matig tot (zeer) ernstig eenzaam te zijn."]
    assert [line.text for line in theirs.lines if "eenzaam te zijn" in line.text] == [
        "* ** Percentage 18+ dat aangeeft matig tot (zeer) ernstig eenzaam te zijn."
    ]
