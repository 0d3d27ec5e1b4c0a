"""PDF budget books: the words on the page -> the document model.

Reading takes two steps.

1. Page by page, each page released as soon as it is read: words (with font size and weight)
   grouped into lines, a line split into *segments* where its words stand a column gap apart,
   and ruled tables taken whole from pdfplumber's table finder (lines strategy). PDFium reads
   the page (`chars`: the same words as pdfplumber's, many times faster; `drawings`: the edges
   its table finder works on); pdfplumber reads what PDFium cannot read as it would. What is
   kept is about the size of the text, so memory does not grow with the pages parsed.
2. For the whole document: running headers, footers and page numbers (lines repeated at the
   same height on many pages) and table-of-contents pages are dropped; two-column pages are put
   in reading order; the body font size is the most common one; lines become headings (larger,
   or bold and numbered `7.3 …`, or a question), paragraphs (re-flowed, hyphenated line ends
   joined), list items (nested by indent) and unruled tables (columns where no word stands);
   a table broken over pages is joined and footnote lines under a table are attached.
   `structure.assemble` makes sections and questions of the result.

Which row is a header, what a column means, the money scale and footnote markers are decided
in `extractors.tables`; this package only finds the cells on the page.

The modules, in the order `extract_pdf` below uses them:

* `pages`  - bad-file checks (incl. the decompression-bomb guard), opening the PDF, reading each
  page into `Line`s of `Segment`s and `RuledTable`s, page-level issues (step 1);
* `chars`  - the words and characters of a page read by PDFium, as pdfplumber would give them;
* `drawings` - the edges and shaded boxes of a page's drawings read by PDFium, as pdfplumber's
  table finder and the header hints take them;
* `pdfium` - the lock every use of PDFium holds: it cannot be called from two threads at once;
* `layout` - running headers/footers, table of contents, cover, reading order of two-column
  pages, and measuring the body font size, line pitch and heading sizes;
* `reader` - `_Reader`: lines -> headings, paragraphs (re-flowed) and list items;
* `grid`   - the table-finding half of `_Reader` (ruled and unruled tables, captions, footnotes),
  joining tables continued over pages, and handing cells to `extractors.tables`.
"""

from __future__ import annotations

from pathlib import Path

from extractors.hints import infer_hints
from core.model import Document, ExtractionError, Grid
from extractors.pdf.grid import RawTable, _build, _cards, _merge_continued
from extractors.pdf.layout import _clean, _measure
from extractors.pdf.pages import (
    MAX_DECOMPRESSED_BYTES,
    MAX_PAGES,
    _check_file,
    _check_inflated_size,
    _join,  # noqa: F401  (tests import it from here)
    _read_pages,
)
from extractors.pdf.reader import _Reader
from extractors.structure import Element, assemble

__all__ = ["MAX_DECOMPRESSED_BYTES", "MAX_PAGES", "extract_pdf"]


def extract_pdf(
    path: str | Path, *, max_pages: int = MAX_PAGES, max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
) -> Document:
    """Read a PDF budget book into a `Document`; raises `ExtractionError` when it cannot."""
    path = Path(path)
    _check_file(path)
    _check_inflated_size(path, max_decompressed_bytes)
    document = Document(source_path=str(path), format="pdf")
    pages = _read_pages(path, document, max_pages)
    if not pages:
        if any(i.code == "page-unreadable" for i in document.issues):
            raise ExtractionError("corrupt-pdf", "no page of the PDF could be read")
        if any(i.code == "page-without-text" for i in document.issues):
            raise ExtractionError("needs-ocr", "no text layer: the PDF holds only images; it needs OCR")
        raise ExtractionError("empty", f"every page of the PDF is blank ({document.pages} pages, no text and no images)")

    items, running = _clean(pages, document)
    elements = _Reader(items, *_measure(items)).read()
    stream: list[Element] = []
    for element in _merge_continued(_cards(elements)):
        stream.extend(_build(element, document) if isinstance(element, RawTable) else [element])
    assemble(stream, document)
    # The cover's title, the running headers and the re-flowed paragraphs, as the other readers
    # give them: a line of prose wrapped at the page edge (`… opname in de begroting en …`) is
    # no title.
    texts = [document.title or "", *running, *(e.text for e in stream if not isinstance(e, Grid))]
    infer_hints(document, "\n".join(t for t in texts if t))
    return document
