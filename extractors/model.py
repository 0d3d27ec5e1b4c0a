"""The format-free document model every extractor produces.

A `Document` is a programme (or a whole book) split into `Section`s; each section holds an
ordered list of blocks: `TextBlock`s (paragraphs and list items) and `Table`s. Each block
remembers which standard question (`bereiken`, `doen`, `meten`, `kosten`, `overig`) it stands
under and, for PDFs, its page. Nothing here knows about text, HTML or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Union

Question = Literal["bereiken", "doen", "meten", "kosten", "overig"]
Severity = Literal["info", "warning", "error"]
TableForm = Literal["target", "benchmark", "money", "unknown"]
ColumnRole = Literal[
    "indicator",  # the row label: indicator name or money line item
    "source",  # Bron
    "unit",  # Eenheid
    "period",  # Periode: the year the row's values are about
    "baseline",  # Nulmeting
    "target",  # a year column of target values
    "actual",  # realised or benchmark values (area columns, Realisatie 2023)
    "amount",  # a money column
    "other",
]


@dataclass(frozen=True)
class Issue:
    """Something an extractor skipped, guessed or rejected."""

    severity: Severity
    code: str
    message: str
    location: str | None = None


@dataclass(frozen=True)
class TextBlock:
    text: str
    kind: Literal["paragraph", "list_item"] = "paragraph"
    level: int = 0  # 0 for paragraphs, 1.. for list nesting
    question: Question = "overig"
    page: int | None = None


@dataclass(frozen=True)
class Column:
    label: str
    role: ColumnRole
    period: int | None = None  # the year the column is about, when its label says so
    area: str | None = None  # for benchmark columns: the municipality, Nederland, a peer group


@dataclass(frozen=True)
class Table:
    """A table with its body re-aligned to its columns.

    `rows[i][j]` is the text of the cell in body row `i` under `columns[j]`; an empty string is
    an empty cell. `row_pages[i]` is the page row `i` was printed on (PDF only).
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    form: TableForm
    question: Question = "overig"
    footnotes: tuple[tuple[str, str], ...] = ()  # (marker, text)
    page: int | None = None
    row_pages: tuple[int | None, ...] = ()
    scale: float = 1.0  # money tables: `x € 1.000` gives 1000
    caption: str | None = None

    def footnote(self, marker: str | None) -> str | None:
        if not marker:
            return None
        for key, text in self.footnotes:
            if key == marker:
                return text
        return None

    def page_of(self, row_index: int) -> int | None:
        if row_index < len(self.row_pages):
            return self.row_pages[row_index]
        return self.page


Block = Union[TextBlock, Table]


@dataclass
class Section:
    title: str
    number: str | None = None
    level: int = 1
    parent: str | None = None
    page: int | None = None
    programme: str | None = None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    source_path: str
    format: Literal["text", "html", "pdf"]
    programme: str | None = None
    title: str | None = None
    preamble: list[Block] = field(default_factory=list)  # blocks before the first section
    sections: list[Section] = field(default_factory=list)
    pages: int | None = None
    export_date: date | None = None
    # What the content itself says; the path may say otherwise (resolved downstream).
    municipality_hint: str | None = None
    budget_year_hint: int | None = None
    document_type_hint: str | None = None
    issues: list[Issue] = field(default_factory=list)

    def tables(self) -> list[tuple[Section | None, Table]]:
        """Every table in reading order with the section it stands in."""
        found: list[tuple[Section | None, Table]] = []
        for block in self.preamble:
            if isinstance(block, Table):
                found.append((None, block))
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    found.append((section, block))
        return found

    def text_blocks(self) -> list[tuple[Section | None, TextBlock]]:
        found: list[tuple[Section | None, TextBlock]] = []
        for block in self.preamble:
            if isinstance(block, TextBlock):
                found.append((None, block))
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, TextBlock):
                    found.append((section, block))
        return found


class ExtractionError(Exception):
    """The file cannot be read at all; the document is rejected with this reason."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
