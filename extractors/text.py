"""Plain-text exports: a line scanner.

Two layouts occur. Text copied from a PDF book: numbered headings (`7.3 Participatie`), dashes as
bullets and indicator tables as pipe rows. Text copied from a budget website: unnumbered headings,
`•` bullets indented per level, and tables flattened one cell per line with empty cells dropped.
A heading without a number is recognised by what follows it: a question heading or a table.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from extractors import tables
from extractors.encoding import decode
from extractors.hints import infer_hints
from extractors.model import Document, ExtractionError, Issue, Table, TextBlock
from extractors.structure import Element, Heading, assemble, export_date, is_numbered_heading, question_of
from transforms.values import clean_text

_BULLET = re.compile(r"^(?P<indent>[ \t\xa0]*)(?P<mark>[-•·–▪◦●■*])(\s+(?P<text>.*))?$")
_NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}[.)]\s*\S")
_SENTENCE_END = (".", ";", ":", ",", "!")
# `Programma 3 Sociaal Domein`, `Programma 3: Sociaal domein`: a programme of a book.
_PROGRAMME = re.compile(r"^programma\s+\d{1,2}[a-z]?\b\s*[.:\-–]?\s*[A-Za-zÀ-ÿ]", re.IGNORECASE)
# A table of contents line: `Programma 3 Sociaal Domein ........ 45`.
_TOC_ENTRY = re.compile(r"(\.{3,}|…|\s)\s*\d{1,3}$")
# Text copied out of a PDF separates cells by tabs, or (pdftotext -layout) by runs of spaces.
_TABS = re.compile(r"\t+")
_SPACES = re.compile(r"[ \t\xa0]{2,}")


def _pipe_cells(line: str) -> list[str] | None:
    if line.count("|") < 1:
        return None
    cells = [clean_text(c) for c in line.split("|")]
    if cells and not cells[-1]:
        cells.pop()
    if cells and not cells[0] and line.lstrip().startswith("|"):
        cells.pop(0)
    return cells if len(cells) >= 2 else None


def _gap_cells(line: str, width: int = 0) -> list[str] | None:
    """The cells of a line whose columns are separated by tabs or by runs of spaces.

    Empty cells are dropped, except in a tab row that has one tab per column of a table `width`
    cells wide: there each tab stands between two cells and the empty cells keep their places.
    """
    if width and "\t" in line:
        cells = [clean_text(c) for c in line.strip(" \xa0\r\n").split("\t")]
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) == width and cells[0]:
            return cells
    stripped = line.strip(" \t\xa0")
    splitter = _TABS if "\t" in stripped else _SPACES
    cells = [clean_text(c) for c in splitter.split(stripped)]
    cells = [c for c in cells if c]
    return cells if len(cells) >= 2 else None


def _is_gap_header(cells: list[str] | None) -> bool:
    return bool(cells) and len(cells) >= 3 and (tables.is_header_row(cells) or tables.is_money_header(cells))


def _is_gap_row(line: str, width: int) -> bool:
    """A body row of a tab or space table: a value in a cell after the label, or a full tab row."""
    cells = _gap_cells(line, width)
    if cells is None:
        return False
    if "\t" in line and len(cells) == width:
        return True
    return any(tables.cell_kind(c, money=True) in ("value", "period") for c in cells[1:])


def _is_heading_candidate(text: str) -> bool:
    numbers = sum(tables.cell_kind(word) in ("value", "period") for word in text.split())
    return (
        0 < len(text) <= 100
        and not text.endswith(_SENTENCE_END)
        and len(text.split()) <= 12
        and (text[0].isupper() or text[0].isdigit())
        and tables.cell_kind(text) == "text"
        and numbers < 3  # a table row whose cells lost their separators
    )


class _Scanner:
    def __init__(self, lines: list[str], document: Document):
        self.raw = lines
        self.text = [clean_text(x) for x in lines]
        self.document = document
        self.elements: list[Element] = []
        self.bullet_indents: list[int] = []
        self.question = None

    def starts_table(self, i: int) -> bool:
        cells = _pipe_cells(self.raw[i])
        if cells is not None:
            return tables.is_header_row(cells)
        if self.starts_gap_table(i):
            return True
        return tables.may_start_table(self.text[i]) and tables.read_header(self.cell_run(i, 12), self.question) > 0

    def starts_gap_table(self, i: int) -> bool:
        """A header of tab- or space-separated cells with a body row below it (a sentence with
        double spaces that names `begroting 2025` and `lasten` is no header)."""
        header = _gap_cells(self.raw[i])
        return _is_gap_header(header) and i + 1 < len(self.raw) and _is_gap_row(self.raw[i + 1], len(header))

    def cell_run(self, i: int, limit: int = 2000) -> list[str]:
        """Lines from `i` that may be cells of a flattened table."""
        run: list[str] = []
        for j in range(i, min(len(self.raw), i + limit)):
            text = self.text[j]
            if _pipe_cells(self.raw[j]) or _BULLET.match(self.raw[j]) or question_of(text) or export_date(text):
                break
            run.append(text)
        return run

    def take_footnotes(self, i: int, table: Table) -> tuple[Table, int]:
        markers = tables.table_markers(table)
        notes: list[tuple[str, str]] = []
        while i < len(self.raw) and markers:
            note = tables.footnote_line(self.text[i])
            if not note or note[0] not in markers:
                break
            notes.append(note)
            i += 1
        for marker in sorted(markers - {m for m, _ in notes}):
            self.document.issues.append(
                Issue("warning", "footnote-unresolved", f"footnote marker {marker!r} has no footnote text below the table")
            )
        return replace(table, footnotes=tuple(notes)), i

    def scan(self) -> list[Element]:
        i = 0
        n = len(self.raw)
        while i < n:
            text = self.text[i]
            if not self.elements and _is_heading_candidate(text) and not question_of(text) and not self.starts_table(i):
                self.elements.append(Heading(text, level=0))
                i += 1
                continue
            date = export_date(text)
            if date:
                self.document.export_date = date
                i += 1
                continue
            if _pipe_cells(self.raw[i]) is not None:
                i = self.read_pipe_table(i)
                continue
            if self.starts_gap_table(i):
                i = self.read_gap_table(i)
                continue
            if tables.may_start_table(text):
                read = tables.read_flattened(self.cell_run(i), self.question or "overig")
                if read.table is not None:
                    self.document.issues.extend(read.issues)
                    table, i = self.take_footnotes(i + read.consumed, read.table)
                    self.elements.append(table)
                    self.bullet_indents = []
                    continue
            if question_of(text) or is_numbered_heading(text):
                self.elements.append(Heading(text))
                self.question = question_of(text)
                self.bullet_indents = []
                i += 1
                continue
            if _PROGRAMME.match(text) and _is_heading_candidate(text) and not _TOC_ENTRY.search(text):
                self.elements.append(Heading(text, level=0))
                self.question = None
                self.bullet_indents = []
                i += 1
                continue
            bullet = _BULLET.match(self.raw[i])
            if bullet:
                level = self.bullet_level(len(bullet.group("indent").expandtabs(4)))
                if clean_text(bullet.group("text")):  # a bullet left empty by the author
                    self.elements.append(TextBlock(clean_text(bullet.group("text")), "list_item", level))
                i += 1
                continue
            self.bullet_indents = []
            if _NUMBERED_ITEM.match(text):
                self.elements.append(TextBlock(text, "list_item", 1))
            elif _is_heading_candidate(text) and i + 1 < n and (question_of(self.text[i + 1]) or self.starts_table(i + 1)):
                self.elements.append(Heading(text))
                self.question = None
            else:
                self.elements.append(TextBlock(text))
            i += 1
        return self.elements

    def bullet_level(self, indent: int) -> int:
        while self.bullet_indents and self.bullet_indents[-1] > indent:
            self.bullet_indents.pop()
        if not self.bullet_indents or self.bullet_indents[-1] < indent:
            self.bullet_indents.append(indent)
        return len(self.bullet_indents)

    def read_pipe_table(self, i: int) -> int:
        rows: list[list[str]] = []
        start = i
        while i < len(self.raw):
            cells = _pipe_cells(self.raw[i])
            if cells is None:
                break
            rows.append(cells)
            i += 1
        header, body = rows[0], rows[1:]
        if not tables.is_header_row(header) and not tables.is_money_header(header, self.question):
            self.document.issues.append(
                Issue("warning", "table-unknown-layout", f"pipe table without a recognised header: {header}", f"line {start + 1}")
            )
        table, issues = tables.build_table(header, body, question=self.question or "overig")
        self.document.issues.extend(replace(x, location=x.location or f"line {start + 1}") for x in issues)
        table, i = self.take_footnotes(i, table)
        self.elements.append(table)
        return i

    def read_gap_table(self, i: int) -> int:
        """A table whose cells are separated by tabs or runs of spaces; empty cells are lost, so
        short rows are aligned by what their cells look like. A row needs a value cell."""
        start = i
        header = _gap_cells(self.raw[i]) or []
        body: list[list[str]] = []
        i += 1
        while i < len(self.raw) and _is_gap_row(self.raw[i], len(header)):
            body.append(_gap_cells(self.raw[i], len(header)) or [])
            i += 1
        table, issues = tables.build_table(header, body, question=self.question or "overig", positional=False)
        self.document.issues.extend(replace(x, location=x.location or f"line {start + 1}") for x in issues)
        table, i = self.take_footnotes(i, table)
        self.elements.append(table)
        return i


def extract_text(path: str | Path) -> Document:
    """Read a plain-text export into a `Document`."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise ExtractionError("empty", "file is empty")
    text, issues = decode(data)
    lines = [line for line in text.splitlines() if clean_text(line)]
    if not lines:
        raise ExtractionError("empty", "file holds only white space")
    document = Document(source_path=str(path), format="text", issues=list(issues))
    elements = _Scanner(lines, document).scan()
    assemble(elements, document)
    # Table cells (`Jaarrekening 2023 | Begroting 2024`) say nothing about what the document is.
    infer_hints(document, "\n".join(e.text for e in elements if not isinstance(e, Table)))
    return document
