"""Plain-text exports: a scanner over lines and blocks.

Two layouts occur. Text copied from a PDF book: one paragraph per line, numbered headings
(`7.3 Participatie`), dashes as bullets, and tables as pipe rows or as rows of cells separated
by spaces. Text copied from a budget website: blocks separated by blank lines, unnumbered
headings, `•` bullets indented per level, and tables flattened one cell per block with empty
cells dropped. A heading without a number is recognised by what follows it: a question heading
or a table. Tables become grids (`extractors.text.tables`); what they mean is the table
interpreter's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from core.issues import Issue
from core.model import Cell, Document, ExtractionError, Grid, TextBlock, grid_from_rows
from core.values import clean_text
from core.vocabulary import fold, footnote_line, is_part_title, scale_of

from extractors.encoding import decode
from extractors.hints import infer_hints
from extractors.limits import Limits, check_lines
from extractors.structure import Element, Heading, assemble, export_date, is_numbered_heading, question_of
from extractors.text import tables
from extractors.text.align import _look
from extractors.text.header import is_scale_caption
from extractors.text.rows import is_header_line, is_space_row

_BULLET = re.compile(r"^(?P<indent>[ \t\xa0]*)(?P<mark>[-•·–▪◦●■*])(\s+(?P<text>.*))?$")
_NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}[.)]\s*\S")
_SENTENCE_END = (".", ";", ":", ",", "!")
# `Programma 3 Sociaal Domein`, `Programma 3: Sociaal domein`: a programme of a book.
_PROGRAMME = re.compile(r"^programma\s+\d{1,2}[a-z]?\b\s*[.:\-–]?\s*[A-Za-zÀ-ÿ]", re.IGNORECASE)
# A table of contents line: `Programma 3 Sociaal Domein ........ 45`.
_TOC_ENTRY = re.compile(r"(\.{3,}|…|\s)\s*\d{1,3}$")
# Navigation a page's text carries along; it is no budget text.
_BACK_TO = re.compile(r"(?i)^terug naar navigatie\s*[-–]\s*(.+)$")
_NAVIGATION = re.compile(
    r"^(menu|ga terug|terug|terug naar (boven|navigatie).*|ga naar boven|naar boven|inhoud|meer|download als pdf"
    r"|zelf je pdf samenstellen|geselecteerde pagina's: \d+|u bent hier:.*|print|delen|deel deze pagina)$",
    re.IGNORECASE,
)


@dataclass
class _Item:
    """A block of text (its lines joined by line breaks), or a table already found."""

    text: str
    line: int
    raw: str = ""  # the first line as printed, with its indentation
    grid: Grid | None = None


_ICON = re.compile(r"^icon(?=[A-Z])")
_TABLE_LABEL = re.compile(r"(?i)^(tabel|figuur|grafiek|afbeelding)\s+\d+\b")


def _is_heading_candidate(text: str) -> bool:
    numbers = sum(_look(word) in ("number", "year") for word in text.split())
    return (
        0 < len(text) <= 100
        and not text.endswith(_SENTENCE_END)
        and len(text.split()) <= 12
        and (text[0].isupper() or text[0].isdigit())
        and _look(text) == "text"
        and numbers < 3  # a table row whose cells lost their separators
        and scale_of(text) is None  # `Bedragen x € 1.000` captions the table below it
        and not re.match(r"(?i)^\(?\s*bron(nen)?\s*:", text)  # `Bron: CBS` gives a table's source
        and not _TABLE_LABEL.match(text)  # `Tabel 54` labels a table
    )


def _blocks(lines: list[str]) -> list[int]:
    """The block each line belongs to: runs of lines between blank lines; in a text without
    blank lines between its paragraphs every line is a block. Blank lines get -1."""
    filled = sum(1 for x in lines if clean_text(x))
    per_line = len(lines) - filled < 0.1 * filled
    ids: list[int] = []
    block = 0
    for line in lines:
        if not clean_text(line):
            ids.append(-1)
            block += 1
            continue
        if per_line:
            block += 1
        ids.append(block)
    return ids


def _group_line(line: str) -> bool:
    """A short label alone on its line, between the rows of a space-separated table."""
    text = clean_text(line)
    return 0 < len(text) <= 60 and _look(text) == "text" and not any(_look(w) in ("number", "null") for w in text.split())


def _is_pipe_line(line: str) -> bool:
    stripped = line.strip()
    return (tables.pipe_cells(line) is not None and ("|" in stripped[1:-1] or stripped.startswith("|"))) or bool(
        tables.PIPE_SEPARATOR.match(line) and "|" in line
    )


_CARD_LINE = re.compile(r"^([^\d€|]*[^\d€|\s])\s+(€\s?[-−]?\d[\d.]*(?:,\d+)?|[-−]?\d{1,3}(?:\.\d{3})+(?:,\d+)?)$")


def _split_block(group: list[int], texts: list[str]) -> list[list[int]]:
    """A block's title on its first line over a paragraph of prose (`Basisset beleidsmatige
    indicatoren` / `Een werkgroep van …`), or a heading on its last line under a table's footnotes
    (`* Eigen gegevens` / `Prestatie-indicatoren`), stands apart."""
    if len(group) < 2:
        return [group]
    rest = " ".join(texts[1:])
    if (
        _is_heading_candidate(texts[0])
        and len(texts[0].split()) <= 8
        and len(rest) > 100
        and rest.rstrip().endswith((".", "!", "?", ":"))
        and not _BULLET.match(texts[1])
    ):
        return [group[:1], group[1:]]
    if footnote_line(texts[0]) and not footnote_line(texts[-1]) and _is_heading_candidate(texts[-1]) and len(texts[-1].split()) <= 6:
        return [group[:-1], group[-1:]]
    return [group]


def _items(lines: list[str]) -> list[_Item]:
    """Blocks of text, with pipe tables and space-separated tables read into grids on the way."""
    ids = _blocks(lines)
    items: list[_Item] = []
    text: list[int] = []

    def flush() -> None:
        # Navigation lines (`Terug naar navigatie - …`, `menu`) are no content; bullets are items
        # of their own even where a block holds several.
        kept = [k for k in text if not _NAVIGATION.match(clean_text(lines[k]))]
        listed = bool(kept) and bool(_BULLET.match(lines[kept[0]]))
        group: list[int] = []
        for k in kept:
            if group and listed and _BULLET.match(lines[k]):
                items.append(_Item("\n".join(clean_text(lines[g]) for g in group), group[0] + 1, lines[group[0]]))
                group = []
            group.append(k)
        if group:
            for part in _split_block(group, [clean_text(lines[g]) for g in group]):
                items.append(_Item("\n".join(clean_text(lines[g]) for g in part), part[0] + 1, lines[part[0]]))
        text.clear()

    i = 0
    n = len(lines)
    while i < n:
        if ids[i] < 0:
            flush()
            i += 1
            continue
        if text and ids[text[-1]] != ids[i]:
            flush()
        line = lines[i]
        if _is_pipe_line(line):
            first = i
            rows: list[list[str]] = []
            full: list[list[str]] = []
            while i < n and _is_pipe_line(lines[i]):
                cells = tables.pipe_cells(lines[i])
                if cells:
                    rows.append(cells)
                    full.append(tables.pipe_cells(lines[i], keep_empty=True) or [])
                i += 1
            grid = tables.pipe_table(rows, first + 1, full) if len(rows) >= 2 else None
            if grid is not None:
                flush()
                items.append(_Item("", first + 1, grid=grid))
            else:
                text.extend(range(first, i))
            continue
        if is_scale_caption(clean_text(line)):
            j = i + 1
            while j < n and ids[j] == ids[i] and _CARD_LINE.match(clean_text(lines[j])):
                j += 1
            if j - i >= 3:
                # `schaal x € 1.000` over `Begroot € 6.705`, `Gerealiseerd € 6.790`: a card of amounts
                rows = [[clean_text(line), ""]] + [list(_CARD_LINE.match(clean_text(x)).groups()) for x in lines[i + 1 : j]]
                flush()
                items.append(_Item("", i + 1, grid=grid_from_rows(rows, location=f"line {i + 1}")))
                i = j
                continue
        gaps = "\t" in line or bool(re.search(r"\S[ \xa0]{2,}\S", line.strip()))
        header = is_header_line(line) or (gaps and tables.gap_cells(line) is not None and len(tables.gap_cells(line)) >= 3)
        if header:
            k = i + 1
            while k < n and ids[k] >= 0 and not gaps and is_header_line(lines[k]) and not is_space_row(lines[k]):
                k += 1  # a second header line: `Baten Lasten Saldo …` under the years
            j = k
            while j < n and ids[j] >= 0:
                if is_space_row(lines[j], 1 if j > k else 2) if not gaps else tables.gap_cells(lines[j]) is not None:
                    j += 1
                elif _group_line(lines[j]) and j + 1 < n and ids[j + 1] >= 0 and (
                    is_space_row(lines[j + 1]) or (_group_line(lines[j + 1]) and j + 2 < n and is_space_row(lines[j + 2]))
                ):
                    j += 1  # `Lasten`, `Inwoners`: a group heading between the rows
                else:
                    break
            if j > k:
                grid = tables.space_table(lines[i:k], lines[k:j], i + 1, gaps=gaps)
                if grid is not None:
                    flush()
                    items.append(_Item("", i + 1, grid=grid))
                    i = j
                    continue
        text.append(i)
        i += 1
    flush()
    return items


class _Scanner:
    def __init__(self, items: list[_Item], document: Document, blocked: bool = False):
        self.items = items
        # `iconBaten en lasten …`: an icon's name glued to a heading by the page's text export
        self.texts = [_ICON.sub("", clean_text(x.text.replace("\n", " "))) if x.grid is None else "" for x in items]
        self.blocked = blocked  # the text's paragraphs stand between blank lines
        self.document = document
        self.elements: list[Element] = []
        self.bullet_indents: list[int] = []
        self.question = None
        self.navigation_titles: set[str] = set()

    def flat_table(self, i: int) -> tuple[Grid, int] | None:
        """A flattened table starting at item i, over the run of text items from there."""
        end = i
        while end < len(self.items) and self.items[end].grid is None:
            text = self.texts[end]
            if question_of(text) or export_date(text) or _NAVIGATION.match(text):
                break
            end += 1
        if end - i < 3:
            return None
        cells = [self.items[k].text for k in range(i, end)]
        card = tables.card_table([clean_text(c) for c in cells], 0, self.items[i].line, question=self.question or "overig")
        if card is not None:
            grid, used = card
            return grid, i + used
        if not tables.starts_header([clean_text(c) for c in cells[:6]], 0):
            plain = tables.plain_table([clean_text(c) for c in cells], 0, self.items[i].line, question=self.question or "overig")
            return (plain[0], i + plain[1]) if plain is not None else None
        found = tables.flat_table(cells, 0, self.items[i].line, question=self.question or "overig")
        if found is None:
            return None
        grid, used = found
        return grid, i + used

    def starts_table(self, i: int) -> bool:
        return i < len(self.items) and (self.items[i].grid is not None or self.flat_table(i) is not None)

    def scan(self) -> list[Element]:
        i = 0
        n = len(self.items)
        while i < n:
            item = self.items[i]
            if item.grid is not None:
                self.elements.append(item.grid)
                self.bullet_indents = []
                i += 1
                continue
            text = self.texts[i]
            if not text or _NAVIGATION.match(text):
                i += 1
                continue
            date = export_date(text)
            if date:
                self.document.export_date = date
                i += 1
                continue
            found = self.flat_table(i)
            if found is not None:
                grid, i = found
                self.elements.append(self.continued(grid))
                self.bullet_indents = []
                continue
            titled = i + 1 < n and question_of(self.texts[i + 1]) and len(text) <= 100 and "\n" not in item.text
            named = text.endswith(".") and ":" in text[:40]  # `Beleidsdoel B: Het sturen van …`: a title, not a sentence
            if titled and named and not question_of(text) and _is_heading_candidate(text.rstrip(".")):
                # `Beleidsdoel B: Het sturen van afvalstromen …` over `Wat willen wij bereiken?`
                self.heading(text)
                self.question = None
                i += 1
                continue
            if not self.elements and _is_heading_candidate(text) and not question_of(text):
                self.elements.append(Heading(text, level=0))
                i += 1
                continue
            if question_of(text) or is_numbered_heading(text):
                self.heading(text)
                self.question = question_of(text)
                i += 1
                continue
            if _PROGRAMME.match(text) and _is_heading_candidate(text) and not _TOC_ENTRY.search(text):
                self.elements.append(Heading(text, level=0))
                self.question = None
                self.bullet_indents = []
                i += 1
                continue
            if footnote_line(text) and self.after_table():
                self.elements.append(TextBlock(text))  # `* Beschut Werk: …` under a table: a footnote
                i += 1
                continue
            bullet = _BULLET.match(item.raw)
            if bullet and "\n" not in item.text:
                level = self.bullet_level(len(bullet.group("indent").expandtabs(4)))
                if clean_text(bullet.group("text")):  # a bullet left empty by the author
                    self.elements.append(TextBlock(clean_text(bullet.group("text")), "list_item", level))
                i += 1
                continue
            self.bullet_indents = []
            if _NUMBERED_ITEM.match(text):
                self.elements.append(TextBlock(text, "list_item", 1))
            elif _is_heading_candidate(text) and (
                fold(text) in self.navigation_titles
                or (self.blocked and "\n" not in item.text and is_part_title(text))
                or (i + 1 < n and (
                    question_of(self.texts[i + 1])
                    or self.starts_table(i + 1)
                    or (_TABLE_LABEL.match(self.texts[i + 1]) and self.starts_table(i + 2))
                    or self.above_prose(i)
                    or self.over_heading(i)
                ))
            ):
                self.heading(text)
                self.question = None
            else:
                self.elements.append(TextBlock(text))
            i += 1
        return self.elements

    def continued(self, grid: Grid) -> Grid:
        """A table whose header repeats the lowest header row of the table just above it (with at
        most a group label between them) goes on with that table; the repeat stays as a row, for
        the interpreter to skip."""
        k = len(self.elements) - 1
        between: list[TextBlock] = []
        while k >= 0 and isinstance(self.elements[k], TextBlock) and len(between) < 2:
            between.insert(0, self.elements[k])
            k -= 1
        previous = self.elements[k] if k >= 0 else None
        if not isinstance(previous, Grid) or grid.bands or previous.n_cols != grid.n_cols or not previous.header_rows:
            return grid
        if any(len(b.text) > 80 for b in between) or not (previous.bands or previous.header_rows > 1):
            return grid  # an identical table of its own, not the sub-header of a banded one
        last_header = previous.matrix()[previous.header_rows - 1]
        if [clean_text(t).lower() for t in grid.matrix()[0]] != [clean_text(t).lower() for t in last_header]:
            return grid
        del self.elements[k:]
        offset = previous.n_rows
        cells = list(previous.cells)
        for b in between:
            cells.append(Cell(clean_text(b.text), offset, 0, colspan=grid.n_cols))
            offset += 1
        cells.extend(replace(c, row=c.row + offset, header=False) for c in grid.cells)
        return replace(previous, cells=tuple(cells), n_rows=offset + grid.n_rows)

    def above_prose(self, i: int) -> bool:
        """In a page's text (blocks between blank lines), a short line without a full stop over a
        paragraph of prose is that paragraph's heading."""
        if not self.blocked or "\n" in self.items[i].text or self.items[i + 1].grid is not None:
            return False
        following = self.texts[i + 1]
        return len(following) > 100 and following.rstrip().endswith((".", ":", "?", "!")) and len(self.texts[i].split()) <= 8

    def over_heading(self, i: int) -> bool:
        """In a page's text, short lines one over the other before the content are the path of
        headings down to it (chapter, section, page title)."""
        if not self.blocked or "\n" in self.items[i].text or i + 2 >= len(self.items):
            return False
        following = self.items[i + 1]
        if following.grid is not None or "\n" in following.text or not _is_heading_candidate(self.texts[i + 1]):
            return False
        return self.starts_table(i + 2) or self.above_prose(i + 1) or self.over_heading(i + 1)

    def after_table(self) -> bool:
        """Right under a table, or under the footnotes that follow one."""
        for element in reversed(self.elements):
            if isinstance(element, Grid):
                return True
            if not (isinstance(element, TextBlock) and footnote_line(element.text)):
                return False
        return False

    def heading(self, text: str) -> None:
        """A heading; the same heading printed twice in a row (page title and block title) once."""
        last = next((e for e in reversed(self.elements) if isinstance(e, Heading)), None)
        if last is not None and clean_text(last.text) == text and (self.elements[-1] is last or not question_of(text)):
            return  # a part of a page goes on under its own title printed again
        self.elements.append(Heading(text))
        self.bullet_indents = []

    def bullet_level(self, indent: int) -> int:
        while self.bullet_indents and self.bullet_indents[-1] > indent:
            self.bullet_indents.pop()
        if not self.bullet_indents or self.bullet_indents[-1] < indent:
            self.bullet_indents.append(indent)
        return len(self.bullet_indents)


def extract_text(path: str | Path, limits: Limits = Limits()) -> Document:
    """Read a plain-text export into a `Document`."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise ExtractionError("empty", "file is empty")
    text, issues = decode(data)
    lines = text.splitlines()
    check_lines(lines, limits)
    if not any(clean_text(line) for line in lines):
        raise ExtractionError("empty", "file holds only white space")
    document = Document(source_path=str(path), format="text", issues=list(issues))
    filled = sum(1 for line in lines if clean_text(line))
    blocked = len(lines) - filled >= 0.1 * filled
    scanner = _Scanner(_items(lines), document, blocked)
    # `Terug naar navigatie - Prognose resultaat 2023` under a line names that line a heading
    scanner.navigation_titles = {fold(m.group(1)) for line in lines if (m := _BACK_TO.match(clean_text(line)))}
    elements = scanner.scan()
    assemble(elements, document)
    # Table cells (`Jaarrekening 2023 | Begroting 2024`) say nothing about what the document is.
    infer_hints(document, "\n".join(e.text for e in elements if not isinstance(e, Grid)))
    return document


__all__ = ["extract_text", "Issue"]
