"""Lines in reading order -> headings, paragraphs, list items and raw tables.

`_Reader` walks the items `layout._clean` put in reading order. A line is a heading when it is
larger than the body text (its size picks the level), or bold and numbered `7.3 …`, or a
question; other lines are re-flowed into paragraphs (hyphenated line ends joined, a sentence
going on across a page or column break) and list items (nested by the indent of their bullet).
Finding tables among the lines is the part it inherits from `grid._GridReader`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core import vocabulary
from core.values import look
from core.model import Question, TextBlock
from extractors.pdf.grid import _NO, RawTable, _GridReader, _has_figures
from extractors.pdf.layout import _HEADING_RATIO
from extractors.pdf.pages import _CID, Item, Line, RuledTable, _join
from extractors.structure import Element, Heading, is_numbered_heading, question_of
from core.values import clean_text

# Bullet glyphs; Symbol and Wingdings bullets come out as private-use characters or `(cid:N)`.
_BULLETS = {"•", "·", "-", "–", "—", "▪", "◦", "●", "■", "□", "○", "►", "➢", "✓", "*", "\uf0b7", "\uf0a7", "\uf076"}
_SENTENCE_END = (".", "!", "?", ":", ";")
_NUMBERED_ITEM = re.compile(r"^\d{1,2}[.)]\s*\S")
_FOOTNOTE_START = re.compile(r"^(\*+|\d{1,2}\))")


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


class _Reader(_GridReader):
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
        if not text or len(text) > 150 or look(text) != "text":
            return _NO
        if _has_figures(line):
            return _NO  # a table row with figures, printed in bold (`03 Economie | lasten | 1038`)
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
        if last.bold != line.bold and block.kind == "paragraph":
            return False  # a bold line over text (a title at body size) is a block of its own
        if block.kind == "list_item" and line.x0 < block.x - 3:
            return False
        if _FOOTNOTE_START.match(line.text) and vocabulary.footnote_line(line.text):
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
