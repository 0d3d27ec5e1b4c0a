"""Opening a PDF and reading its pages into lines of words.

Before PDFium or pdfplumber is let near the file, `_check_file` refuses what is not a whole
PDF and `_check_inflated_size` refuses a decompression bomb. `_read_pages` then reads the pages
one at a time, releasing each as soon as it is read (by PDFium where it can, else by
pdfplumber, which is opened only if a page needs it): words (with font size and weight) are
grouped into `Line`s, a line is split into `Segment`s where its words stand a column gap
apart, and ruled tables are taken whole from pdfplumber's table finder, run on PDFium's edges
and characters (`drawings.Sheet`) or on pdfplumber's own page. Pages without text, pages that
cannot be read and pages whose glyphs map to no characters are reported as issues on the
`Document`; one bad page does not lose the book.

The types defined here (`Line`, `Segment`, `RuledTable`, `Page`) are what the rest of the
package works on, and `_join` is how every part of it joins two printed lines of text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path

from core.issues import Issue
from core.model import Cell, Document, ExtractionError
from core.values import clean_text, look
from extractors.pdf import pdfium
from extractors.pdf.chars import text_of
from extractors.pdf.drawings import Sheet, may_hold_ruled_table, page_drawings

MAX_DECOMPRESSED_BYTES = 1 << 30
MAX_PAGES = 2000

_CELL_GAP = 0.38  # a gap between words wider than this many font sizes separates table cells
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_CID = re.compile(r"^\(cid:\d+\)$")  # a glyph without a character mapping, as pdfminer prints it
_HYPHENATED = re.compile(r"[a-zà-öø-ÿ]-$")


# --------------------------------------------------------------------------------------------
# What a page holds


@dataclass
class Segment:
    """Words of a line standing closer than a cell gap: the text of one cell, as far as the
    line alone can tell. `words` keeps each word's extent for the table reader."""

    x0: float
    x1: float
    text: str
    words: tuple[tuple[float, float, str], ...] = ()


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

    @cached_property
    def text(self) -> str:
        # Asked for many times per line by the reader; a changed line is a new one (`replace`).
        return clean_text(" ".join(s.text for s in self.segments))


@dataclass
class RuledTable:
    """A table drawn with ruling lines, as pdfplumber's table finder found it.

    `cells` keep their spans (a cell over two ruled columns is one cell, as printed) and a
    header hint: a shaded background or bold text. `rows` is the text at each position, a
    spanned cell's text at its top-left only.
    """

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[str]]
    column: int = 0
    cells: list[Cell] = field(default_factory=list)
    sizes: Counter[float] = field(default_factory=Counter)  # font size -> characters printed in it

    @property
    def header_rows(self) -> int:
        """Leading rows whose every cell has a header hint."""
        count = 0
        for r in range(len(self.rows)):
            row = [c for c in self.cells if c.row == r]
            if not row or not all(c.header for c in row):
                break
            count += 1
        return count


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]  # top to bottom
    ruled: list[RuledTable]
    unmapped: float = 0.0  # share of words with glyphs the font maps to no character


Item = Line | RuledTable


# --------------------------------------------------------------------------------------------
# Reading a page


@lru_cache(maxsize=1024)
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


def _cell_lines(text: str | None) -> list[str]:
    return [line for line in (clean_text(t) for t in (text or "").split("\n")) if line]


def _stacked(lines: list[str]) -> bool:
    """A cell of values printed one under the other (`2019 : 6` over `2018 : 6`)."""
    return len(lines) > 1 and all(look(line) != "text" for line in lines)


def _cell_text(lines: list[str], stacked_rows: set[int] = frozenset()) -> str:
    """A ruled cell's printed lines as one text.

    Lines that are each a value stay lines, as a `<br>` keeps them in HTML, and so do the short
    names beside them that pair up with them line by line (`Weert` over `Limburg`); wrapped
    words are joined (`_join_cell`).
    """
    lines = _tails_joined(lines)
    if _stacked(lines) or (len(lines) in stacked_rows and all(len(line.split()) <= 2 for line in lines)):
        return "\n".join(lines)
    joined = ""
    for line in lines:
        joined = _join_cell(joined, line)
    return clean_text(joined)


def _paragraphs(lines: list[str], words: list[dict]) -> list[list[str]]:
    """A ruled cell's lines split where a blank line stands between them (`Vernielingen …` over
    `Per 1.000 inwoners`, a paragraph each), as HTML keeps two paragraphs of one cell apart."""
    tops: list[float] = []
    for word in sorted(words, key=lambda w: w["top"]):
        if not tops or word["top"] - tops[-1] > 0.5 * (word["bottom"] - word["top"]):
            tops.append(word["top"])
    if len(tops) != len(lines) or len(lines) < 2:
        return [lines]
    return split_paragraphs(lines, tops, max(w["bottom"] - w["top"] for w in words))


def split_paragraphs(lines: list[str], tops: list[float], size: float) -> list[list[str]]:
    """Lines of one cell, printed at `tops`, in paragraphs: a step wider than the cell's
    leading by most of a line is a blank line between two."""
    if len(lines) < 2:
        return [lines]
    steps = [b - a for a, b in zip(tops, tops[1:])]
    pitch = min(*steps, 1.35 * size)  # the leading of the cell's wrapped lines
    parts = [[lines[0]]]
    for line, step in zip(lines[1:], steps):
        if step > pitch + 0.8 * size:
            parts.append([line])
        else:
            parts[-1].append(line)
    return parts


_TAIL = re.compile(r"^(\((19|20)\d{2}\)|%)$")


def _tails_joined(lines: list[str]) -> list[str]:
    """A figure's tail wrapped onto a line of its own (`190` over `(2018)`) goes back on its line."""
    out: list[str] = []
    for line in lines:
        if out and _TAIL.match(line) and look(out[-1]) != "text":
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _join_cell(left: str, right: str) -> str:
    """Join two lines of one table cell. A hyphen at the line end is kept (`re-|integratie`,
    `niet-|woningen`): renderers break table cells after a printed hyphen, they do not hyphenate."""
    if left.endswith("-") and left[-2:-1].isalpha() and right:
        return left + right
    return _join(left, right)


def _rounded(words: list[dict]) -> list[tuple]:
    """pdfplumber's words as `_group_lines` takes them, (top, x0, x1, bottom, text, size, font
    name), positions rounded to a thousandth of a point: pdfplumber and PDFium compute them in
    double and single precision, and a layout must not depend on which one read the page
    (`chars` rounds PDFium's words alike)."""
    rounded: dict[float, float] = {}  # the words of a run share their top and bottom

    def at(value) -> float:
        found = rounded.get(value)
        if found is None:
            found = rounded[value] = round(float(value), 3)
        return found

    return [
        (at(w["top"]), round(float(w["x0"]), 3), round(float(w["x1"]), 3), at(w["bottom"]), w["text"], w["size"], w.get("fontname") or "")
        for w in words
    ]


def _group_lines(words: list[tuple], page: int) -> list[Line]:
    """Words (top, x0, x1, bottom, text, size, font name) on one baseline form a line; a gap
    wider than a cell gap starts a new segment."""
    boxes = sorted(words, key=itemgetter(0, 1))
    rows: list[list[tuple]] = []
    last_top = last_bottom = None
    last_row: list[tuple] = []
    for word in boxes:
        top, bottom = word[0], word[3]
        if top == last_top and bottom == last_bottom and bottom - top >= 1.0:
            last_row.append(word)  # the row the word before, of the same extent, joined
            continue
        for row in reversed(rows[-3:]):
            ref = row[0]
            # Overlap rather than equal tops, so a raised footnote marker stays on its line.
            overlap = min(bottom, ref[3]) - max(top, ref[0])
            if overlap >= 0.4 * max(min(bottom - top, ref[3] - ref[0]), 1.0):
                row.append(word)
                break
        else:
            row = [word]
            rows.append(row)
        last_top, last_bottom, last_row = top, bottom, row
    return [_line(row, page) for row in rows]


def _line(row: list[tuple], page: int) -> Line:
    """One row of words as a line: its size and weight are those of most of its characters."""
    row.sort(key=itemgetter(1))
    sizes: dict[float, int] = {}
    bold = total = 0
    for word in row:
        length = len(word[4])
        half = round(word[5] * 2) / 2
        sizes[half] = sizes.get(half, 0) + length
        if _is_bold(word[6]):
            bold += length
        total += length
    size = max(sizes, key=sizes.__getitem__)  # the first of equals, as Counter.most_common
    row = _superscripts_joined(row, size)
    gap = _CELL_GAP * size
    segments: list[Segment] = []
    part = [row[0]]
    right = row[0][2]
    for word in row[1:]:
        # Words on another baseline are another cell's, however close: a figure centred in a
        # tall row beside the label's wrapped lines (`per 10.000` and `1,3` half a line lower).
        if word[1] - right < gap and abs(word[3] - part[-1][3]) <= 0.3 * size:
            part.append(word)
            right = max(right, word[2])
        else:
            segments.append(_segment(part, right))
            part, right = [word], word[2]
    segments.append(_segment(part, right))
    return Line(
        page,
        min(w[0] for w in row),
        max(w[3] for w in row),
        size,
        bold * 2 > total,
        segments,
        row[1][1] if len(row) > 1 else None,
    )


def _segment(words: list[tuple], right: float) -> Segment:
    return Segment(words[0][1], right, " ".join(w[4] for w in words), tuple((w[1], w[2], w[4]) for w in words))


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _has_superscript(words: list[dict]) -> bool:
    """A ruled cell's words (pdfplumber's) hold a raised footnote marker."""
    if len(words) < 2:
        return False
    size = max(float(w.get("size") or 0) for w in words)
    baseline = max(w["bottom"] for w in words)
    return any(_raised_marker(w["text"], float(w.get("size") or size), w["bottom"], size, baseline) for w in words)


def _raised_marker(text: str, word_size: float, bottom: float, size: float, baseline: float) -> bool:
    return bool(re.fullmatch(r"\d{1,2}", text)) and word_size <= 0.86 * size and bottom < baseline - 0.15 * size


def _superscripts_joined(row: list[tuple], size: float) -> list[tuple]:
    """A footnote marker printed small and raised right after a word (`200` and a raised `1`)
    joins it as the superscript it shows (`200¹`), as `<sup>` does in HTML; printed apart it
    would read as a figure of its own. Words are (top, x0, x1, bottom, text, size, font)."""
    if len(row) < 2:
        return row
    baseline = sorted(w[3] for w in row)[len(row) // 2]
    out: list[tuple] = []
    for word in row:
        if out and _raised_marker(word[4], float(word[5] or size), word[3], size, baseline) and word[1] - out[-1][2] < 0.5 * size:
            last = out[-1]
            out[-1] = (last[0], last[1], max(last[2], word[2]), last[3], last[4] + word[4].translate(_SUPERSCRIPT), last[5], last[6])
        else:
            out.append(word)
    return out


def _shading(page) -> list[tuple[float, float, float, float]]:
    """Filled, coloured boxes on the page (not the thin rects that draw ruling lines)."""
    boxes = []
    for rect in page.rects:
        color = rect.get("non_stroking_color")
        if not rect.get("fill") or rect["width"] < 3 or rect["height"] < 3 or color is None:
            continue
        values = color if isinstance(color, (tuple, list)) else (color,)
        if values and all(isinstance(v, (int, float)) and v >= 0.98 for v in values[:3]):
            continue  # white: the paper
        boxes.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"]))
    return boxes


def _inside(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


_SLIVER = 4.0  # points: a column or row this narrow between two rules is a drawing artefact


def _edges(positions: list[float], first: float, last: float) -> list[float]:
    """The rules cells start and end at, without the slivers a word processor draws when the
    cells of one row are a few points wider than those of the next: of two rules closer than
    a sliver, the one more cells use is kept."""
    uses = Counter(round(p, 1) for p in positions)
    edges = sorted(uses)
    kept: list[float] = []
    for edge in edges:
        if kept and edge - kept[-1] < _SLIVER:
            if uses[edge] > uses[kept[-1]] and kept[-1] != round(first, 1):
                kept[-1] = edge
            continue
        kept.append(edge)
    if kept and abs(kept[-1] - round(last, 1)) < _SLIVER:
        kept[-1] = round(last, 1)
    return kept


def _split_figures(words: list[dict], edges: list[float]) -> list[tuple[int, str]] | None:
    """A cell over several ruled columns holding one figure under each of them (`2.483 -6.628`
    under `baten | lasten`, the rule between them left out in the body rows): the figures per
    column, or None when the cell is one text."""
    if len(words) < 2 or not all(look(w["text"], money=True) in ("number", "null") for w in words):
        return None
    columns: dict[int, list[str]] = {}
    for word in sorted(words, key=lambda w: w["x0"]):
        centre = (word["x0"] + word["x1"]) / 2
        k = max(0, min(len(edges) - 2, sum(1 for e in edges[1:-1] if centre > e)))
        columns.setdefault(k, []).append(word["text"])
    if len(columns) < 2 or any(len(v) > 1 for v in columns.values()):
        return None
    return [(k, v[0]) for k, v in sorted(columns.items())]


def _ruled_table(found, texts: list[list[str | None]], number: int, words: list[dict], shading) -> RuledTable | None:
    """pdfplumber's table, and the `texts` of its cells (`_cell_texts`), as cells with spans and
    header hints."""
    boxes = [c for row in found.rows for c in row.cells if c is not None]
    # The edges every cell starts at, and the table's far edges: a cell spans the edges it covers.
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes], found.bbox[0], found.bbox[2])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes], found.bbox[1], found.bbox[3])

    def start(edges: list[float], value: float) -> int:
        return max(k for k, e in enumerate(edges[:-1]) if e <= value + _SLIVER) if value + _SLIVER >= edges[0] else 0

    def end(edges: list[float], value: float) -> int:
        return min((k for k, e in enumerate(edges) if e >= value - _SLIVER), default=len(edges) - 1)

    left, upper, right, lower = found.bbox
    words = [w for w in words if left - 1 <= w["x0"] and w["x1"] <= right + 1 and upper - 1 <= w["top"] and w["bottom"] <= lower + 1]
    cells: list[Cell] = []
    for row, row_texts in zip(found.rows, texts):
        lines = [_cell_lines(raw) for raw in row_texts]
        stacked_rows = {len(cell) for cell in lines if _stacked(cell)}
        for box, cell_lines in zip(row.cells, lines):
            if box is None:
                continue
            x0, top, x1, bottom = box
            col, r = start(xs, x0), start(ys, top)
            colspan, rowspan = max(1, end(xs, x1) - col), max(1, end(ys, bottom) - r)
            cx, cy = (x0 + x1) / 2, (top + bottom) / 2
            inner = [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
            if _has_superscript(inner):
                # pdfplumber's cell text runs a raised marker into the figure (`2001`)
                cell_lines = [line.text for line in _group_lines(_rounded(inner), number)]
            text = "\n".join(_cell_text(part, stacked_rows) for part in _paragraphs(cell_lines, inner))
            if not text:
                continue
            bold = bool(inner) and all(_is_bold(w.get("fontname") or "") for w in inner)
            shaded = any(_inside(cx, cy, s) for s in shading)
            header = bold or shaded
            split = _split_figures(inner, xs[col : col + colspan + 1]) if colspan > 1 else None
            if split:
                # Figures under columns that other rows rule apart, in a cell this row does not.
                for k, figures in split:
                    cells.append(Cell(figures, r, col + k, rowspan, 1, header=header, page=number, box=tuple(box)))
                continue
            cells.append(Cell(text, r, col, rowspan, colspan, header=header, page=number, box=tuple(box)))
    # Two cells that a sliver kept apart start at one position now: one cell, as read.
    merged: dict[tuple[int, int], Cell] = {}
    for c in cells:
        other = merged.get((c.row, c.col))
        merged[(c.row, c.col)] = c if other is None else replace(
            other, text=_join_cell(other.text, c.text), rowspan=max(other.rowspan, c.rowspan),
            colspan=max(other.colspan, c.colspan), header=other.header and c.header)
    cells = list(merged.values())
    if len(cells) < 2:
        return None  # a drawn frame, not a table
    rows = [[""] * (len(xs) - 1) for _ in ys[:-1]]
    for cell in cells:
        rows[cell.row][cell.col] = cell.text
    sizes: Counter[float] = Counter()
    for word in words:
        sizes[round(word["size"] * 2) / 2] += len(word["text"])
    return RuledTable(number, upper, lower, left, right, rows, cells=cells, sizes=sizes)


def _ruled_tables(sheet, number: int, words: list[dict], shading) -> list[RuledTable]:
    """The ruled tables pdfplumber's table finder finds on a page: a pdfplumber page, or a
    `drawings.Sheet` of what PDFium read of one."""
    from pdfplumber.table import TableFinder, TableSettings

    ruled: list[RuledTable] = []
    for found in TableFinder(sheet, TableSettings.resolve(_TABLE_SETTINGS)).tables:
        if len(found.rows) < 2 or len(found.columns) < 2:
            continue
        table = _ruled_table(found, _cell_texts(found, sheet.chars), number, words, shading)
        if table is not None:
            ruled.append(table)
    return ruled


def _cell_texts(found, chars: list[dict]) -> list[list[str | None]]:
    """`found.extract()`: each cell's text, of the characters whose centre it holds, in the
    page's order. pdfplumber tests every character of the page against every row; here a
    row's characters are looked up by their vertical centre."""
    from pdfplumber.utils import extract_text

    middles = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in chars]
    order = sorted(range(len(chars)), key=lambda i: middles[i][1])
    heights = [middles[i][1] for i in order]
    texts: list[list[str | None]] = []
    for row in found.rows:
        x0, top, x1, bottom = row.bbox
        at = sorted(order[bisect_left(heights, top) : bisect_left(heights, bottom)])
        in_row = [i for i in at if x0 <= middles[i][0] < x1]
        line: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                line.append(None)
                continue
            left, upper, right, lower = cell
            in_cell = [chars[i] for i in in_row if left <= middles[i][0] < right and upper <= middles[i][1] < lower]
            line.append(extract_text(in_cell) if in_cell else "")
        texts.append(line)
    return texts


def _outside(ruled: list[RuledTable], cx: float, cy: float) -> bool:
    """Whether a word centred at (cx, cy) stands outside every ruled table: inside one it is
    the table's."""
    return not any(t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom for t in ruled)


def _read_page(page, number: int) -> Page:
    """The page read by pdfplumber."""
    objects = page.objects
    all_words = page.extract_words(extra_attrs=["size", "fontname"])
    drawn = objects.get("line") or objects.get("rect") or objects.get("curve")
    ruled = _ruled_tables(page, number, all_words, _shading(page)) if drawn else []
    words = [w for w in all_words if _outside(ruled, (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)]
    unmapped = sum(1 for w in words if "(cid:" in w["text"] and not _CID.match(w["text"]))
    return Page(
        number, float(page.width), float(page.height), _group_lines(_rounded(words), number), ruled, unmapped / max(len(words), 1)
    )


# --------------------------------------------------------------------------------------------
# Opening the file


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


# Deflate codes a run of 258 bytes in 2 bits at best: no stream inflates to more than this
# many times its size. ASCII85 writes four bytes in five characters, or four zero bytes as
# one `z`; hex takes two characters a byte.
_MOST_INFLATION = 1032
_MOST_ASCII85 = 4
_MOST_ASCIIHEX = 0.5


def _most_decoded(data: bytes, filters: list, ascii85) -> float:
    """The most bytes the ASCII encodings in `filters` decode `data` to."""
    if not filters:
        return len(data)
    if filters[0] in ascii85:
        zeros = data.count(b"z")
        most = 4 * zeros + 0.8 * (len(data) - zeros) + 4
    else:
        most = len(data) * _MOST_ASCIIHEX + 1
    for f in filters[1:]:
        most *= _MOST_ASCII85 if f in ascii85 else _MOST_ASCIIHEX
    return most


def _check_inflated_size(path: Path, limit: int) -> None:
    """Refuse a PDF whose compressed streams inflate past `limit` bytes (a decompression bomb).

    PDFium and pdfminer inflate a stream whole, in memory, when a page uses it; this pass
    inflates each Flate stream in bounded steps first and stops counting at the limit. When
    the streams could not reach the limit even at the highest ratios of their encodings,
    nothing needs inflating.
    """
    import zlib

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE, PDFStream

    ascii = (*LITERALS_ASCII85_DECODE, *LITERALS_ASCIIHEX_DECODE)
    with path.open("rb") as handle:
        try:
            pdf = PDFDocument(PDFParser(handle))
        except Exception:
            return  # unreadable or encrypted: opening it properly reports why
        streams: list[tuple[PDFStream, list]] = []  # Flate streams, under ASCII encodings or not
        most = 0.0
        for xref in pdf.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = pdf.getobj(objid)
                except Exception:
                    continue
                if not isinstance(obj, PDFStream):
                    continue
                filters = [f for f, _ in obj.get_filters()]
                layers = 0
                while layers < len(filters) and filters[layers] in ascii:
                    layers += 1
                if layers == len(filters) or filters[layers] not in LITERALS_FLATE_DECODE:
                    continue
                most += (_most_decoded(obj.rawdata or b"", filters[:layers], LITERALS_ASCII85_DECODE) + 1) * _MOST_INFLATION
                streams.append((obj, filters))
        if most <= limit:
            return
        total = 0
        for obj, filters in streams:
            data = obj.rawdata or b""
            try:
                # Decode the ASCII encodings to reach the Flate layer.
                while filters[0] in ascii:
                    decode = ascii85decode if filters.pop(0) in LITERALS_ASCII85_DECODE else asciihexdecode
                    data = decode(data)
            except Exception:
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


_WORD_KEYS = ("top", "x0", "x1", "bottom", "text", "size", "fontname")  # a PDFium word as pdfplumber's


def _pdfium_page(pdfium_doc, index: int, number: int, advances: dict) -> Page | None:
    """The page read by PDFium: its words (`chars`), and where its drawings could rule a table
    the tables pdfplumber's table finder finds on their edges (`drawings`); None when PDFium
    cannot read it as pdfplumber would. `advances`: what `chars` measured on the pages before."""
    if pdfium_doc is None:
        return None
    with pdfium.LOCK:
        try:
            page = pdfium_doc[index]
        except Exception:
            return None
        try:
            media, crop = page.get_mediabox(), page.get_cropbox()
            if page.get_rotation() or tuple(media) != tuple(crop) or media[0] or media[1]:
                return None  # coordinates pdfplumber measures from another corner
            width, height = page.get_width(), page.get_height()
            with text_of(page, height, advances) as text:
                if not text.count:
                    return None
                words = text.words()
                ruled: list[RuledTable] = []
                if may_hold_ruled_table(page):
                    drawings = page_drawings(page, height)
                    if drawings is None:
                        return None
                    sheet = Sheet(width, height, drawings.edges, text.plumber_chars)
                    ruled = _ruled_tables(sheet, number, [dict(zip(_WORD_KEYS, w)) for w in words], drawings.shading)
        except Exception:
            return None  # pdfplumber reads it, and reports what is wrong with it
        finally:
            page.close()
    if ruled:
        words = [w for w in words if _outside(ruled, (w[1] + w[2]) / 2, (w[0] + w[3]) / 2)]
    return Page(number, float(width), float(height), _group_lines(words, number), ruled, 0.0)


def _read_pages(path: Path, document: Document, max_pages: int) -> list[Page]:
    """Every page, by PDFium where it can (`_pdfium_page`), else by pdfplumber, which is opened
    only when a page needs it: opening it parses every page of the book in Python."""
    with pdfium.opened(path) as pdfium_doc:
        with pdfium.LOCK:
            count = len(pdfium_doc) if pdfium_doc is not None else 0
        if count:
            try:
                return _read_both(path, pdfium_doc, count, document, max_pages)
            except _CountsDiffer:
                pass
    # PDFium cannot open the book, or counts its pages otherwise: pdfplumber reads it all,
    # and says what is wrong with it.
    return _read_by_pdfplumber(path, document, max_pages)


class _CountsDiffer(Exception):
    """PDFium and pdfplumber count the pages of a damaged book differently."""


def _open_pdfplumber(path: Path):
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer wraps its own errors in PdfminerException
        raise _open_error(exc) from exc
    try:
        pdf.pages
    except Exception as exc:
        pdf.close()
        raise _open_error(exc) from exc
    return pdf


def _check_count(count: int, max_pages: int) -> None:
    if count == 0:
        raise ExtractionError("corrupt-pdf", "the PDF has no pages")
    if count > max_pages:
        raise ExtractionError("too-many-pages", f"the PDF has {count} pages; the limit is {max_pages}")


def _read_both(path: Path, pdfium_doc, count: int, document: Document, max_pages: int) -> list[Page]:
    _check_count(count, max_pages)
    document.pages = count
    pages: list[Page] = []
    advances: dict = {}
    pdf = None
    try:
        for index in range(count):
            fast = _pdfium_page(pdfium_doc, index, index + 1, advances)
            if fast is not None:
                pages.append(fast)
                continue
            if pdf is None:
                pdf = _open_pdfplumber(path)
                if len(pdf.pages) != count:
                    raise _CountsDiffer
            _plumber_page(pdf.pages[index], index + 1, document, pages)
    finally:
        if pdf is not None:
            pdf.close()
    return pages


def _read_by_pdfplumber(path: Path, document: Document, max_pages: int) -> list[Page]:
    pages: list[Page] = []
    with _open_pdfplumber(path) as pdf:
        _check_count(len(pdf.pages), max_pages)
        document.pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            _plumber_page(page, number, document, pages)
    return pages


def _plumber_page(page, number: int, document: Document, pages: list[Page]) -> None:
    """The page read by pdfplumber added to `pages`, or what keeps it out to `document.issues`."""
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
            return
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
