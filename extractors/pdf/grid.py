"""Tables on the page: ruled tables, tables printed without ruling lines, continued tables.

A ruled table comes whole from pdfplumber (`pages._read_page`); an unruled one is found here
among the lines, from a header row whose gaps mark the columns (`fits`, `read_grid`). Rows
that wrap are joined, a caption with the money scale above a table and footnote lines under it
are attached, and `_merge_continued` joins a table broken over pages. `_build` hands the cells
to `extractors.tables.build_table`.

Which row is a header, what a column means, the money scale and footnote markers are decided
in `extractors.tables`; this module only finds the cells on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from core import vocabulary
from core.values import look
from core.issues import Issue
from core.model import Band, Cell, Document, Grid, Question, TextBlock, grid_from_rows
from extractors.pdf.pages import Line, RuledTable, Segment, _join
from extractors.pdf.stream import stream_cells
from extractors.structure import Element
from core.values import clean_text

_ROW_GAP = 0.45  # a vertical gap wider than this many font sizes separates table rows
_OPEN = 1e6  # the far end of a strip open to the page edge
_CORNER = 10  # a header line starting this many font sizes right of the text has no corner cell

# What `_Reader.heading_level` answers for a line that is not a heading. It lives here, not in
# `reader`, because the table methods below test for it and `reader` imports this module.
_NO = object()  # not a heading


@dataclass
class RawTable:
    """Cells as found on the page, before `tables.build_table` gives them meaning."""

    page: int
    header: list[str] | None
    body: list[list[str]]
    row_pages: list[int]
    ruled: bool
    question: Question
    grid: list[tuple[float, float]] = field(default_factory=list)  # unruled: free strips between columns
    caption: str | None = None
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    footnote_texts: list[str] = field(default_factory=list)  # the footnotes as printed
    after_jump: bool = False  # the first thing on its page or column
    open_at_end: bool = False  # the last thing on its page or column
    # A ruled table's cells as drawn (spans and header hints kept); `header` and `body` then
    # hold the text at each position.
    cells: list[Cell] = field(default_factory=list)
    header_rows: int = 0
    bands: tuple[Band, ...] = ()

    @property
    def width(self) -> int:
        return len(self.header) if self.header else max((len(r) for r in self.body), default=0)


class _GridReader:
    """The table-finding half of `reader._Reader`, which inherits it.

    It works on the reader's state (`items`, `elements`, `block`, `question`) and uses the
    reader's `jump`, `heading_level`, `last_table` and `emit`.
    """

    def table(self, raw: RawTable, jumped: bool) -> None:
        raw.after_jump = jumped
        last = self.elements[-1] if self.elements else None
        if (
            isinstance(last, TextBlock)
            and last.kind == "paragraph"
            and len(last.text) <= 80
            and vocabulary.scale_of(last.text) is not None
        ):
            raw.caption = last.text  # `Bedragen x € 1.000` above the table
            self.elements.pop()
        self.emit(raw)

    def ruled(self, item: RuledTable) -> RawTable:
        rows = item.rows
        hinted = item.header_rows
        header = rows[0] if hinted or vocabulary.looks_like_header(rows[0]) else None
        body = rows[1:] if header else rows
        return RawTable(item.page, header, body, [item.page] * len(body), True, self.question,
                        cells=list(item.cells), header_rows=hinted)

    @staticmethod
    def fits(line: Line, grid: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
        """The strips between columns that the line leaves free, or None when it covers one.

        A word standing inside a strip belongs to a column the header line did not name (its
        label printed above or below it): it splits the strip in two.
        """
        free: list[tuple[float, float]] = []
        for a, b in grid:
            pieces = []
            start = a
            for seg in line.segments:
                if seg.x1 <= start or seg.x0 >= b:
                    continue
                if seg.x0 - start >= 1:
                    pieces.append((start, seg.x0))
                start = max(start, seg.x1)
            if b - start >= 1:
                pieces.append((start, b))
            if not pieces:
                return None
            free.extend(pieces)
        return free

    def unruled(self, i: int, jumped: bool) -> tuple[RawTable | None, int]:
        """A table printed without ruling lines that starts at line `i`, and its line count.

        It starts at a header row, or, at the top of a page or column, goes on with the unruled
        table that ended the one before when the line fits that table's columns.
        """
        line = self.items[i]
        assert isinstance(line, Line)
        if self.starts_table(line) or self.plain_header(i) or self.cornerless_header(i):
            # Open strips at both ends let unlabelled columns appear there: the row labels of a
            # money table, a last column whose label stands on another line.
            inner = [(a.x1, b.x0) for a, b in zip(line.segments, line.segments[1:])]
            grid = [(-_OPEN, line.x0), *inner, (line.segments[-1].x1, _OPEN)]
            above = self.header_above(line, grid)
            table, used = self.read_grid(i - above, grid, header=True, header_lines=above + 1)
            if table is None:
                return None, 0
            if above and self.block is not None:
                del self.block.parts[-above:]
                if not self.block.parts:
                    self.block = None
            return table, used - above
        previous = self.last_table()
        if (
            jumped
            and previous is not None
            and not previous.ruled
            and previous.open_at_end
            and self.fits(_split_at_strips(line, previous.grid), previous.grid)
        ):
            return self.read_grid(i, previous.grid, header=False)
        return None, 0

    def header_above(self, line: Line, grid: list[tuple[float, float]]) -> int:
        """How many lines just above a header row belong to it.

        Header cells that wrap and are aligned to the middle or bottom of their row print
        their first words above the line with the most labels; they were read as text.
        """
        block = self.block
        if block is None or block.kind != "paragraph":
            return 0
        count = 0
        below = line
        for above, _ in reversed(block.parts):
            if self.jump(above, below) or below.top - above.bottom > _ROW_GAP * line.size:
                break
            if abs(above.size - line.size) > 0.6 or self.fits(above, grid) is None:
                break
            if len(above.segments) == 2 and vocabulary.card_attributes(above.text):
                break  # `Bron | CBS` above the kinds: an attribute of an indicator card
            count += 1
            below = above
        return count

    def starts_table(self, line: Line) -> bool:
        """The line is a table's header row: indicator labels, or money columns."""
        cells = [s.text for s in line.segments]
        return len(cells) >= 2 and vocabulary.looks_like_header(cells)

    def cornerless_header(self, k: int) -> bool:
        """Line `k` is the first line of a header whose corner is printed on a line of its own,
        centred on the header's lines (`2018 | Per …` beside `C. Financiële structuur`, over
        `totaal | inwoner …`): a bold line of column labels far right of the text, and the
        corner right under it."""
        line = self.items[k]
        after = self.items[k + 1] if k + 1 < len(self.items) else None
        return (
            isinstance(line, Line)
            and isinstance(after, Line)
            and len(line.segments) >= 2
            and line.bold
            and line.x0 > self.left_of(line) + _CORNER * line.size
            and not self.jump(line, after)
            and _corner_of(after, [line])
            and vocabulary.looks_like_header(["", *(s.text for s in line.segments)])
        )

    def plain_header(self, i: int) -> bool:
        """A header of plain words (`raadsleden | wethouders`) over three or more rows, each a
        label left of the header and figures under it."""
        line = self.items[i]
        if len(line.segments) < 2 or not all(vocabulary.plain_header_word(s.text) for s in line.segments):
            return False
        before = self.items[i - 1] if i else None
        if isinstance(before, Line) and not self.jump(before, line) and line.top - before.bottom < _ROW_GAP * line.size:
            return False  # the lowest row of a header (`totaal | per inwoner` under the years)
        rows = 0
        previous = line
        for item in self.items[i + 1 : i + 5]:
            if (
                not isinstance(item, Line)
                or self.jump(previous, item)
                or item.top - previous.bottom > 2.2 * item.size
                or len(item.segments) < 2
                or item.segments[0].x1 > line.x0
                or not all(look(s.text) in ("number", "null") for s in item.segments[1:])
            ):
                break
            rows += 1
            previous = item
        return rows >= 3

    def row_label(self, line: Line, previous: Line, k: int) -> bool:
        """A bold numbered line among rows of figures, at their size, is a row's label
        (`0.7 Algemene uitkeringen` over the line with its figures), not a heading."""
        after = self.items[k + 1] if k + 1 < len(self.items) else None
        return (
            line.size <= previous.size + 0.5
            and not self.starts_table(line)
            and any(_has_figures(x) for x in (previous, after) if isinstance(x, Line))
        )

    def read_grid(
        self, i: int, grid: list[tuple[float, float]], header: bool, header_lines: int = 1
    ) -> tuple[RawTable | None, int]:
        """The table whose columns are separated by the free strips `grid`, from line `i` on."""
        # `region`: the lines printed like a table; `fitted`: those that also leave the header's
        # column gaps free, for when the body lines show no columns of their own.
        region: list[Line] = []
        fitted: list[Line] = []
        fitting = True
        body_seen = False
        size: float | None = None  # of the body rows
        free = grid
        for k, item in enumerate(self.items[i:], start=i):
            if not isinstance(item, Line):
                break
            if region:
                prev = region[-1]
                if self.jump(prev, item) or item.top - prev.bottom > 2.2 * item.size:
                    break
                if header and not body_seen and len(region) == header_lines and _corner_of(item, region):
                    # Left of a header still being read stands its corner (`C. Financiële
                    # structuur` centred beside `2018 | Per …` over `totaal | inwoner …`).
                    region.append(item)
                    header_lines += 1
                    continue
                if self.heading_level(item) is not _NO and not self.row_label(item, prev, k):
                    break
                if size is not None and abs(item.size - size) > 0.12 * size:
                    break
                if (
                    (size is not None or (item.bold and not item.text[:1].islower()))
                    and body_seen
                    and (self.starts_table(item) or self.cornerless_header(k))
                    and not _repeats_header(item, region)
                ):
                    # The next table's header (a header printed again goes on with this one);
                    # where rows are not set apart by padding, a bold header line of its own,
                    # not a label wrapped on in lower case.
                    break
                if body_seen and len(item.segments) == 1 and vocabulary.follows_table(item.text):
                    break  # `Toelichting` under the rows
                if body_seen and len(item.segments) == 1 and _outside_label_column(item, region):
                    break  # text at the page margin, left of every cell: the table has ended
            narrowed = self.fits(item, free) if fitting else None
            if narrowed is not None:
                free = narrowed
            elif fitting:
                fitting = False
                fitted = list(region)
            if not fitting and not ((header or body_seen or _has_figures(item)) and (_table_like(item, region) or self.between_rows(k, region))):
                # A table going on from the page before has its columns already; once its rows
                # are under way, a group title wider than its label column or a row whose
                # cells touch goes on with it.
                break
            if region and size is None and item.top - region[-1].bottom > _ROW_GAP * item.size:
                size = item.size
            region.append(item)
            # A header has several lines; the next table's header can only come after figures.
            body_seen = body_seen or _has_figures(item)
        if fitting:
            fitted = list(region)
        known = None if header else [(a, b) for a, b in grid if a > -_OPEN and b < _OPEN]
        stream = stream_cells(region, header_lines if header else 0, gaps=known or None)
        if stream is not None and stream.n_rows > stream.header_rows:
            # The columns as the body lines print them, header labels spanning their groups.
            head = stream.rows[0] if stream.header_rows else None
            raw = RawTable(
                stream.lines[0].page,
                head,
                stream.rows[1:] if head else stream.rows,
                stream.row_pages[1:] if head else stream.row_pages,
                False,
                self.question,
                grid=list(stream.gaps),
                cells=stream.cells,
                header_rows=stream.header_rows,
                bands=stream.bands,
            )
            return raw, stream.used
        region = fitted
        # Rows set apart by padding are told by the gaps between them; in a table without
        # padding a line with a figure where the row already has one starts a new row.
        padded = any(b.top - a.bottom > _ROW_GAP * b.size for a, b in zip(region, region[1:]))
        rows = self.rows(region, free, padded)
        header_rows = 1 if header and rows else 0
        # Rows of one cell at the end are the text under the table.
        while len(rows) > header_rows and sum(1 for c in rows[-1][0] if c) <= 1:
            rows.pop()
        if len(rows) <= header_rows:
            return None, 0
        kept = [line for _, members in rows for line in members]
        if len(kept) < len(region):
            # The columns are those of the lines that stayed in the table.
            for line in kept:
                grid = self.fits(line, grid) or grid
            rows = self.rows(kept, grid, padded)
        else:
            grid = free
        header_row = rows.pop(0)[0] if header_rows else None
        raw = RawTable(
            kept[0].page,
            [clean_text(c) for c in header_row] if header_row is not None else None,
            [[clean_text(c) for c in row] for row, _ in rows],
            [members[0].page for _, members in rows],
            False,
            self.question,
            grid=[(a, b) for a, b in grid if a > -_OPEN and b < _OPEN],
        )
        return raw, region.index(kept[-1]) + 1

    def between_rows(self, k: int, region: list[Line]) -> bool:
        """A line of text across the table (a definition under each indicator) with rows of
        figures going on right under it: a full-width row of the table, not text after it."""
        if not region or not _has_figures(region[-1]) and not any(_has_figures(x) for x in region[-3:]):
            return False
        previous = self.items[k]
        for item in self.items[k + 1 : k + 4]:
            if not isinstance(item, Line) or self.jump(previous, item) or item.top - previous.bottom > _ROW_GAP * item.size:
                return False
            if _has_figures(item) and len(item.segments) >= 3:
                return True
            previous = item
        return False

    def rows(
        self, lines: list[Line], grid: list[tuple[float, float]], padded: bool
    ) -> list[tuple[list[str], list[Line]]]:
        """Cells of each row, and the lines the row was printed on."""
        bounds = [(a + b) / 2 for a, b in grid if a > -_OPEN and b < _OPEN]
        rows: list[tuple[list[str], list[Line]]] = []
        for line in lines:
            cells = [""] * (len(bounds) + 1)
            for seg in line.segments:
                k = sum(1 for b in bounds if (seg.x0 + seg.x1) / 2 > b)
                cells[k] = _join(cells[k], seg.text)
            if rows and self.same_row(rows[-1], line, cells, padded):
                row, members = rows[-1]
                for k, text in enumerate(cells):
                    row[k] = _join(row[k], text)
                members.append(line)
            else:
                rows.append((cells, [line]))
        return rows

    @staticmethod
    def same_row(row: tuple[list[str], list[Line]], line: Line, cells: list[str], padded: bool) -> bool:
        """Whether `line` goes on with a table row: its cells wrapped onto another line."""
        cells_so_far, members = row
        if line.top - members[-1].bottom > _ROW_GAP * line.size:
            return False
        if padded:
            return True
        return not any(
            k and text and cells_so_far[k] and look(cells_so_far[k], money=True) in ("number", "null", "year")
            for k, text in enumerate(cells)
        )

    def footnotes(self, i: int, raw: RawTable) -> int:
        """Footnote lines under a table, for markers its rows use; returns how many lines."""
        markers = {vocabulary.split_marker(row[0])[1] for row in raw.body if row} - {None}
        used = 0
        current: Line | None = None
        for item in self.items[i:]:
            if not isinstance(item, Line):
                break
            note = vocabulary.footnote_line(item.text)
            if note and note[0] in markers:
                raw.footnotes.append(note)
                raw.footnote_texts.append(item.text)
            elif (
                current is not None
                and not self.jump(current, item)
                and abs(item.size - current.size) < 0.6
                and item.top - current.bottom <= 0.6 * item.size
                and self.heading_level(item) is _NO
            ):
                marker, text = raw.footnotes[-1]
                raw.footnotes[-1] = (marker, _join(text, item.text))
                raw.footnote_texts[-1] = _join(raw.footnote_texts[-1], item.text)
            else:
                break
            current = item
            used += 1
        return used


def _split_at_strips(line: Line, grid: list[tuple[float, float]]) -> Line:
    """The line with its cells split where the space between two words lies in a strip between
    the table's columns: a wrapped label printed next to the first figure (`woonlasten 3`)
    nearly touches it."""
    segments: list[Segment] = []
    for seg in line.segments:
        words = list(seg.words) or [(seg.x0, seg.x1, seg.text)]
        part = [words[0]]
        for word in words[1:]:
            if any(part[-1][1] <= b and word[0] >= a for a, b in grid):
                segments.append(Segment(part[0][0], part[-1][1], " ".join(w[2] for w in part), tuple(part)))
                part = []
            part.append(word)
        segments.append(Segment(part[0][0], part[-1][1], " ".join(w[2] for w in part), tuple(part)))
    return replace(line, segments=segments) if len(segments) != len(line.segments) else line


def _corner_of(line: Line, header: list[Line]) -> bool:
    """`line` is the corner cell of the header `header`: printed on its own, left of every
    header cell, within the header's lines (a cell centred on a header of two lines)."""
    return (
        not any(header_line.x0 < header[0].x0 - 1 for header_line in header)
        and line.segments[-1].x1 < header[0].x0
        and line.top < header[-1].bottom  # it straddles the header's lines
        and not _has_figures(line)
    )


def _has_figures(line: Line) -> bool:
    """A figure printed right of the line's first cell (its label)."""
    return any(look(seg.text, money=True) in ("number", "null") for seg in line.segments[1:])


def _repeats_header(line: Line, region: list[Line]) -> bool:
    """The table's header printed again right under a row of figures, a row's step below it:
    a second part of the same table, not a new table set apart under it."""
    texts = [s.text.lower() for s in line.segments]
    after_figures = bool(region) and _has_figures(region[-1])
    if not after_figures or not any([s.text.lower() for s in x.segments] == texts for x in region[:4]):
        return False
    steps = sorted(b.top - a.top for a, b in zip(region, region[1:]) if b.page == a.page and b.top > a.top)
    step = line.top - region[-1].top
    return bool(steps) and step <= steps[len(steps) // 2] + 0.2 * line.size


def _outside_label_column(line: Line, region: list[Line]) -> bool:
    """A line of one cell that starts left of every line of the table, runs on into its next
    column, and does not stand centred on its row labels (a centred label wraps wider than the
    lines above it; a group name in a column of its own stays in it)."""
    if line.x0 >= min(x.x0 for x in region) - 0.3 * line.size:
        return False
    rows = [x for x in region if len(x.segments) >= 2]
    if not rows or line.segments[-1].x1 < min(x.segments[1].x0 for x in rows):
        return False
    centres = sorted((x.segments[0].x0 + x.segments[0].x1) / 2 for x in rows)
    middle = centres[len(centres) // 2]
    return abs((line.x0 + line.segments[-1].x1) / 2 - middle) > 2 * line.size


def _table_like(line: Line, region: list[Line]) -> bool:
    """A line that can belong to a table: text in several places, or one cell no wider than
    most of the table (running text under a table spans it)."""
    first = line.segments[0].text
    if len(first) == 1 and not first.isalnum() or first.startswith("(cid:"):
        return False  # a list item's bullet
    if len(line.segments) >= 2:
        return True
    multi = [x for x in region if len(x.segments) >= 2]
    if not multi:
        return False
    left = min(x.segments[0].x0 for x in multi)
    right = max(x.segments[-1].x1 for x in multi)
    segment = line.segments[0]
    return segment.x1 - segment.x0 <= 0.6 * (right - left)


_CARD_NUMBER = re.compile(r"^\d{1,3}\.?$")


def _cards(elements: list[Element | RawTable]) -> list[Element | RawTable]:
    """An indicator printed as a card: its number and name, `Eenheid …` and `Bron …` lines,
    then a table of kinds and years over one row of figures with no label of its own. The lines
    above become the row's leading cells (`Nr. | Indicator | Eenheid | Bron`), as a table
    that printed them in columns would have them."""
    out: list[Element | RawTable] = []
    for element in elements:
        if isinstance(element, RawTable) and len(element.body) == 1 and element.header_rows <= 2 and _unlabelled(element):
            k = len(out)
            attributes: list[tuple[str, str]] = []
            while k > 0 and isinstance(out[k - 1], TextBlock) and (found := vocabulary.card_attributes(out[k - 1].text)):
                attributes[:0] = found
                k -= 1
            name = out[k - 1] if k > 0 else None
            if attributes and isinstance(name, TextBlock) and name.kind == "paragraph" and _card_name(name.text):
                k -= 1
                number = out[k - 1] if k > 0 else None
                numbered = isinstance(number, TextBlock) and bool(_CARD_NUMBER.match(number.text))
                if numbered:
                    k -= 1
                lead = [("Nr.", number.text if numbered else ""), ("Indicator", name.text), *attributes]
                del out[k:]
                _prepend_columns(element, lead)
        out.append(element)
    return out


def _unlabelled(raw: RawTable) -> bool:
    """Every body row starts with a figure: the table has no column of row labels."""
    return all(row and look(row[0], money=True) in ("number", "null") for row in raw.body)


def _card_name(text: str) -> bool:
    return 0 < len(text) <= 120 and look(text) == "text" and not vocabulary.column_word(text) and not text.endswith((".", ":"))


def _prepend_columns(raw: RawTable, lead: list[tuple[str, str]]) -> None:
    """Columns before the table's own: a label in the lowest header row, a text in each body row."""
    n = len(lead)
    if raw.cells:
        header_rows = raw.header_rows or (1 if raw.header else 0)
        body_rows = range(header_rows, header_rows + len(raw.body))
        raw.cells = [
            *(Cell(label, header_rows - 1, c, header=True, page=raw.page) for c, (label, _) in enumerate(lead) if header_rows),
            *(Cell(text, r, c, page=raw.page) for r in body_rows for c, (_, text) in enumerate(lead) if text),
            *(replace(cell, col=cell.col + n) for cell in raw.cells),
        ]
        raw.bands = tuple(replace(b, first=b.first + n, last=b.last + n) for b in raw.bands)
    if raw.header is not None:
        raw.header = [label for label, _ in lead] + raw.header
    raw.body = [[text for _, text in lead] + row for row in raw.body]


def _merge_continued(elements: list[Element | RawTable]) -> list[Element | RawTable]:
    """Join a table broken over pages: the part on the next page has the same columns and
    either no header or the same header again."""
    out: list[Element | RawTable] = []
    for element in elements:
        previous = out[-1] if out else None
        if (
            isinstance(element, RawTable)
            and isinstance(previous, RawTable)
            and previous.open_at_end
            and element.after_jump
            and element.width == previous.width
            and element.caption is None
            and (
                element.header is None
                or [x.lower() for x in element.header] == [x.lower() for x in previous.header or []]
            )
        ):
            if previous.cells or element.cells:
                previous.cells = previous.cells or _text_cells(previous)
                element.cells = element.cells or _text_cells(element)
                _append_cells(previous, element)
            else:
                if element.header:
                    # Kept as printed: build_table drops header rows repeated in the body.
                    previous.body.append(element.header)
                    previous.row_pages.append(element.page)
                previous.body.extend(element.body)
                previous.row_pages.extend(element.row_pages)
            previous.footnotes.extend(element.footnotes)
            previous.footnote_texts.extend(element.footnote_texts)
            previous.open_at_end = element.open_at_end
            continue
        out.append(element)
    return out


def _append_cells(previous: RawTable, element: RawTable) -> None:
    """A ruled table's part on the next page, its repeated header rows left out."""
    offset = (1 if previous.header else 0) + len(previous.body)
    rows = ([element.header] if element.header else []) + element.body
    head = previous.header_rows
    repeated = head if head and [r for r in rows[:head]] == _leading_rows(previous, head) else 0
    if _wrapped_over_the_page(previous, rows, repeated):
        # The first row holds the last lines of cells the page before broke off: no label,
        # no figure. Its text goes on in the cells above it.
        last = offset - 1
        for cell in element.cells:
            if cell.row == repeated and cell.text:
                above = next((k for k, c in enumerate(previous.cells) if c.row == last and c.col == cell.col), None)
                if above is None:
                    previous.cells.append(replace(cell, row=last))
                else:
                    previous.cells[above] = replace(previous.cells[above], text=_join(previous.cells[above].text, cell.text))
        previous.body[-1] = [_join(a, b) for a, b in zip(previous.body[-1], rows[repeated])]
        repeated += 1
    for cell in element.cells:
        if cell.row >= repeated:
            previous.cells.append(replace(cell, row=cell.row - repeated + offset))
    previous.body.extend(rows[repeated:])
    previous.row_pages.extend([element.page] * (len(rows) - repeated))


def _wrapped_over_the_page(previous: RawTable, rows: list[list[str]], first: int) -> bool:
    """The continued part starts with a row that has no figure and no label of its own (its
    label cell empty, or going on in lower case or in brackets), under a last row of figures:
    the rest of that row's wrapped cells."""
    if first >= len(rows) or not previous.body or len(rows[first]) != len(previous.body[-1]):
        return False
    row = rows[first]
    return (
        (not row[0] or row[0][:1].islower() or row[0][:1] == "(")
        and any(row)
        and not any(look(t, money=True) in ("number", "null") for t in row)
        and any(look(t, money=True) in ("number", "null") for t in previous.body[-1][1:])
        and all(previous.body[-1][c] for c, t in enumerate(row) if t)
    )


def _text_cells(raw: RawTable) -> list[Cell]:
    """An unruled table's text as single cells, so it can join a ruled part."""
    rows = ([raw.header] if raw.header else []) + raw.body
    pages = ([raw.page] if raw.header else []) + raw.row_pages
    return [Cell(text, r, c, header=bool(raw.header) and r == 0, page=pages[r])
            for r, row in enumerate(rows) for c, text in enumerate(row) if text]


def _leading_rows(raw: RawTable, n: int) -> list[list[str]]:
    return (([raw.header] if raw.header else []) + raw.body)[:n]


def _build(raw: RawTable, document: Document) -> list[Element]:
    """The table's cells as a grid: the header row the reader found, then the body rows; and
    its footnotes, which are text of the page as well."""
    rows = ([raw.header] if raw.header else []) + raw.body
    pages = ([raw.page] if raw.header else []) + raw.row_pages
    if raw.cells:
        grid = Grid(tuple(raw.cells), len(rows), max(len(r) for r in rows), header_rows=raw.header_rows or None,
                    bands=raw.bands, page=raw.page, caption=raw.caption, location=f"page {raw.page}")
    else:
        grid = grid_from_rows(rows, header_rows=1 if raw.header else None, page=raw.page, caption=raw.caption,
                          location=f"page {raw.page}")
    cells = tuple(replace(c, page=pages[c.row] if c.row < len(pages) else raw.page) for c in grid.cells)
    below = tuple(f"{marker} {text}" for marker, text in raw.footnotes)
    notes = [TextBlock(text, page=raw.page) for text in raw.footnote_texts]
    return [replace(grid, cells=cells, below=below, question=raw.question), *notes]
