"""The text of a page read with PDFium, as pdfplumber would read it.

pdfplumber builds a Python object per character from pdfminer's layout, which is most of the
time a book takes; PDFium (through pypdfium2, which pdfplumber already installs) reads the
same characters in C. Here a page's characters are grouped into words as pdfplumber's
`extract_words(extra_attrs=["size", "fontname"])` does (runs of one font and size, lines
clustered by top within 3 pt, a new word at a space or a gap wider than 3 pt), and, for the
cells of a ruled table, given as pdfplumber's `page.chars` (`_Page.plumber_chars`). A page
this cannot read the same way goes to pdfplumber: rotated text, glyphs without a character
mapping, or no text at all.

A word is a tuple (top, x0, x1, bottom, text, size, font name), as `pages._group_lines`
takes it. Boxes follow pdfminer: x0 at the glyph's origin, x1 at its advance, bottom at the
baseline plus the font's descent and top one font size above it; positions are rounded to a
thousandth of a point, as pdfplumber's are before they are grouped.

Asking PDFium for each character's box is most of the time a page takes here, so a line that
PDFium prints as one text object is read a word at a time (`_Page.line_words`): the origin of
its first character and the advance of its last, checked against the widths of its
characters, which tells a word set as one from one with a gap inside. Every other line is read
a character at a time (`_Page.chars`); both give the same words.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby

_TOLERANCE = 3.0  # pdfplumber's x_tolerance and y_tolerance
_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)  # (text page, index) -> object
_FONT_OF = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)  # text object -> its font
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_TOKEN = re.compile(r"\S+")  # str.isspace() and \s agree: a space ends a word here as there
_LINE = re.compile(r"[^\r\n]+")  # PDFium puts \r\n between the lines it finds
_KERNING = 0.5  # points a word's width may differ from its characters' advances, kerned
_NARROW = 0.5  # points: a character this narrow may stand left of the one before it

Word = tuple  # (top, x0, x1, bottom, text, size, font name)


def page_words(page, height: float, advances: dict | None = None, whole_lines: bool = True) -> list[Word] | None:
    """The words of a pypdfium2 page as pdfplumber gives them, or None when the page needs
    pdfplumber (see the module's description). `advances` keeps the characters' advances
    measured on one page for the next pages of the document. Without `whole_lines` every
    character is read on its own: the reference the faster reading is held to."""
    with text_of(page, height, advances) as text:
        try:
            return text.words(whole_lines) if text.count else None
        except NeedsPdfplumber:
            return None


@contextmanager
def text_of(page, height: float, advances: dict | None = None) -> Iterator[_Page]:
    """The page's text as PDFium reads it, open while the page is read. Its `words` and
    `plumber_chars` raise `NeedsPdfplumber` for a page they cannot read as pdfplumber does."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        yield _Page(textpage.raw, height, pdfium_c, {} if advances is None else advances)
    finally:
        textpage.close()


class NeedsPdfplumber(Exception):
    """Something on the page PDFium does not read as pdfplumber does."""


class _SameRun(Exception):
    """A word goes on over PDFium's line break: only a reading by characters joins it."""


@dataclass(eq=False)
class _Font:
    """The font of a text object: what a word records of it, and what reading a line a word at
    a time needs: the advance of each character and which characters map to text."""

    size: float
    name: str
    descent: float
    advances: dict[str, float] = field(default_factory=dict)  # of every object in this font and scale
    narrow: set[str] = field(default_factory=set)
    mapped: dict[str, bool] = field(default_factory=dict)  # of every object in this font on the page

    @property
    def run(self) -> tuple[float, str]:
        """Characters of one run, and so of one word, share size and name."""
        return self.size, self.name


class _Page:
    """One PDFium text page: its text, and the fonts and positions of its characters."""

    def __init__(self, raw, height: float, pdfium_c, advances: dict):
        self.raw, self.height, self.c, self.advances = raw, height, pdfium_c, advances
        self.count = count = pdfium_c.FPDFText_CountChars(raw)
        if count <= 0:
            self.count, self.indexed, self.text = 0, False, ""
            return
        buffer = ctypes.create_string_buffer(2 * (count + 1))
        written = pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", "replace")
        # Characters outside the basic plane take two places in the text: one at a time, and
        # no place in the text is then a character's index.
        self.indexed = len(text) == count
        if not self.indexed:
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(count))
        self.text = text
        self.box = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        # Text objects and fonts by address, as plain ints: keys without a ctypes cast each.
        self.object_of = _ADDRESS(ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)
        self.font_of = _FONT_OF(ctypes.cast(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p).value)
        self.handle = ctypes.cast(raw, ctypes.c_void_p)
        self.fonts: dict[int | None, _Font | None] = {}  # per text object
        self.faces: dict[tuple, _Font] = {}  # per font, size as set and text matrix
        self.mapped: dict[str, dict[str, bool]] = {}  # font name -> character -> maps to text

    def words(self, whole_lines: bool = True) -> list[Word]:
        if not (whole_lines and self.indexed):
            return _words(self.chars(0, self.count))
        try:
            return self.lines()
        except _SameRun:
            return _words(self.chars(0, self.count))

    def lines(self) -> list[Word]:
        """Line by line, a word at a time where it can; consecutive lines read by characters
        are grouped together, as a reading of the page would group them."""
        words: list[Word] = []
        pending: list[tuple | None] = []  # characters of lines read by characters
        before = None  # the (font, top) of the character that ends the line before, if any
        for line in _LINE.finditer(self.text):
            start, end = line.span()
            found = self.line_words(start, end)
            if found is None:
                chars = self.chars(start, end)
                if chars and chars[0] is not None and before is not None and not pending and _joins(before, chars[0][5], chars[0][3]):
                    raise _SameRun
                pending.extend(chars)
                before = None if not chars or chars[-1] is None else (chars[-1][5], chars[-1][3])
                continue
            line_words, head, tail = found
            if head is not None and before is not None and _joins(before, *head):
                raise _SameRun
            if pending:
                words.extend(_words(pending))
                pending = []
            words.extend(line_words)
            before = tail
        if pending:
            words.extend(_words(pending))
        return words

    def font(self, key: int | None, index: int) -> _Font:
        """The font of text object `key`, whose first character is at `index`."""
        if key not in self.fonts:
            self.fonts[key] = self.face(key, index)
        font = self.fonts[key]
        if font is None:
            raise NeedsPdfplumber  # rotated, skewed or mirrored text, or a font without a character map
        return font

    def face(self, key: int | None, index: int) -> _Font | None:
        """The font a character is printed in: the size printed, the name, the descent in
        points; None for text that is not upright, or whose font maps its glyphs to no
        characters."""
        c, raw, matrix = self.c, self.raw, self.matrix
        if c.FPDFText_HasUnicodeMapError(raw, index) == 1:
            return None
        c.FPDFText_GetMatrix(raw, index, matrix)
        if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
            return None
        font = self.font_of(key) if key else None
        set_size = c.FPDFText_GetFontSize(raw, index)
        face = (font, set_size, matrix.a, matrix.d)
        if face not in self.faces:
            # The font size as set, scaled by the text matrix: the size the glyph is printed at.
            size = round(set_size * matrix.d, 4)
            name = ctypes.create_string_buffer(128)
            c.FPDFText_GetFontInfo(raw, index, name, len(name), ctypes.c_int())
            descent = ctypes.c_float()
            found = font and c.FPDFFont_GetDescent(ctypes.cast(font, c.FPDF_FONT), ctypes.c_float(1000.0), descent)
            named = _Font(size, name.value.decode("utf-8", "replace"), descent.value / 1000 * size if found else 0.0)
            # Measured widths serve only to check a word is set as one; a font of the same
            # name with other widths fails the check and is read by characters.
            named.advances, named.narrow = self.advances.setdefault((named.name, set_size, matrix.a, matrix.d), ({}, set()))
            named.mapped = self.mapped.setdefault(named.name, {})
            self.faces[face] = named
        return self.faces[face]

    def chars(self, start: int, end: int) -> list[tuple | None]:
        """Each character as (text, x0, x1, top, bottom, font); None for a space."""
        c, raw, text, box, ox, oy, height = self.c, self.raw, self.text, self.box, self.ox, self.oy, self.height
        object_of, handle, fonts = self.object_of, self.handle, self.fonts
        chars: list[tuple | None] = []
        for i in range(start, end):
            char = text[i]
            if char in ("\r", "\n"):
                continue  # line breaks PDFium infers between lines
            if char.isspace():
                chars.append(None)  # a space ends a word, printed or inferred
                continue
            key = object_of(handle, i)
            font = fonts.get(key) or self.font(key, i)
            if not (char.isascii() and char.isalnum()) and c.FPDFText_HasUnicodeMapError(raw, i) == 1:
                raise NeedsPdfplumber  # pdfplumber prints such glyphs as (cid:N); its reading is reported
            if char in ("\x02", "\ufffe"):
                char = "-"  # a hyphen at the end of a line, as printed
            c.FPDFText_GetLooseCharBox(raw, i, box)
            c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            bottom = height - (oy.value + font.descent)
            chars.append((char, ox.value, box.right, bottom - font.size, bottom, font))
        return chars

    def plumber_chars(self) -> list[dict]:
        """Every character as pdfplumber's `page.chars` holds it, for the cells of a ruled
        table. A space PDFium infers where pdfminer reads a space glyph stands where the
        character before it ends: either way it ends a word there."""
        c, raw, text, box, ox, oy, height = self.c, self.raw, self.text, self.box, self.ox, self.oy, self.height
        object_of, handle, fonts = self.object_of, self.handle, self.fonts
        chars: list[dict] = []
        for i in range(self.count):
            char = text[i]
            if char in ("\r", "\n"):
                continue
            if c.FPDFText_IsGenerated(raw, i) == 1:
                if char == " " and chars:
                    chars.append({**chars[-1], "text": " ", "x0": chars[-1]["x1"]})
                continue
            key = object_of(handle, i)
            font = fonts.get(key) or self.font(key, i)
            if not (char.isascii() and char.isalnum()) and c.FPDFText_HasUnicodeMapError(raw, i) == 1:
                raise NeedsPdfplumber
            if char in ("\x02", "\ufffe"):
                char = "-"
            c.FPDFText_GetLooseCharBox(raw, i, box)
            c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            bottom = height - (oy.value + font.descent)
            top = bottom - font.size
            chars.append(
                {"text": char, "x0": ox.value, "x1": box.right, "top": top, "bottom": bottom, "doctop": top,
                 "upright": True, "size": font.size, "fontname": font.name}
            )
        return chars

    def line_words(self, start: int, end: int):
        """(words, (font, top) of its first character, of its last) of a line, read a word at
        a time; None when a word of it is not one text object or not set as one (a gap inside,
        characters drawn right to left)."""
        spans = [m.span() for m in _TOKEN.finditer(self.text, start, end)]
        if not spans:
            return [], None, None
        first, last = spans[0][0], spans[-1][1]
        objects = self.c.FPDFText_CountRects(self.raw, first, last - first)  # one per change of object
        if objects == 1:
            runs = [(self.object_of(self.handle, first), spans)]
        elif 1 < objects <= len(spans):
            runs = self.runs(spans)
            if len(runs) != objects:
                return None  # an object changes inside a word
        else:
            return None  # a text object per character, or none
        words: list[Word] = []
        edges = []
        for key, run in runs:
            first_of_run, last_of_run = run[0][0], run[-1][1]
            if not key or self.object_of(self.handle, last_of_run - 1) != key:
                return None
            if len(runs) > 1 and self.c.FPDFText_CountRects(self.raw, first_of_run, last_of_run - first_of_run) != 1:
                return None
            font = self.fonts.get(key) or self.font(key, first_of_run)
            top = self.run_words(key, font, run, words)
            if top is None:
                return None
            edges.append((font, top))
        head = edges[0] if first == start else None
        tail = edges[-1] if last == end else None
        return words, head, tail

    def runs(self, spans: list[tuple[int, int]]) -> list[tuple[int, list[tuple[int, int]]]]:
        """The words of a line grouped by the text object their first character is in."""
        runs: list[tuple[int, list[tuple[int, int]]]] = []
        for span in spans:
            key = self.object_of(self.handle, span[0])
            if runs and runs[-1][0] == key:
                runs[-1][1].append(span)
            else:
                runs.append((key, [span]))
        return runs

    def run_words(self, key: int, font: _Font, spans: list[tuple[int, int]], words: list[Word]) -> float | None:
        """The words of one text object on a line added to `words`; their top (not rounded),
        or None when one of them is not set as one word."""
        raw, text, box, ox, oy = self.raw, self.text, self.box, self.ox, self.oy
        origin_of, box_of = self.c.FPDFText_GetCharOrigin, self.c.FPDFText_GetLooseCharBox
        advances, narrow, size, name = font.advances, font.narrow, font.size, font.name
        baseline = None
        top = at_top = at_bottom = 0.0
        for i, j in spans:
            word = text[i:j]
            plain = word.isascii() and word.isalnum()
            if not plain:
                self.check_mapped(font, word, i)
            try:
                width = sum(map(advances.__getitem__, word))
            except KeyError:
                if not self.learn(font, key, word, i):
                    return None
                width = sum(map(advances.__getitem__, word))
            if narrow and not narrow.isdisjoint(word):
                return None
            origin_of(raw, i, ox, oy)
            if baseline is None:
                baseline = oy.value
                bottom = self.height - (baseline + font.descent)
                top = bottom - size
                at_top, at_bottom = round(top, 3), round(bottom, 3)
            elif oy.value != baseline:
                return None
            x0 = ox.value
            box_of(raw, j - 1, box)
            x1 = box.right
            if not -_KERNING <= x1 - x0 - width <= _KERNING:
                return None
            words.append((at_top, round(x0, 3), round(x1, 3), at_bottom, word if plain else _printed(word), size, name))
        return top

    def check_mapped(self, font: _Font, word: str, index: int) -> None:
        mapped = font.mapped
        for k, char in enumerate(word):
            if char.isascii() and char.isalnum():
                continue
            if char not in mapped:
                mapped[char] = self.c.FPDFText_HasUnicodeMapError(self.raw, index + k) != 1
            if not mapped[char]:
                raise NeedsPdfplumber

    def learn(self, font: _Font, key: int, word: str, index: int) -> bool:
        """The advances of the word's characters not yet measured in this font; False when one
        of them is not in the line's text object."""
        c, raw, box, ox, oy = self.c, self.raw, self.box, self.ox, self.oy
        for k, char in enumerate(word):
            if char in font.advances:
                continue
            if self.object_of(self.handle, index + k) != key:
                return False
            c.FPDFText_GetLooseCharBox(raw, index + k, box)
            c.FPDFText_GetCharOrigin(raw, index + k, ox, oy)
            advance = box.right - ox.value
            font.advances[char] = advance
            if advance < _NARROW:
                font.narrow.add(char)
        return True


def _printed(word: str) -> str:
    """A word's text as printed: PDFium's mark for a hyphen at a line end a hyphen, ligatures
    their letters."""
    if "\x02" in word or "\ufffe" in word:
        word = word.replace("\x02", "-").replace("\ufffe", "-")
    if not word.isascii():
        word = "".join(_LIGATURES.get(ch, ch) for ch in word)
    return word


def _joins(before: tuple, font: _Font, top: float) -> bool:
    """Whether a reading by characters could join the character that ends a line and the one
    that starts the next into one word: one font and size, tops within the tolerance."""
    font_before, top_before = before
    return font_before.run == font.run and abs(top - top_before) <= _TOLERANCE


def _words(chars: list[tuple | None]) -> list[Word]:
    words: list[Word] = []
    # Spaces end words, so runs of one font and size are cut at them before they are cut into
    # lines (most runs are then one word on one line).
    for font, group in groupby(chars, key=lambda c: c and c[5].run):
        if not font:
            continue
        run = list(group)
        tops = [c[3] for c in run]
        if max(tops) - min(tops) <= _TOLERANCE:
            lines = [run if all(a[1] <= b[1] for a, b in zip(run, run[1:])) else sorted(run, key=lambda c: c[1])]
        else:
            lines = _lines(run)
        for line in lines:
            current = [line[0]]
            for char in line[1:]:
                last = current[-1]
                if char[1] < last[1] or char[1] > last[2] + _TOLERANCE or abs(char[3] - last[3]) > _TOLERANCE:
                    words.append(_merge(current, font))
                    current = [char]
                else:
                    current.append(char)
            words.append(_merge(current, font))
    return words


def _lines(chars: list[tuple]) -> list[list[tuple]]:
    """Characters clustered by their top, as pdfplumber's `cluster_objects` does: sorted tops
    within the tolerance of the previous one are one line; each line sorted left to right."""
    tops = sorted({c[3] for c in chars})
    cluster_of: dict[float, int] = {}
    cluster = 0
    for k, top in enumerate(tops):
        if k and top - tops[k - 1] > _TOLERANCE:
            cluster += 1
        cluster_of[top] = cluster
    lines: list[list[tuple]] = [[] for _ in range(cluster + 1)]
    for char in chars:
        lines[cluster_of[char[3]]].append(char)
    return [sorted(line, key=lambda c: c[1]) for line in lines if line]


def _merge(chars: list[tuple], font: tuple) -> Word:
    text = "".join(c[0] for c in chars)
    if not text.isascii():
        text = "".join(_LIGATURES.get(c[0], c[0]) for c in chars)
    return (
        round(min(c[3] for c in chars), 3),
        round(min(c[1] for c in chars), 3),
        round(max(c[2] for c in chars), 3),
        round(max(c[4] for c in chars), 3),
        text,
        font[0],
        font[1],
    )
