"""Pages read with PDFium give the words pdfplumber gives; pages PDFium cannot read the same
way go to pdfplumber. The PDFs are real renderings: the corpus pages as LibreOffice Writer and
headless Chromium printed them, and reportlab for a font without a character map."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from extractors.pdf import extract_pdf
from extractors.pdf.chars import page_words
from extractors.pdf.pages import _is_bold

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
WRITER_PAGES = [
    "tilburg_2018_servicenormen",  # two pages, a table continued over the break
    "urk_2024_beleidsindicatoren",  # hyphens at line ends inside cells
    "waalwijk_2023_kerngegevens",
    "breda_2021_landelijke-taakvelden",  # 7 pt cells, 19 columns
]


def _words(page) -> list[dict] | None:
    """The page's words read by PDFium, keyed as pdfplumber keys them."""
    words = page_words(page, page.get_height())
    return None if words is None else [dict(zip(("top", "x0", "x1", "bottom", "text", "size", "fontname"), w)) for w in words]


def _key(word: dict) -> tuple:
    return word["text"], round(word["size"], 1), _is_bold(word["fontname"])


@pytest.mark.parametrize("stem", WRITER_PAGES)
def test_pdfium_words_are_pdfplumbers_words(stem):
    path = CORPUS / "pdf-writer" / f"{stem}.pdf"
    with pdfplumber.open(path) as plumber:
        pdf = pypdfium2.PdfDocument(path)
        for index, page in enumerate(pdf):
            mine = _words(page)
            assert mine is not None, f"page {index + 1} has no ruled table and is read by PDFium"
            theirs = plumber.pages[index].extract_words(extra_attrs=["size", "fontname"])
            assert sorted(map(_key, mine)) == sorted(map(_key, theirs))
            for a, b in zip(sorted(mine, key=_key_at), sorted(theirs, key=_key_at)):
                assert a["text"] == b["text"]
                assert max(abs(a[k] - b[k]) for k in ("x0", "x1", "top", "bottom")) < 0.25, (a, b)
        pdf.close()


def _key_at(word: dict) -> tuple:
    return round(word["top"]), round(word["x0"]), word["text"]


def test_a_font_without_a_tounicode_map_is_read_through_its_encoding_by_both(tmp_path):
    # Word processors leave /ToUnicode out of simple fonts; the font's encoding still maps
    # its glyphs, and PDFium must read the words pdfplumber reads.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    import reportlab

    font = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("VeraNoMap", str(font)))
    path = tmp_path / "zonder-tekenkaart.pdf"
    sheet = canvas.Canvas(str(path), pageCompression=0)
    sheet.setFont("VeraNoMap", 11)
    lines = ["Wat willen we bereiken?", "Meer inwoners sporten wekelijks.", "Aantal leden 1.250"]
    for k, line in enumerate(lines):
        sheet.drawString(72, 760 - 16 * k, line)
    sheet.showPage()
    sheet.save()
    data = path.read_bytes()
    assert b"/ToUnicode" in data
    path.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))  # the map to characters is gone

    with pdfplumber.open(path) as plumber:
        theirs = plumber.pages[0].extract_words(extra_attrs=["size", "fontname"])
    pdf = pypdfium2.PdfDocument(path)
    words = _words(pdf[0])
    pdf.close()
    assert [w["text"] for w in words] == [w["text"] for w in theirs] == " ".join(lines).split()
    document = extract_pdf(path)
    assert not any(issue.code == "text-unmapped" for issue in document.issues)


def _by_position(words: list[tuple]) -> list[tuple]:
    return sorted(words)


@pytest.mark.parametrize(
    "path",
    [CORPUS / "pdf-writer" / f"{stem}.pdf" for stem in WRITER_PAGES] + [CORPUS / "books" / "wassenaar_2025_begroting-geamendeerd.pdf"],
    ids=lambda p: p.stem,
)
def test_words_read_a_word_at_a_time_are_the_words_read_a_character_at_a_time(path):
    pdf = pypdfium2.PdfDocument(path)
    advances: dict = {}
    read = 0
    for page in pdf:
        words = page_words(page, page.get_height(), advances)
        reference = page_words(page, page.get_height(), whole_lines=False)
        assert (words is None) == (reference is None)
        if words is not None:
            assert _by_position(words) == _by_position(reference)
            read += 1
    pdf.close()
    assert read and advances, "pages were read, and the advances measured on them kept"


def test_a_word_set_with_gaps_is_split_as_pdfplumber_splits_it(tmp_path):
    # Letter-spaced text: one text object, no space characters, but gaps wider than 3 pt
    # between the letters, which pdfplumber reads as words of their own.
    from reportlab.pdfgen import canvas

    path = tmp_path / "spatie.pdf"
    sheet = canvas.Canvas(str(path))
    for k, spacing in enumerate((0, 4)):
        text = sheet.beginText(72, 700 - 40 * k)
        text.setFont("Helvetica", 11)
        text.setCharSpace(spacing)
        text.textOut("BEGROTING 2025")
        sheet.drawText(text)
    sheet.showPage()
    sheet.save()
    with pdfplumber.open(path) as plumber:
        theirs = plumber.pages[0].extract_words(extra_attrs=["size", "fontname"])
    pdf = pypdfium2.PdfDocument(path)
    mine = _words(pdf[0])
    pdf.close()
    assert [w["text"] for w in mine] == [w["text"] for w in theirs]
    assert [w["text"] for w in mine][:3] == ["BEGROTING", "2025", "B"]


def _read_on_threads(paths: list[str]) -> bool:
    from concurrent.futures import ThreadPoolExecutor

    serial = [extract_pdf(p) for p in paths]
    for _ in range(2):
        with ThreadPoolExecutor(4) as pool:
            if list(pool.map(extract_pdf, paths)) != serial:
                return False
    return True


def test_books_read_on_threads_at_once_read_as_one_at_a_time():
    # PDFium crashes its process when two threads call into it at once (the flow's thread
    # runner reads several books in one process). In a process of its own a crash fails
    # this test, not the test run.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    paths = sorted(str(p) for p in (CORPUS / "pdf-writer").glob("*.pdf"))[:40]
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(_read_on_threads, paths).result(timeout=600)
