"""The format-free document model every reader produces.

A `Document` is a programme (or a whole book) split into `Section`s; each section holds an
ordered list of blocks: `TextBlock`s (paragraphs and list items) and `Grid`s (tables as the
reader saw them: cells with their spans, header hints and positions). What a table's columns
and rows mean is decided above the readers, by the table interpreter, from the grid and its
context. Nothing here knows about text, HTML or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Union

from core.issues import Issue

Question = Literal["bereiken", "doen", "meten", "kosten", "overig"]
Format = Literal["text", "html", "pdf"]


@dataclass(frozen=True)
class TextBlock:
    text: str
    kind: Literal["paragraph", "list_item"] = "paragraph"
    level: int = 0  # 0 for paragraphs, 1.. for list nesting
    question: Question = "overig"
    page: int | None = None


@dataclass(frozen=True)
class Cell:
    """One cell of a table as printed. A spanned cell is stored once, at its top-left position."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # the reader saw a header hint: <th>, <thead>, bold, a rule under the row
    page: int | None = None
    box: tuple[float, float, float, float] | None = None  # PDF: x0, top, x1, bottom in points


@dataclass(frozen=True)
class Band:
    """A header row whose cells' widths the reader could not see (flattened text).

    Its labels stand, in order, over the columns `first`..`last`; the interpreter decides
    which label covers which column.
    """

    labels: tuple[str, ...]
    first: int
    last: int


@dataclass(frozen=True)
class Grid:
    """A table as a reader found it: a rectangle of cells, and what stood around it.

    `header_rows` is the number of leading rows the reader knows to be the header (`<thead>`,
    `<th>` rows); None leaves the decision to the interpreter. `above` and `below` are the
    short lines printed right above and under the table (a caption, `x € 1.000`, a legend,
    footnotes); they stay in the document as text as well.
    """

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    header_rows: int | None = None
    bands: tuple[Band, ...] = ()
    caption: str | None = None
    above: tuple[str, ...] = ()
    below: tuple[str, ...] = ()
    heading: str | None = None  # the heading the table stands under
    question: Question = "overig"
    page: int | None = None
    location: str | None = None  # where the reader found it: `line 12`, `page 4`

    def matrix(self) -> list[list[str]]:
        """The text of every position, a spanned cell's text in each position it covers."""
        grid = [[""] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    grid[r][c] = cell.text
        return grid

    def origin(self) -> list[list[Cell | None]]:
        """The cell that covers each position."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    grid[r][c] = cell
        return grid

    def row_pages(self) -> list[int | None]:
        """The page each row is printed on (a table can run over several): the first of its
        cells that knows, else the table's."""
        pages: list[int | None] = [None] * self.n_rows
        for cell in self.cells:
            if cell.page is not None and 0 <= cell.row < self.n_rows and pages[cell.row] is None:
                pages[cell.row] = cell.page
        return [self.page if p is None else p for p in pages]


def grid_from_rows(rows: list[list[str]], *, header_rows: int | None = None, **context) -> Grid:
    """A grid of single cells from rows of texts; short rows are padded with empty cells."""
    width = max((len(r) for r in rows), default=0)
    cells = tuple(
        Cell(text, r, c, header=header_rows is not None and r < header_rows)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text
    )
    return Grid(cells, len(rows), width, header_rows=header_rows, **context)


Block = Union[TextBlock, Grid]


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
    format: Format
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

    def tables(self) -> list[tuple[Section | None, Grid]]:
        """Every table in reading order with the section it stands in."""
        return [(s, b) for s, b in self.blocks() if isinstance(b, Grid)]

    def text_blocks(self) -> list[tuple[Section | None, TextBlock]]:
        return [(s, b) for s, b in self.blocks() if isinstance(b, TextBlock)]

    def blocks(self) -> list[tuple[Section | None, Block]]:
        found: list[tuple[Section | None, Block]] = [(None, b) for b in self.preamble]
        for section in self.sections:
            found.extend((section, b) for b in section.blocks)
        return found


class ExtractionError(Exception):
    """The file cannot be read at all; the document is rejected with this reason."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
