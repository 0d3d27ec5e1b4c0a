"""PDF budget books: what pdfplumber sees on the page -> the document model.

Reading takes two steps.

1. Page by page, each page released as soon as it is read: words (with font size and weight)
   grouped into lines, a line split into *segments* where its words stand a column gap apart,
   and ruled tables taken whole from pdfplumber's table finder (lines strategy). What is kept is
   about the size of the text, so memory does not grow with the pages pdfplumber parsed.
2. For the whole document: running headers, footers and page numbers (lines repeated at the
   same height on many pages) and table-of-contents pages are dropped; two-column pages are put
   in reading order; the body font size is the most common one; lines become headings (larger,
   or bold and numbered `7.3 …`, or a question), paragraphs (re-flowed, hyphenated line ends
   joined), list items (nested by indent) and unruled tables (columns where no word stands);
   a table broken over pages is joined and footnote lines under a table are attached.
   `structure.assemble` makes sections and questions of the result.

Which row is a header, what a column means, the money scale and footnote markers are decided
in `extractors.tables`; this module only finds the cells on the page.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractors import tables
from extractors.hints import infer_hints
from extractors.model import Document, ExtractionError, Issue, Question, TextBlock
from extractors.structure import Element, Heading, assemble, export_date, is_numbered_heading, question_of
from transforms.values import clean_text

MAX_DECOMPRESSED_BYTES = 1 << 30
MAX_PAGES = 2000

_CELL_GAP = 0.75  # a gap between words wider than this many font sizes separates table cells
_GUTTER = 8.0  # points: the narrowest gutter between two text columns
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_PROGRAMME_RATIO = 1.6  # the largest heading size, when this large, titles programmes
_MARGIN_ZONE = 0.1  # running headers and footers stand in the top or bottom tenth of a page
_ROW_GAP = 0.45  # a vertical gap wider than this many font sizes separates table rows
_OPEN = 1e6  # the far end of a strip open to the page edge

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Bullet glyphs; Symbol and Wingdings bullets come out as private-use characters or `(cid:N)`.
_BULLETS = {"•", "·", "-", "–", "—", "▪", "◦", "●", "■", "□", "○", "►", "➢", "✓", "*", "\uf0b7", "\uf0a7", "\uf076"}
_CID = re.compile(r"^\(cid:\d+\)$")
_PAGE_NUMBER = re.compile(
    r"^(?:pagina|blz\.?|page|p\.)?\s*[-–]?\s*\d{1,4}\s*(?:(?:/|van|of)\s*\d{1,4})?\s*[-–]?$", re.I
)
_TOC_TITLE = re.compile(r"^(inhoud|inhoudsopgave|inhoudsopgaaf|inhoudstafel|table of contents)$", re.I)
_TOC_ENTRY = re.compile(r"^(?P<title>.*?\S)\s*(?:(?:\.\s?){3,}|…+|_{3,})\s*(?P<page>\d{1,4})$")
_SENTENCE_END = (".", "!", "?", ":", ";")
_NUMBERED_ITEM = re.compile(r"^\d{1,2}[.)]\s*\S")
_HYPHENATED = re.compile(r"[a-zà-öø-ÿ]-$")
_FOOTNOTE_START = re.compile(r"^(\*+|\d{1,2}\))")
_DOCUMENT_KIND = re.compile(
    r"begroting|jaarrekening|jaarverslag|jaarstukken|kadernota|voorjaarsnota|perspectiefnota", re.I
)


# --------------------------------------------------------------------------------------------
# What a page holds


@dataclass
class Segment:
    x0: float
    x1: float
    text: str


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    size: float
    bold: bool
    segments: list[Segment]
    second_x: float | None = None  # where the second word starts: the text of a bullet item
    column: int = 0  # 0: full width; 1, 2: left and right column of a two-column page

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def text(self) -> str:
        return clean_text(" ".join(s.text for s in self.segments))


@dataclass
class RuledTable:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[str]]
    column: int = 0


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]  # top to bottom
    ruled: list[RuledTable]
    unmapped: float = 0.0  # share of words with glyphs the font maps to no character


Item = Line | RuledTable


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(w in name for w in ("bold", "black", "heavy", "semibold", "demi")) or name.endswith((",b", "-b"))


def _join(left: str, right: str) -> str:
    """Join two printed lines: a hyphenated word is made whole, a compound keeps its hyphen."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left or right
    if _HYPHENATED.search(left) and right[0].islower():
        return left[:-1] + right  # gezond-|heid
    if left.endswith("-") and left[-2:-1].isalnum():
        return left + right  # Noord-|Brabant, 5-|18
    return f"{left} {right}"


def _cell_text(text: str | None) -> str:
    joined = ""
    for line in (text or "").split("\n"):
        joined = _join(joined, clean_text(line))
    return clean_text(joined)


def _group_lines(words: list[dict], page: int) -> list[Line]:
    """Words on one baseline form a line; a gap wider than a cell gap starts a new segment."""
    words = sorted(words, key=lambda w: (w["top"], w["x0"]))
    rows: list[list[dict]] = []
    for word in words:
        for row in reversed(rows[-3:]):
            ref = row[0]
            # Overlap rather than equal tops, so a raised footnote marker stays on its line.
            overlap = min(word["bottom"], ref["bottom"]) - max(word["top"], ref["top"])
            if overlap >= 0.4 * max(min(word["bottom"] - word["top"], ref["bottom"] - ref["top"]), 1.0):
                row.append(word)
                break
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        sizes: Counter[float] = Counter()
        bold = 0
        for word in row:
            sizes[round(word["size"] * 2) / 2] += len(word["text"])
            bold += len(word["text"]) if _is_bold(word.get("fontname") or "") else 0
        size = sizes.most_common(1)[0][0]
        segments: list[Segment] = []
        for word in row:
            if segments and word["x0"] - segments[-1].x1 < _CELL_GAP * size:
                last = segments[-1]
                segments[-1] = Segment(last.x0, max(last.x1, word["x1"]), f"{last.text} {word['text']}")
            else:
                segments.append(Segment(word["x0"], word["x1"], word["text"]))
        total = sum(len(w["text"]) for w in row)
        lines.append(
            Line(
                page,
                min(w["top"] for w in row),
                max(w["bottom"] for w in row),
                size,
                bold * 2 > total,
                segments,
                row[1]["x0"] if len(row) > 1 else None,
            )
        )
    return lines


def _read_page(page, number: int) -> Page:
    ruled: list[RuledTable] = []
    objects = page.objects
    if objects.get("line") or objects.get("rect") or objects.get("curve"):
        for found in page.find_tables(_TABLE_SETTINGS):
            if len(found.rows) < 2 or len(found.columns) < 2:
                continue
            rows = [[_cell_text(c) for c in row] for row in found.extract()]
            if sum(1 for row in rows for c in row if c) < 2:
                continue  # a drawn frame, not a table
            x0, top, x1, bottom = found.bbox
            ruled.append(RuledTable(number, top, bottom, x0, x1, rows))

    def outside(word: dict) -> bool:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        return not any(t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom for t in ruled)

    words = [w for w in page.extract_words(extra_attrs=["size", "fontname"]) if outside(w)]
    unmapped = sum(1 for w in words if "(cid:" in w["text"] and not _CID.match(w["text"]))
    return Page(
        number, float(page.width), float(page.height), _group_lines(words, number), ruled, unmapped / max(len(words), 1)
    )


# --------------------------------------------------------------------------------------------
# Whole-document clean-up


def _running_key(line: Line) -> tuple[int, str]:
    return round(line.top / 3), re.sub(r"\d+", "#", line.text.lower())


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom <= _MARGIN_ZONE * page.height or line.top >= (1 - _MARGIN_ZONE) * page.height


def _running_keys(pages: list[Page]) -> set[tuple[int, str]]:
    """Lines printed at the same height with the same text (page numbers aside) on many pages."""
    seen: defaultdict[tuple[int, str], set[int]] = defaultdict(set)
    structural: set[tuple[int, str]] = set()
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                key = _running_key(line)
                seen[key].add(page.number)
                # A heading or table header that happens to open several pages at the same
                # height is content, not running text.
                if (
                    question_of(line.text)
                    or is_numbered_heading(line.text)
                    or tables.is_header_row([s.text for s in line.segments])
                ):
                    structural.add(key)
    return {
        key
        for key, where in seen.items()
        if len(where) >= 2 and (len(where) >= 3 or len(where) >= 0.5 * len(pages)) and key not in structural
    }


def _is_toc_page(lines: list[Line]) -> bool:
    if not lines:
        return False
    if _TOC_TITLE.match(lines[0].text.rstrip(":")):
        return True
    entries = sum(1 for line in lines if _TOC_ENTRY.match(line.text))
    return entries >= 4 and entries >= 0.6 * len(lines)


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of the gutter of a two-column page, or None.

    A gutter is a vertical strip in the middle of the page that nearly every line leaves free,
    with prose on both sides: table columns leave free strips too, but hold figures.
    """
    if len(lines) < 8:
        return None
    lo, hi = 0.3 * width, 0.7 * width
    events: list[tuple[float, int]] = []
    for line in lines:
        start = lo
        for seg in line.segments:
            a, b = seg.x0 - _GUTTER / 2, seg.x1 + _GUTTER / 2
            if a > start:
                events += [(start, 1), (min(a, hi), -1)]
            start = max(start, b)
            if start >= hi:
                break
        if start < hi:
            events += [(start, 1), (hi, -1)]
    events.sort()
    best, best_x, count = 0, None, 0
    for k, (x, delta) in enumerate(events):
        count += delta
        if count > best and k + 1 < len(events) and events[k + 1][0] > x:
            best, best_x = count, (x + events[k + 1][0]) / 2
    if best_x is None or best < 0.85 * len(lines):
        return None

    def prose(side: list[list[str]]) -> bool:
        words = [w for line in side for w in line]
        numeric = sum(bool(re.fullmatch(r"[-–(]?[\d.,%()]+", w)) for w in words)
        return len(side) >= 5 and len(words) >= 3 * len(side) and numeric <= 0.3 * len(words)

    left = [[w for s in line.segments if s.x1 <= best_x for w in s.text.split()] for line in lines]
    right = [[w for s in line.segments if s.x0 >= best_x for w in s.text.split()] for line in lines]
    return best_x if prose([x for x in left if x]) and prose([x for x in right if x]) else None


def _reading_order(page: Page, lines: list[Line]) -> list[Item]:
    """Lines and ruled tables of a page in reading order, a two-column page column by column."""
    x = _gutter(lines, page.width)
    if x is None:
        return sorted([*lines, *page.ruled], key=lambda item: item.top)
    items: list[Item] = []
    band: list[Item] = []

    def flush() -> None:
        for column in (1, 2):
            items.extend(sorted((b for b in band if b.column == column), key=lambda b: b.top))
        band.clear()

    for item in sorted([*lines, *page.ruled], key=lambda item: item.top):
        if isinstance(item, RuledTable):
            if item.x0 < x < item.x1:
                flush()
                items.append(item)
            else:
                band.append(replace(item, column=1 if item.x1 <= x else 2))
            continue
        if any(s.x0 < x < s.x1 for s in item.segments):
            flush()  # a line across the gutter (a heading over both columns) ends the band
            items.append(item)
            continue
        left = [s for s in item.segments if s.x1 <= x]
        right = [s for s in item.segments if s.x0 >= x]
        if left:
            band.append(replace(item, segments=left, column=1))
        if right:
            band.append(replace(item, segments=right, column=2, second_x=None))
    flush()
    return items


# --------------------------------------------------------------------------------------------
# Lines -> elements


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
    after_jump: bool = False  # the first thing on its page or column
    open_at_end: bool = False  # the last thing on its page or column

    @property
    def width(self) -> int:
        return len(self.header) if self.header else max((len(r) for r in self.body), default=0)


@dataclass
class Block:
    """A heading, paragraph or list item being re-flowed: its lines and their text."""

    kind: str  # heading, paragraph, list_item
    level: int | None
    x: float  # where its continuation lines start
    size: float
    parts: list[tuple[Line, str]]

    @property
    def text(self) -> str:
        joined = ""
        for _, text in self.parts:
            joined = _join(joined, text)
        return joined

    @property
    def last(self) -> Line:
        return self.parts[-1][0]

    @property
    def page(self) -> int:
        return self.parts[0][0].page

    def add(self, line: Line) -> None:
        self.parts.append((line, line.text))


_NO = object()  # not a heading


class _Reader:
    """Turns lines in reading order into headings, text blocks and raw tables."""

    def __init__(self, items: list[Item], body: float, pitch: float, tiers: dict[float, int], lefts: dict):
        self.items = items
        self.body = body
        self.pitch = pitch
        self.tiers = tiers
        self.lefts = lefts
        self.elements: list[Element | RawTable] = []
        self.block: Block | None = None
        self.question: Question = "overig"
        self.bullets: list[float] = []

    def left_of(self, line: Line) -> float:
        return self.lefts.get((line.page, line.column), line.x0)

    @staticmethod
    def jump(previous: Item | None, item: Item) -> bool:
        """A new page or column lies between two items."""
        return (
            previous is None
            or previous.page != item.page
            or previous.column != item.column
            or item.top < previous.top - 1
        )

    def heading_level(self, line: Line):
        """`_NO`, or the heading's level: None lets the number (or a question) decide."""
        text = line.text
        if not text or len(text) > 150 or tables.cell_kind(text) != "text":
            return _NO
        large = line.size >= _HEADING_RATIO * self.body
        if question_of(text) and (line.bold or large or text.endswith("?")):
            return None
        if large and not text.endswith((".", ",", ";")):
            level = self.tiers.get(line.size, 1)
            return None if level and is_numbered_heading(text) else level
        if line.bold and is_numbered_heading(text):
            return None
        # A bold line at body size is emphasis in the text, not a section of its own.
        return _NO

    def bullet(self, line: Line) -> tuple[str, float] | None:
        """(text, x of the text) when the line starts a list item."""
        words = line.text.split(" ", 1)
        if len(words) < 2 or not (words[0] in _BULLETS or _CID.match(words[0])):
            return None
        return words[1], line.second_x if line.second_x is not None else line.x0

    # -- output ----------------------------------------------------------------------------

    def emit(self, element: Element | RawTable) -> None:
        if isinstance(element, Heading):
            self.question = question_of(element.text) or "overig"
            self.bullets = []
        self.elements.append(element)

    def flush(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        text = clean_text(block.text)
        if not text:
            return
        if block.kind == "heading" or (block.kind == "paragraph" and len(block.parts) == 1 and question_of(text)):
            self.emit(Heading(text, level=block.level, page=block.page))
        elif block.kind == "paragraph" and _NUMBERED_ITEM.match(text):
            self.emit(TextBlock(text, "list_item", 1, page=block.page))  # `1.Bijdrage van …`
        else:
            self.emit(TextBlock(text, block.kind, block.level or 0, page=block.page))  # type: ignore[arg-type]

    def last_table(self) -> RawTable | None:
        last = self.elements[-1] if self.elements else None
        return last if isinstance(last, RawTable) and self.block is None else None

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> list[Element | RawTable]:
        i = 0
        previous: Item | None = None
        while i < len(self.items):
            item = self.items[i]
            jumped = self.jump(previous, item)
            last_table = self.last_table()
            if jumped and last_table is not None:
                last_table.open_at_end = True
            used = self.step(i, jumped, last_table)
            previous = self.items[i + used - 1]
            i += used
        self.flush()
        return self.elements

    def step(self, i: int, jumped: bool, last_table: RawTable | None) -> int:
        """Read what starts at item `i`; returns how many items it took."""
        item = self.items[i]
        if isinstance(item, RuledTable):
            self.flush()
            self.table(self.ruled(item), jumped)
            return 1
        if self.block is not None and self.block.kind == "heading" and self.heading_level(item) is _NO:
            self.flush()  # the heading is complete; its question decides what a table below is
        table, used = self.unruled(i, jumped)
        if table is not None:
            self.flush()
            self.table(table, jumped)
            return used
        if last_table is not None:
            used = self.footnotes(i, last_table)
            if used:
                return used
        self.line(item, jumped)
        return 1

    def line(self, line: Line, jumped: bool) -> None:
        if line.text in _BULLETS or _CID.match(line.text):
            return  # a bullet the author left empty
        block = self.block
        level = self.heading_level(line)
        if level is not _NO:
            if (
                block is not None
                and block.kind == "heading"
                and block.size == line.size
                and not jumped
                and line.top - block.last.bottom < 0.8 * line.size
                and not question_of(line.text)
                and not question_of(block.text)
            ):
                block.add(line)  # a heading printed over two lines
                return
            self.flush()
            self.block = Block("heading", level, line.x0, line.size, [(line, line.text)])
            return
        bullet = self.bullet(line)
        if bullet is not None:
            self.flush()
            text, x = bullet
            self.block = Block("list_item", self.bullet_level(line.x0), x, line.size, [(line, text)])
            return
        if block is not None and block.kind != "heading" and self.continues(block, line, jumped):
            block.add(line)
            return
        self.flush()
        if line.x0 <= self.left_of(line) + 3:
            self.bullets = []
        self.block = Block("paragraph", 0, line.x0, line.size, [(line, line.text)])

    def continues(self, block: Block, line: Line, jumped: bool) -> bool:
        """Whether `line` goes on with the paragraph or list item `block`."""
        last = block.last
        if abs(line.size - block.size) > 0.6:
            return False
        if block.kind == "list_item" and line.x0 < block.x - 3:
            return False
        if _FOOTNOTE_START.match(line.text) and tables.footnote_line(line.text):
            return False
        if jumped:
            # Across a page or column break only an unfinished sentence goes on.
            return not last.text.endswith(_SENTENCE_END) or line.text[:1].islower()
        return line.top - last.top <= self.pitch + 0.35 * line.size

    def bullet_level(self, x: float) -> int:
        while self.bullets and self.bullets[-1] > x + 2:
            self.bullets.pop()
        if not self.bullets or self.bullets[-1] < x - 2:
            self.bullets.append(x)
        return len(self.bullets)

    # -- tables ----------------------------------------------------------------------------

    def table(self, raw: RawTable, jumped: bool) -> None:
        raw.after_jump = jumped
        last = self.elements[-1] if self.elements else None
        if (
            isinstance(last, TextBlock)
            and last.kind == "paragraph"
            and len(last.text) <= 80
            and tables.table_scale([last.text]) > 1
        ):
            raw.caption = last.text  # `Bedragen x € 1.000` above the table
            self.elements.pop()
        self.emit(raw)

    def ruled(self, item: RuledTable) -> RawTable:
        rows = [row for row in item.rows if any(row)]
        first = rows[0] if rows else []
        header = first if tables.is_header_row(first) or tables.is_money_header(first, self.question) else None
        body = rows[1:] if header else rows
        return RawTable(item.page, header, body, [item.page] * len(body), True, self.question)

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
        if self.starts_table(line):
            # Open strips at both ends let unlabelled columns appear there: the row labels of a
            # money table, a last column whose label stands on another line.
            inner = [(a.x1, b.x0) for a, b in zip(line.segments, line.segments[1:])]
            grid = [(-_OPEN, line.x0), *inner, (line.segments[-1].x1, _OPEN)]
            above = self.header_above(line, grid)
            table, used = self.read_grid(i - above, grid, header=True)
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
            and self.fits(line, previous.grid)
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
            count += 1
            below = above
        return count

    def starts_table(self, line: Line) -> bool:
        """The line is a table's header row: indicator labels, or money columns."""
        cells = [s.text for s in line.segments]
        return len(cells) >= 2 and (tables.is_header_row(cells) or tables.is_money_header(cells, self.question))

    def read_grid(self, i: int, grid: list[tuple[float, float]], header: bool) -> tuple[RawTable | None, int]:
        """The table whose columns are separated by the free strips `grid`, from line `i` on."""
        region: list[Line] = []
        size: float | None = None  # of the body rows
        free = grid
        for item in self.items[i:]:
            if not isinstance(item, Line):
                break
            if region:
                prev = region[-1]
                if self.jump(prev, item) or item.top - prev.bottom > 2.2 * item.size:
                    break
                if self.heading_level(item) is not _NO:
                    break
                if size is not None and abs(item.size - size) > 0.12 * size:
                    break
                if size is not None and self.starts_table(item):
                    break  # the next table's header
            narrowed = self.fits(item, free)
            if narrowed is None:
                break
            free = narrowed
            if region and size is None and item.top - region[-1].bottom > _ROW_GAP * item.size:
                size = item.size
            region.append(item)
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
            k and text and cells_so_far[k] and tables.cell_kind(cells_so_far[k]) in ("value", "period")
            for k, text in enumerate(cells)
        )

    def footnotes(self, i: int, raw: RawTable) -> int:
        """Footnote lines under a table, for markers its rows use; returns how many lines."""
        markers = {tables.split_marker(row[0])[1] for row in raw.body if row} - {None}
        used = 0
        current: Line | None = None
        for item in self.items[i:]:
            if not isinstance(item, Line):
                break
            note = tables.footnote_line(item.text)
            if note and note[0] in markers:
                raw.footnotes.append(note)
            elif (
                current is not None
                and not self.jump(current, item)
                and abs(item.size - current.size) < 0.6
                and item.top - current.bottom <= 0.6 * item.size
                and self.heading_level(item) is _NO
            ):
                marker, text = raw.footnotes[-1]
                raw.footnotes[-1] = (marker, _join(text, item.text))
            else:
                break
            current = item
            used += 1
        return used


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
            if element.header:
                # Kept as printed: build_table drops header rows repeated in the body.
                previous.body.append(element.header)
                previous.row_pages.append(element.page)
            previous.body.extend(element.body)
            previous.row_pages.extend(element.row_pages)
            previous.footnotes.extend(element.footnotes)
            previous.open_at_end = element.open_at_end
            continue
        out.append(element)
    return out


def _build(raw: RawTable, document: Document) -> Element:
    where = f"page {raw.page}"
    header, body, pages = raw.header, raw.body, raw.row_pages
    if header is None:
        header, body, pages = body[0], body[1:], pages[1:]
        document.issues.append(
            Issue("warning", "table-unknown-layout", f"table without a recognised header: {header}", where)
        )
    table, issues = tables.build_table(
        header, body, question=raw.question, page=raw.page, row_pages=pages, caption=raw.caption, positional=True
    )
    document.issues.extend(replace(x, location=f"{where} {x.location}" if x.location else where) for x in issues)
    markers = tables.table_markers(table)
    resolved = {marker for marker, _ in raw.footnotes}
    for marker in sorted(markers - resolved):
        document.issues.append(
            Issue(
                "warning",
                "footnote-unresolved",
                f"footnote marker {marker!r} has no footnote text below the table",
                where,
            )
        )
    return replace(table, footnotes=tuple(raw.footnotes))


# --------------------------------------------------------------------------------------------
# The extractor


def _open_error(exc: BaseException) -> ExtractionError:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name:
        return ExtractionError("encrypted", f"the PDF is encrypted and cannot be read without a password ({name})")
    return ExtractionError("corrupt-pdf", f"the PDF cannot be parsed: {name}: {cause}")


def _check_file(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("empty", "file is empty (0 bytes)")
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise ExtractionError("corrupt-pdf", "not a PDF: the file does not start with %PDF-")
    if b"%%EOF" not in tail:
        raise ExtractionError("corrupt-pdf", "truncated PDF: the file does not end with an %%EOF marker")


def _check_inflated_size(path: Path, limit: int) -> None:
    """Refuse a PDF whose compressed streams inflate past `limit` bytes (a decompression bomb).

    pdfminer inflates a stream whole, in memory, when a page uses it; this pass inflates each
    Flate stream in bounded steps first and stops counting at the limit.
    """
    import zlib

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE, PDFStream

    total = 0
    with path.open("rb") as handle:
        try:
            pdf = PDFDocument(PDFParser(handle))
        except Exception:
            return  # unreadable or encrypted: opening it properly reports why
        for xref in pdf.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = pdf.getobj(objid)
                except Exception:
                    continue
                if not isinstance(obj, PDFStream):
                    continue
                filters = [f for f, _ in obj.get_filters()]
                data = obj.rawdata or b""
                try:
                    # ASCII encodings only shrink data; decode them to reach the Flate layer.
                    while filters and filters[0] in (*LITERALS_ASCII85_DECODE, *LITERALS_ASCIIHEX_DECODE):
                        decode = ascii85decode if filters.pop(0) in LITERALS_ASCII85_DECODE else asciihexdecode
                        data = decode(data)
                except Exception:
                    continue
                if not filters or filters[0] not in LITERALS_FLATE_DECODE:
                    continue
                inflater = zlib.decompressobj()
                try:
                    while data:
                        total += len(inflater.decompress(data, 1 << 20))
                        data = inflater.unconsumed_tail
                        if total > limit:
                            raise ExtractionError(
                                "too-large-decompressed",
                                f"the PDF's streams inflate to more than {limit / 2**20:.0f} MB "
                                "(a decompression bomb?); the limit is --max-decompressed-mb",
                            )
                except zlib.error:
                    continue  # a damaged stream is reported when its page is read


def _read_pages(path: Path, document: Document, max_pages: int) -> list[Page]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer wraps its own errors in PdfminerException
        raise _open_error(exc) from exc
    pages: list[Page] = []
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise _open_error(exc) from exc
        if count == 0:
            raise ExtractionError("corrupt-pdf", "the PDF has no pages")
        if count > max_pages:
            raise ExtractionError("too-many-pages", f"the PDF has {count} pages; the limit is {max_pages}")
        document.pages = count
        for number, page in enumerate(pdf.pages, start=1):
            try:
                if not page.chars:
                    if page.images or page.objects.get("curve") or page.objects.get("rect"):
                        document.issues.append(
                            Issue(
                                "error",
                                "page-without-text",
                                f"page {number} has no text layer (a scan?); it needs OCR",
                                f"page {number}",
                            )
                        )
                    else:
                        document.issues.append(Issue("info", "page-blank", f"page {number} is blank", f"page {number}"))
                    continue
                read = _read_page(page, number)
                if read.unmapped > 0.1:
                    document.issues.append(
                        Issue(
                            "warning",
                            "text-unmapped",
                            f"page {number}: {read.unmapped:.0%} of the words hold glyphs "
                            "without a character mapping (shown as (cid:N)); the text there is unreliable",
                            f"page {number}",
                        )
                    )
                pages.append(read)
            except Exception as exc:  # one bad page must not lose the book
                document.issues.append(
                    Issue(
                        "error",
                        "page-unreadable",
                        f"page {number} could not be read: {type(exc).__name__}: {exc}",
                        f"page {number}",
                    )
                )
            finally:
                page.close()
    return pages


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
        raise ExtractionError("needs-ocr", "no text layer: the PDF holds only images; it needs OCR")

    all_text = "\n".join(line.text for page in pages for line in page.lines)
    items = _clean(pages, document)
    elements = _Reader(items, *_measure(items)).read()
    stream: list[Element] = []
    for element in _merge_continued(elements):
        stream.append(_build(element, document) if isinstance(element, RawTable) else element)
    assemble(stream, document)
    infer_hints(document, all_text)
    return document


def _clean(pages: list[Page], document: Document) -> list[Item]:
    """Drop running headers, footers, page numbers, the cover and the table of contents; put
    every page in reading order."""
    running = _running_keys(pages)
    dropped: Counter[str] = Counter()
    items: list[Item] = []
    for index, page in enumerate(pages):
        lines = []
        for line in page.lines:
            if _in_margin(line, page) and (_running_key(line) in running or _PAGE_NUMBER.match(line.text)):
                dropped[line.text if not _PAGE_NUMBER.match(line.text) else "page numbers"] += 1
                continue
            lines.append(line)
        if _is_toc_page(lines):
            document.issues.append(Issue("info", "toc-skipped", "table of contents skipped", f"page {page.number}"))
            continue
        if index == 0 and _is_cover(lines, pages):
            document.title = clean_text(" ".join(line.text for line in sorted(lines, key=lambda x: -x.size)[:2]))
            document.issues.append(
                Issue("info", "cover-skipped", f"cover page skipped: {document.title!r}", f"page {page.number}")
            )
            continue
        kept = []
        for line in lines:
            if _TOC_ENTRY.match(line.text):
                continue
            date = export_date(line.text)
            if date:  # a budget platform's `Deze pagina is gebouwd op … export van …` footer
                document.export_date = date
                continue
            kept.append(line)
        items.extend(_reading_order(page, kept))
    if dropped:
        document.issues.append(
            Issue(
                "info",
                "running-text-removed",
                "running headers, footers and page numbers removed: "
                + ", ".join(f"{text!r} ({n}x)" for text, n in dropped.most_common(5)),
            )
        )
    return items


def _is_cover(lines: list[Line], pages: list[Page]) -> bool:
    """A first page of a few short lines, one of them large, that names the kind of document
    (or is followed by the table of contents) and holds no heading of the book's structure."""
    if len(pages) < 3 or not lines or len(lines) > 8 or any(len(line.text) > 80 for line in lines):
        return False
    if any(question_of(line.text) or is_numbered_heading(line.text) for line in lines):
        return False
    sizes = Counter(line.size for page in pages[1:6] for line in page.lines for _ in line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    if max(line.size for line in lines) < 1.5 * body:
        return False
    if any(_DOCUMENT_KIND.search(line.text) for line in lines):
        return True
    return any(_TOC_TITLE.match(line.text.rstrip(":")) for line in pages[1].lines[:3])


def _measure(items: list[Item]) -> tuple[float, float, dict[float, int], dict[tuple[int, int], float]]:
    """Body font size, line pitch, heading sizes (size -> level) and the left edge of text per
    page and column."""
    lines = [item for item in items if isinstance(item, Line)]
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches: Counter[float] = Counter()
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and a.size == b.size == body:
            diff = round((b.top - a.top) * 2) / 2
            if 0.9 * body <= diff <= 1.7 * body:
                pitches[diff] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else 1.25 * body
    heading_sizes = sorted(
        {line.size for line in lines if line.size >= _HEADING_RATIO * body and len(line.text) <= 150}, reverse=True
    )
    first = 0 if heading_sizes and heading_sizes[0] >= _PROGRAMME_RATIO * body and len(heading_sizes) > 1 else 1
    tiers = {size: min(first + k, 3) for k, size in enumerate(heading_sizes)}
    lefts: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page, line.column)
        lefts[key] = min(lefts.get(key, line.x0), line.x0)
    return body, pitch, tiers, lefts
