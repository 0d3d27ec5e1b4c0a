"""The catalogue of issue codes: everything the pipeline skipped, guessed or rejected.

Every `Issue` names one of these codes; `extraction_issues.code` holds nothing else, so a BI
user can count and filter them. The severity says what happened to the data: `info` a guess
(the data is there, chosen by a rule), `warning` something skipped or kept without meaning,
`error` something lost (a document rejected, or part of it unreadable).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["info", "warning", "error"]

CODES: dict[str, str] = {
    # the file
    "empty": "the file is empty or holds only white space",
    "unsupported-format": "no reader for files with this ending",
    "wrong-format": "the bytes are of another format than the file name says",
    "not-text": "the file holds binary data, not text",
    "undecodable": "the bytes decode in no known encoding",
    "undecodable-bytes": "some bytes could not be decoded and were replaced",
    "encoding-fallback": "the text was decoded as Windows-1252",
    "encoding-utf16": "UTF-16 text without a byte-order mark, recognised by its zero bytes",
    "encoding-mismatch": "the page declares a charset it is not written in",
    "corrupt-pdf": "the PDF cannot be parsed",
    "encrypted": "the PDF is encrypted",
    "needs-ocr": "the PDF holds only images of text",
    "too-many-pages": "over the page limit",
    "too-large": "over the size limit",
    "too-many-lines": "a text file of more lines than any budget document has",
    "line-too-long": "a text line longer than any budget document prints",
    "table-too-long": "a table of more rows than any budget table has",
    "too-large-decompressed": "the PDF's streams inflate beyond the limit (a decompression bomb)",
    "unreadable": "the file cannot be opened",
    "bad-file-name": "a file name that is not valid UTF-8; the file is not read until it is renamed",
    "not-a-file": "not a regular file (a pipe, socket or device)",
    "outside-raw": "a link that points outside the raw folder",
    "out-of-memory": "reading the document needs more memory than the limit per document",
    "worker-died": "the worker process reading the document died twice (out of memory, or killed)",
    "worker-failed": "the worker process gave no result for the document",
    "extractor-failed": "the extractor failed on this document; the rest of the batch went on",
    "page-without-text": "a PDF page without a text layer",
    "page-unreadable": "a PDF page that cannot be read",
    "text-unmapped": "a PDF page whose fonts map to no characters",
    "running-text-removed": "running headers, footers and page numbers removed",
    "timeout": "over the time limit",
    "duplicate-file": "the same bytes as another raw file",
    "page-blank": "a PDF page without text",
    "cover-skipped": "a PDF cover page was skipped",
    "toc-skipped": "a table of contents was skipped",
    # who, what, when
    "municipality-conflict": "the path and the content name different municipalities; the path wins",
    "municipality-from-content": "the path names no municipality; the content does",
    "municipality-unknown": "neither the path nor the content names the municipality",
    "budget-year-conflict": "the path and the content name different budget years; the path wins",
    "budget-year-from-content": "the path names no budget year; the content does",
    "budget-year-from-file-name": "the budget year was taken from the file name",
    "budget-year-unknown": "neither the path nor the content gives the budget year",
    "document-type-assumed": "the document does not say what it is; a begroting is assumed",
    "document-type-from-path": "the document type was taken from the file path",
    "document-type-from-tables": "the tables report realised figures of the budget year: a jaarrekening",
    "not-a-budget-document": "no sections, questions or tables found",
    "contract-violation": "rows that break the warehouse contract were not written",
    # tables
    "table-unknown-layout": "a table the interpreter cannot give meaning; its cells are kept in table_cells",
    "table-without-rows": "a table header without body rows",
    "header-guessed": "which cells form the header, or which header label covers which column, was inferred",
    "measure-from-document-type": "a bare year column's measure follows from the document type",
    "measure-guessed": "a column names no kind of figure; its measure was inferred",
    "duplicate-column": "two columns mean the same measure, area and period; both kept, told apart by label",
    "column-ignored": "a column of unknown meaning was skipped",
    "row-without-label": "a row with values but no label was skipped",
    "row-realigned": "a row whose empty cells were dropped was re-aligned by what its cells look like",
    "row-too-long": "a row has more cells than the table has columns",
    "label-carried": "an empty label cell continues the row above",
    "footnote-unresolved": "a footnote marker has no footnote text below the table",
    "value-not-numeric": "a value cell holds text; kept in value_text with a null value",
    "amount-not-numeric": "a money cell holds text; kept in value_text with a null amount",
    "area-guessed": "an area column's name was read from a legend or a broken label",
}


@dataclass(frozen=True)
class Issue:
    """Something an extractor or transform skipped, guessed or rejected."""

    severity: Severity
    code: str
    message: str
    location: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"issue code {self.code!r} is not in the catalogue (core.issues.CODES)")
