"""Tables printed without ruling lines: the lines a table was printed on -> cells with spans.

A word processor prints a table without rules as lines of words that stand in columns. Given
the lines of one table (its header lines first), `stream_cells` finds

* the columns: the vertical strips no body line prints in, as Camelot's stream mode finds them
  from text edges, counted over the lines with text in more than one place, so that a wrapped
  label or a group title on a line of its own does not hide a column gap;
* the rows: a line with cells in two or more columns anchors a row; rows are set apart by the
  padding between them, and where there is none, a line with one cell (a wrapped label, its
  figures printed against its middle line) joins the anchor it stands closest to;
* the header: each header line's labels over the columns; a label over several columns spans
  them up to where the next label of its line starts (`Realisatie 2019` over `Baten | Lasten |
  Saldo`), and labels printed closer than a cell gap are split where a column gap falls
  between their words.

What the cells mean is decided in `extractors.tables`, as for every other format.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import vocabulary
from core.model import Cell
from core.values import look
from extractors.pdf.pages import Line, Segment, _join_cell

_MIN_GAP = 1.0  # points: a strip narrower than this between columns is no gap
_ROW_GAP = 0.45  # a vertical gap wider than this many font sizes separates table rows


@dataclass(frozen=True)
class StreamTable:
    cells: list[Cell]
    n_rows: int
    n_cols: int
    header_rows: int
    row_pages: list[int]  # the page of every row, header rows included
    rows: list[list[str]]  # the text at each position, a spanned cell's text at its first
    lines: list[Line]  # the lines the table was printed on, the text under it left out


def column_gaps(lines: list[Line]) -> list[tuple[float, float]]:
    """The x-ranges that no line with text in several places prints in, inside the table."""
    multi = [line for line in lines if len(line.segments) >= 2]
    if not multi:
        return []
    left = min(line.segments[0].x0 for line in multi)
    right = max(line.segments[-1].x1 for line in multi)
    free = [(left, right)]
    for line in multi:
        for seg in line.segments:
            free = [piece for a, b in free for piece in ((a, min(b, seg.x0)), (max(a, seg.x1), b)) if piece[1] > piece[0]]
    return [(a, b) for a, b in free if b - a >= _MIN_GAP and a > left and b < right]


def _column(x: float, bounds: list[float]) -> int:
    return sum(1 for b in bounds if x > b)


def _pieces(segment: Segment, bounds: list[float]) -> list[tuple[int, int, str]]:
    """The segment as (first column, last column, text): split where a column boundary falls
    in the space between two of its words, one piece over several columns where it does not."""
    words = segment.words or ((segment.x0, segment.x1, segment.text),)
    groups: list[list[tuple[float, float, str]]] = [[words[0]]]
    for before, word in zip(words, words[1:]):
        if any(before[1] <= b <= word[0] for b in bounds):
            groups.append([word])
        else:
            groups[-1].append(word)
    pieces = []
    for group in groups:
        x0, x1 = group[0][0], group[-1][1]
        pieces.append((_column(x0, bounds), _column(x1, bounds), " ".join(w[2] for w in group)))
    return pieces


def _occupied(line: Line, bounds: list[float]) -> set[int]:
    return {_column((s.x0 + s.x1) / 2, bounds) for s in line.segments}


def _header_count(lines: list[Line], at_least: int, municipality: str | None) -> int:
    """How many leading lines are the header: those given, then lines without figures that
    read as a header or are printed inside the header's band (a label centred beside two rows)."""
    count = min(at_least, len(lines))
    while count < len(lines) - 1:
        line = lines[count]
        texts = [s.text for s in line.segments]
        if any(look(t, money=True) in ("number", "null") for t in texts[1:]):
            break
        previous = lines[count - 1] if count else None
        inside = previous is not None and line.top < previous.bottom
        if inside or vocabulary.looks_like_header(texts, municipality) or all(
            vocabulary.is_header_word(t, municipality) for t in texts
        ):
            count += 1
            continue
        break
    return count


def _row_pitch(lines: list[Line], anchors: set[int]) -> float | None:
    """The usual distance between two rows printed one under the other: the median step from
    one anchor line to the next where no other line stands between them."""
    steps = sorted(
        b.top - a.top for i, (a, b) in enumerate(zip(lines, lines[1:])) if i in anchors and i + 1 in anchors
    )
    return steps[len(steps) // 2] if steps else None


def _rows(lines: list[Line], bounds: list[float]) -> list[list[Line]]:
    """The body lines grouped into table rows.

    A line with one cell goes with the row it is printed tight against: closer than rows stand
    to each other (or, without two rows to measure that by, with no padding between). Tight on
    both sides it goes with the anchor it stands closest to; tight on neither it is a row of
    its own (a group title, or the text under the table).
    """
    if not lines:
        return []
    anchors = {i for i, line in enumerate(lines) if len(_occupied(line, bounds)) >= 2}
    pitch = _row_pitch(lines, anchors)

    def tight(a: Line, b: Line) -> bool:
        if pitch is not None:
            return b.top - a.top < pitch - 0.15 * b.size
        return b.top - a.bottom <= _ROW_GAP * b.size

    owner: list[int] = list(range(len(lines)))  # the line whose row each line joins
    for i, line in enumerate(lines):
        if i in anchors:
            continue
        up = i > 0 and tight(lines[i - 1], line)
        down = i + 1 < len(lines) and tight(line, lines[i + 1])
        above = next((j for j in range(i - 1, -1, -1) if j in anchors), None)
        below = next((j for j in range(i + 1, len(lines)) if j in anchors), None)
        if up and down and above is not None and below is not None:
            owner[i] = min((above, below), key=lambda j: (abs(lines[j].top - line.top), j > i))
        elif up:
            owner[i] = owner[i - 1]
        elif down:
            owner[i] = below if below is not None else i
    for i in range(len(lines)):
        j = owner[i]
        while owner[j] != j:
            j = owner[j]
        owner[i] = j
    rows: dict[int, list[int]] = {}
    for i in range(len(lines)):
        rows.setdefault(owner[i], []).append(i)
    return [[lines[i] for i in members] for members in sorted(rows.values())]


def stream_cells(lines: list[Line], header_lines: int, municipality: str | None = None) -> StreamTable | None:
    """The cells of an unruled table printed on `lines`, the first `header_lines` its header."""
    heads = _header_count(lines, header_lines, municipality) if header_lines else 0
    body = lines[heads:]
    for _ in range(2):
        gaps = column_gaps(body)
        if not gaps:
            return None
        bounds = [(a + b) / 2 for a, b in gaps]
        body_rows = _rows(body, bounds)
        # Rows of one cell at the end are the text under the table.
        while body_rows and len({c for line in body_rows[-1] for c in _occupied(line, bounds)}) <= 1:
            body_rows.pop()
        kept = [line for row in body_rows for line in row]
        if len(kept) == len(body):
            break
        body = kept
    if not body_rows:
        return None
    n_cols = len(bounds) + 1
    cells: list[Cell] = []
    texts: list[list[str]] = []
    pages: list[int] = []
    for r, line in enumerate(lines[:heads]):
        pieces = sorted(p for seg in line.segments for p in _pieces(seg, bounds))
        last_line = r == heads - 1
        row = [""] * n_cols
        for k, (first, last, text) in enumerate(pieces):
            if not last_line and first > 0:
                # A label over a group of columns reaches to where the next label starts; the
                # row labels' column stands alone.
                end = pieces[k + 1][0] - 1 if k + 1 < len(pieces) else n_cols - 1
                last = max(last, end)
            cells.append(Cell(text, r, first, 1, last - first + 1, header=True, page=line.page))
            row[first] = _join_cell(row[first], text)
        texts.append(row)
        pages.append(line.page)
    for r, members in enumerate(body_rows, start=heads):
        row = [""] * n_cols
        spans: dict[int, int] = {}
        for line in members:
            for seg in line.segments:
                for first, last, text in _pieces(seg, bounds):
                    row[first] = _join_cell(row[first], text)
                    spans[first] = max(spans.get(first, first), last)
        for c, text in enumerate(row):
            if text:
                cells.append(Cell(text, r, c, 1, spans[c] - c + 1, page=members[0].page))
        texts.append(row)
        pages.append(members[0].page)
    return StreamTable(cells, len(texts), n_cols, heads, pages, texts, lines[:heads] + body)
