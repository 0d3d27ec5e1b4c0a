"""Tables printed without ruling lines: the lines a table was printed on -> cells with spans.

A word processor prints a table without rules as lines of words that stand in columns. Given
the lines of one table (its header lines first), `stream_cells` finds

* the columns: the vertical strips no body line prints in, as Camelot's stream mode finds them
  from text edges, counted over the lines with text in more than one place; a line with one
  cell (a wrapped source) splits a gap it stands in but never closes one, so a group title
  over several columns does not hide a column;
* the rows: a line with cells in two or more columns (with a figure among them, where rows have
  figures) anchors a row; any other line (a wrapped label, its figures printed against its
  middle line) joins the row it is printed tight against, closer than rows stand apart;
* the header: each header line's labels over the columns whose body text they stand over; a
  line of labels over groups of columns spreads them over their groups (`Realisatie 2019` over
  `Baten | Lasten | Saldo`); labels printed closer than a cell gap are split where a column gap
  falls between their words; a header cell wrapped onto more lines is one cell.

What the cells mean is decided in `extractors.tables`, as for every other format.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from core import vocabulary
from core.model import Band, Cell
from core.values import look
from extractors.pdf.pages import Line, Segment, _cell_text, _join_cell, _stacked, _tails_joined, split_paragraphs

_MIN_GAP = 1.0  # points: a strip narrower than this between columns is no gap
_ROW_GAP = 0.45  # a vertical gap wider than this many font sizes separates table rows
_WORD_SPACE = 0.3  # ems: wider than a word space (a quarter em), narrower than a cell gap


@dataclass(frozen=True)
class StreamTable:
    cells: list[Cell]
    n_rows: int
    n_cols: int
    header_rows: int
    row_pages: list[int]  # the page of every row, header rows included
    rows: list[list[str]]  # the text at each position, a spanned cell's text at its first
    lines: list[Line]  # the lines the table was printed on, the text under it left out
    used: int  # how many of the lines given the table took
    bands: tuple[Band, ...] = ()  # header labels whose columns the interpreter spreads
    gaps: tuple[tuple[float, float], ...] = ()  # the x-ranges between the columns


def column_gaps(lines: list[Line]) -> list[tuple[float, float]]:
    """The x-ranges inside the table that no line with text in several places prints in; a
    line with one cell splits such a range but never closes one."""
    multi = [line for line in lines if len(line.segments) >= 2]
    if not multi:
        return []
    left = min(line.segments[0].x0 for line in lines)
    right = max(line.segments[-1].x1 for line in lines)
    free = [(left, right)]
    for line in multi:
        free = _subtract(free, line)
    inner = [a for a, b in free if a > left and b < right]
    free = sorted(free + _label_gaps(multi, left, min(inner, default=right)))
    # A line with one cell (a wrapped source, a label printed beside no figure) splits a gap it
    # stands in, but does not close one: a title over several columns spans them.
    for line in lines:
        if len(line.segments) == 1:
            free = [piece for gap in free for piece in (_subtract([gap], line) or [gap])]
    return [(a, b) for a, b in free if a > left and b < right]


def _label_gaps(lines: list[Line], left: float, end: float) -> list[tuple[float, float]]:
    """Gaps between the columns that make up a row's name (`12-1-1-1 | Duurzame
    accommodaties`, a code beside a name), left of the first gap every line leaves: rows whose
    name is printed over both (`Totaal baten`, a cell spanning them) cross such a gap, and
    do not close it. It takes at least three lines that print on both sides of it."""
    split = [line for line in lines if sum(1 for s in line.segments if s.x1 <= end) >= 2]
    if len(split) < 3:
        return []
    free = [(left, end)]
    for line in split:
        free = _subtract(free, line)
    return [
        (a, b)
        for a, b in free
        if a > left
        and b < end
        and sum(1 for line in split if any(s.x1 <= a for s in line.segments) and any(a < s.x0 < end for s in line.segments)) >= 3
    ]


def _subtract(free: list[tuple[float, float]], line: Line) -> list[tuple[float, float]]:
    for seg in line.segments:
        free = [p for a, b in free for p in ((a, min(b, seg.x0)), (max(a, seg.x1), b)) if p[1] - p[0] >= _MIN_GAP]
    return free


def _column(x: float, bounds: list[float]) -> int:
    return sum(1 for b in bounds if x > b)


def _pieces(segment: Segment, bounds: list[float], size: float, boxes: bool = False) -> list:
    """The segment as (first column, last column, text): split where a column boundary falls
    in the space between two of its words and that space is wider than a word space (a third
    of an em: `Werkelijk Begroot` printed a cell gap apart, not `Begroting 2020` over two
    columns), one piece over several columns where it does not. With `boxes`, each piece is
    (x0, x1, text, words) instead."""
    words = segment.words or ((segment.x0, segment.x1, segment.text),)
    groups: list[list[tuple[float, float, str]]] = [[words[0]]]
    for before, word in zip(words, words[1:]):
        if word[0] - before[1] >= _WORD_SPACE * size and any(before[1] <= b <= word[0] for b in bounds):
            groups.append([word])
        else:
            groups[-1].append(word)
    pieces = []
    for group in groups:
        x0, x1, text = group[0][0], group[-1][1], " ".join(w[2] for w in group)
        pieces.append((x0, x1, text, tuple(group)) if boxes else (_column(x0, bounds), _column(x1, bounds), text))
    return pieces


def _extents(rows: list[list[Line]], bounds: list[float], n_cols: int) -> list[tuple[float, float] | None]:
    """How far the body text of each column reaches, left and right."""
    extents: list[tuple[float, float] | None] = [None] * n_cols
    for row in rows:
        for line in row:
            for seg in line.segments:
                for x0, x1, _, _ in _pieces(seg, bounds, line.size, True):
                    c = _column((x0 + x1) / 2, bounds)
                    if _column(x0, bounds) != _column(x1, bounds):
                        continue  # a cell spanning columns (`Totaal` under a code and a name)
                    e = extents[c]
                    extents[c] = (x0, x1) if e is None else (min(e[0], x0), max(e[1], x1))
    return extents


def _covered(x0: float, x1: float, extents: list) -> list[int]:
    """The columns whose body text a label printed from x0 to x1 stands over."""
    width = max(x1 - x0, 1.0)
    covered = []
    for c, e in enumerate(extents):
        if e is None:
            continue
        overlap = min(x1, e[1]) - max(x0, e[0])
        if overlap > 0 and overlap >= 0.5 * min(width, max(e[1] - e[0], 1.0)):
            covered.append(c)
    if not covered:
        centre = (x0 + x1) / 2
        near = [(abs(centre - (e[0] + e[1]) / 2), c) for c, e in enumerate(extents) if e is not None]
        covered = [min(near)[1]] if near else [0]
    return covered


def _place(boxes: list, extents: list) -> list[tuple[int, int, str]]:
    """Header labels over the columns whose body text they stand over: a label wider than its
    column (`Nulmeting` over `125`) or over a group of columns covers those it overlaps; a
    label over no body text goes to the nearest column. Words printed as one label but standing
    one over each column they cover (`Realisatie Begroting` over `2018 | 2019`) are a label
    each; a kind and its year (`Realisatie 2019`) stay one. Two labels never share a column."""
    placed: list[tuple[int, int, str]] = []
    for x0, x1, text, words in boxes:
        covered = _covered(x0, x1, extents)
        parts = [(covered[0], covered[-1], text)]
        if len(covered) > 1 and len(words) == len(covered) and not any(vocabulary.year_of(w[2]) for w in words[1:]):
            columns = [_covered(w[0], w[1], extents) for w in words]

            def aligned(word, c: int) -> bool:
                e = extents[c]
                slack = 0.3 * (word[1] - word[0]) / max(len(word[2]), 1) * 2  # about half an em
                return abs(word[0] - e[0]) <= slack or abs(word[1] - e[1]) <= slack

            if (
                all(len(c) == 1 for c in columns)
                and [c[0] for c in columns] == covered
                and all(aligned(w, c[0]) for w, c in zip(words, columns))
            ):
                parts = [(c[0], c[0], w[2]) for c, w in zip(columns, words)]
        for first, last, label in parts:
            if placed and first <= placed[-1][1]:
                if last <= placed[-1][1]:
                    # Over the same column as the label before it: one label, as printed.
                    p_first, p_last, p_text = placed[-1]
                    placed[-1] = (p_first, p_last, f"{p_text} {label}")
                    continue
                first = placed[-1][1] + 1
            placed.append((first, last, label))
    return placed


def _occupied(line: Line, bounds: list[float]) -> set[int]:
    return {_column((s.x0 + s.x1) / 2, bounds) for s in line.segments}


def _has_figure(line: Line, bounds: list[float]) -> bool:
    """A figure printed right of the row label (without `bounds`: after the first segment)."""
    return any(
        (_column((s.x0 + s.x1) / 2, bounds) > 0 if bounds else k > 0) and _is_figure(s.text)
        for k, s in enumerate(line.segments)
    )


def _is_figure(text: str) -> bool:
    """A figure, not the tail of one wrapped onto the next line (a bracketed year, a `%`)."""
    return not text.startswith("(") and look(text, money=True) in ("number", "null", "year")


def _figure_columns(line: Line, bounds: list[float]) -> set[int]:
    return {c for s in line.segments if (c := _column((s.x0 + s.x1) / 2, bounds)) > 0 and _is_figure(s.text)}


def _header_lines(lines: list[Line], at_least: int, municipality: str | None) -> tuple[int, list[bool]]:
    """How many leading lines are the header, and for each whether it is printed tight under
    the one before (a wrapped header cell, or a label centred beside two header lines).

    The header is the lines given, then lines without figures that read as a header or stand
    tight under it: header cells wrapped onto more lines stand closer together than rows do.
    """
    count = min(at_least, len(lines))
    pitch = _line_pitch(lines)

    def tight(k: int) -> bool:
        if k == 0:
            return False
        line = lines[k]
        if line.top < lines[k - 1].bottom:
            return True  # printed inside the band of the line before
        over = next((x for x in reversed(lines[:k]) if _overlaps(x, line)), None)
        return over is not None and pitch is not None and line.top - over.top <= pitch + 0.15 * line.size

    left = min(line.x0 for line in lines)
    bold_header = count > 0 and all(line.bold for line in lines[:count])
    while count < len(lines) - 1:
        line = lines[count]
        texts = [s.text for s in line.segments]
        in_bold = bold_header and line.bold
        if any(look(t, money=True) in ("number", "null") and not (in_bold and _YEAR_TAIL.fullmatch(t)) for t in texts[1:]):
            break  # figures; a year in brackets in a bold header is the tail of a label (`(2015)`)
        # A line of header words (`2019` under `Nulmeting`); one alone at the left edge is
        # a row label that happens to name a kind (`Taakstelling en realisatie`).
        words = all(vocabulary.is_header_word(t, municipality) for t in texts) and (
            len(texts) > 1 or line.x0 > left + line.size
        )
        if bold_header and not line.bold and (not tight(count) or (len(texts) == 1 and line.x0 <= left + line.size)):
            break  # the header is printed in bold, the body is not; a group row names rows
        # Under a bold header, a bold line of no figures whose cells are not a group title at
        # the left edge is the rest of a tall header's cells, centred on their row.
        bold_rest = in_bold and not (len(texts) == 1 and line.x0 <= left + line.size)
        if tight(count) or words or bold_rest or vocabulary.looks_like_header(texts, municipality):
            count += 1
            continue
        break
    return count, [tight(k) for k in range(count)]


def _overlaps(a: Line, b: Line) -> bool:
    return any(min(s.x1, t.x1) > max(s.x0, t.x0) for s in a.segments for t in b.segments)


def _line_pitch(lines: list[Line]) -> float | None:
    """The step from one line of a wrapped cell to the next: the smallest step between two
    lines that print in the same place."""
    steps = [
        b.top - a.top
        for k, b in enumerate(lines)
        for a in lines[max(0, k - 3) : k]
        if a.page == b.page and b.top - a.top >= 0.8 * b.size and _overlaps(a, b)
    ]
    return min(steps) if steps else None


def _header_rows(lines: list[Line], tight: list[bool], bounds: list[float], extents: list, lead: int = 1) -> list:
    """The header lines as grid rows of (first column, last column, text) pieces, and their
    page.

    Where the fullest line repeats its labels in groups (`baten | lasten | saldo` under each
    year), a line with one label per group spreads them over the groups: `Rekening` centred
    over `baten | lasten | saldo`. A line printed tight under
    the one before joins its row where each label lands on columns that row leaves free or
    on exactly the columns of one of its labels (`25.000 -` over `50.000`, `Rekening` over
    `2018`); otherwise it starts a row of its own. The first `lead` columns name the rows.
    """
    placed = [
        _place(sorted(p for seg in line.segments for p in _pieces(seg, bounds, line.size, True)), extents)
        for line in lines
    ]
    groups = _groups(placed, lead)
    grouped = {c for g in groups for c in g}
    for k, pieces in enumerate(placed):
        # Labels over columns outside every group (`Informatie indicator` over `Bron`) stay.
        labels = [p for p in pieces if p[0] >= lead and grouped & set(range(p[0], p[1] + 1))]
        if (
            groups
            and len(labels) == len(groups)
            and len(groups) < sum(len(g) for g in groups)
            and all(first <= g[-1] and last >= g[0] for g, (first, last, _) in zip(groups, labels))
        ):
            spread = [(g[0], g[-1], text) for g, (_, _, text) in zip(groups, labels)]
            placed[k] = sorted([p for p in pieces if p not in labels] + spread)
    bands: list[Band] = []
    for k, pieces in enumerate(placed):
        band = _kind_band(pieces, placed[k + 1 :], lead)
        if band is not None:
            bands.append(band)
            placed[k] = [p for p in pieces if p[0] < lead]
    rows: list[tuple[list[tuple[int, int, str]], int]] = []
    for line, joins, pieces in zip(lines, tight, placed):
        if not pieces:
            continue
        if rows and joins:
            held = {(first, last) for first, last, _ in rows[-1][0]}
            taken = {c for first, last in held for c in range(first, last + 1)}
            if all((first, last) in held or not taken & set(range(first, last + 1)) for first, last, _ in pieces):
                merged = {(p[0], p[1]): p[2] for p in rows[-1][0]}
                for first, last, text in pieces:
                    merged[(first, last)] = _join_cell(merged.get((first, last), ""), text)
                rows[-1] = (sorted((f, l, t) for (f, l), t in merged.items()), rows[-1][1])
                continue
        rows.append((pieces, line.page))
    return rows, bands


def _kind_band(pieces: list[tuple[int, int, str]], below: list[list[tuple[int, int, str]]], lead: int = 1) -> Band | None:
    """Kinds of figure over runs of years whose widths the page does not show (`Metingen` and
    `Streefwaarden` centred over 2018 … 2025): a band for the interpreter to spread, as it
    spreads flattened headers (realised years first)."""
    labels = [p for p in pieces if p[0] >= lead]
    if len(labels) < 2 or not all(vocabulary.indicator_kind(t) or vocabulary.money_kind(t) for _, _, t in labels):
        return None
    years = sorted({first for line in below for first, last, t in line if first == last and vocabulary.year_of(t)})
    if len(years) <= len(labels) or not all(years[0] <= f and l <= years[-1] for f, l, _ in labels):
        return None
    return Band(tuple(t for _, _, t in labels), years[0], years[-1])


def _groups(placed: list[list[tuple[int, int, str]]], lead: int = 1) -> list[list[int]]:
    """The column groups of the header, from its fullest line (`vocabulary.column_groups`)."""
    fullest = max(placed, key=lambda pieces: sum(1 for p in pieces if p[0] >= lead), default=[])
    return vocabulary.column_groups([(first, text) for first, last, text in fullest if first >= lead and first == last])


def _padded_rows(lines: list[Line]) -> list[list[Line]] | None:
    """Rows told apart by the white space between them, where the table pads its cells: the
    lines of one cell stand a leading apart, rows a leading and the padding. None when every
    gap is the same (a table without padding)."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].top)
    bands: list[list[int]] = []
    bottom = None
    for i in order:
        if bottom is not None and lines[i].top < bottom and lines[i].page == lines[bands[-1][-1]].page:
            bands[-1].append(i)
            bottom = max(bottom, lines[i].bottom)
        else:
            bands.append([i])
            bottom = lines[i].bottom
    if len(bands) < 2:
        return None
    gaps = [
        lines[b[0]].top - max(lines[i].bottom for i in a) if lines[a[0]].page == lines[b[0]].page else float("inf")
        for a, b in zip(bands, bands[1:])
    ]
    size = lines[0].size
    leading = min(gaps)
    cut = leading + 0.12 * size
    if not any(leading + 0.2 * size < g < float("inf") for g in gaps):
        return None
    rows: list[list[int]] = [list(bands[0])]
    for band, gap in zip(bands[1:], gaps):
        if gap > cut:
            rows.append(list(band))
        else:
            rows[-1].extend(band)
    return [[lines[i] for i in sorted(row)] for row in rows]


def _row_pitch(lines: list[Line], lead: dict[int, int]) -> float | None:
    """The usual distance between two rows printed one under the other: the median step from
    one row's anchor line to the next row's where no other line stands between them."""
    steps = sorted(
        lines[i + 1].top - lines[i].top
        for i in range(len(lines) - 1)
        if i in lead and i + 1 in lead and lead[i] != lead[i + 1]
    )
    return steps[len(steps) // 2] if steps else None


def _rows(lines: list[Line], bounds: list[float]) -> list[list[Line]]:
    """The body lines grouped into table rows: by the white space between rows where the table
    pads its cells (`_padded_rows`), else by the lines that anchor rows (`_anchored_rows`).

    Anchored: lines printed tight together (closer than rows stand to each other, or, without two rows to
    measure that by, with no padding between) form a block: one row when it holds one anchor,
    split at the anchor each line stands closest to when it holds several. A block without an
    anchor is a row of its own (a group title, or the text under the table).
    """
    if not lines:
        return []
    padded = _padded_rows(lines)
    if padded is None:
        return _anchored_rows(lines, bounds)
    rows: list[list[Line]] = []
    for group in padded:
        # Rows printed without padding between them inside a padded stretch: lines with
        # figures in two or more columns each are rows of their own.
        full = [line for line in group if len(_figure_columns(line, bounds)) >= 2]
        if len(full) >= 2 and len(group) > 1:
            rows.extend(_anchored_rows(group, bounds))
        else:
            rows.append(group)
    return rows


def _anchored_rows(lines: list[Line], bounds: list[float]) -> list[list[Line]]:
    anchors = [i for i, line in enumerate(lines) if len(_occupied(line, bounds)) >= 2]
    with_figures = [i for i in anchors if _has_figure(lines[i], bounds)]
    if with_figures:
        # A wrapped label beside a wrapped source (`weer uitgestroomd … | gegevens`) is text in
        # two places too; where rows have figures, a row is anchored by them.
        anchors = with_figures
    # Anchors close together whose figures stand in different columns are one row printed at
    # several heights (`100%` beside `100` over `%`, centred); rows under each other share
    # columns. `lead` maps each anchor to the first anchor of its row.
    lead: dict[int, int] = {}
    for k, i in enumerate(anchors):
        j = anchors[k - 1] if k else None
        if (
            j is not None
            and lines[i].top - lines[j].top < 1.6 * lines[i].size
            and not (_figure_columns(lines[i], bounds) & _figure_columns(lines[j], bounds))
        ):
            lead[i] = lead[j]
        else:
            lead[i] = i
    pitch = _row_pitch(lines, lead)
    leading = _line_pitch(lines)

    def tight(a: Line, b: Line) -> bool:
        if pitch is not None:
            return b.top - a.top < pitch - 0.15 * b.size
        if leading is not None and b.top - a.top > leading + 0.15 * b.size:
            return False  # further apart than the lines of a wrapped cell
        return b.top - a.bottom <= _ROW_GAP * b.size

    # Blocks of lines printed tight together; a block with one row's anchors is one row, a block
    # with several (a table without padding) is split at the anchor each line stands closest to.
    blocks: list[list[int]] = [[0]]
    for i in range(1, len(lines)):
        if tight(lines[i - 1], lines[i]) or lead.get(i, -1) == lead.get(i - 1, -2):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    rows: dict[int, list[int]] = {}
    for block in blocks:
        inside = [i for i in block if i in lead]
        heads = sorted({lead[i] for i in inside})
        for i in block:
            if len(heads) <= 1:
                owner = block[0]
            else:
                owner = _owner(i, block, lines, lead, heads)
            rows.setdefault(owner, []).append(i)
    return [[lines[i] for i in members] for members in sorted(rows.values())]


def _owner(i: int, block: list[int], lines: list[Line], lead: dict[int, int], heads: list[int]) -> int:
    """The row a line of a block with several rows belongs to: the row of the closest line
    printed in the same place above or below it (a wrapped cell goes on in its own column),
    else of the closest anchor. A label centred between two rows that print nothing where it
    stands spans both (`Externe inhuur` beside `Kosten in €` over `Als % van de loonsom`): it
    goes to the upper one, and the interpreter carries it down."""
    line = lines[i]
    above = max((j for j in block if j < i and j in lead), default=None)
    below = min((j for j in block if j > i and j in lead), default=None)
    if (
        above is not None
        and below is not None
        and not _overlaps(lines[above], line)
        and not _overlaps(lines[below], line)
        and abs((line.top - lines[above].top) - (lines[below].top - line.top)) <= 0.25 * line.size
    ):
        return lead[above]
    seen: set[int] = set()
    k = i
    while k not in lead and k not in seen:
        seen.add(k)
        line = lines[k]
        up = next((j for j in reversed(block) if j < k and _overlaps(lines[j], line)), None)
        down = next((j for j in block if j > k and _overlaps(lines[j], line)), None)
        steps = [(line.top - lines[j].top, j > k, j) for j in (up, down) if j is not None]
        steps = [(abs(d), below, j) for d, below, j in steps]
        if not steps:
            break
        k = min(steps)[2]
    if k in lead:
        return lead[k]
    anchors = [j for j in block if j in lead]
    return lead[min(anchors, key=lambda j: (abs(lines[j].top - lines[i].top), j > i))]


def _split_at_edges(lines: list[Line]) -> list[Line]:
    """Lines whose cells nearly touch (`Apparaatskosten Kosten per`) split where a word starts,
    further than a word space from the one before, at a left edge that three or more other
    cells of the table start at."""
    starts = sorted(seg.x0 for line in lines for seg in line.segments)
    edges = [x for k, x in enumerate(starts) if sum(1 for y in starts[max(0, k - 8) : k + 9] if abs(x - y) <= 1) >= 3]
    if not edges:
        return lines
    out = []
    for line in lines:
        segments: list[Segment] = []
        for seg in line.segments:
            words = list(seg.words) or [(seg.x0, seg.x1, seg.text)]
            part = [words[0]]
            for word in words[1:]:
                wide = word[0] - part[-1][1] >= _WORD_SPACE * line.size
                if wide and any(abs(word[0] - e) <= 1 for e in edges):
                    segments.append(Segment(part[0][0], part[-1][1], " ".join(w[2] for w in part), tuple(part)))
                    part = [word]
                else:
                    part.append(word)
            segments.append(Segment(part[0][0], part[-1][1], " ".join(w[2] for w in part), tuple(part)))
        out.append(replace(line, segments=segments) if len(segments) != len(line.segments) else line)
    return out


def _spanning_labels(rows: list[list[Line]], bounds: list[float]) -> list[tuple[str, int, int]] | None:
    """A first column printed in a few places only, beside a second column filled row by row,
    holds labels that span rows (`Organisatie` beside eight services): each as (text, first
    row, rows spanned). A label printed at the top of its rows reaches to the next one; one
    centred on its rows reaches as far below its middle as it starts above it. None when the
    first column is not such a column."""
    if len(bounds) < 2 or len(rows) < 3:
        return None
    first_col = [[(line, seg) for line in row for seg in line.segments if _column((seg.x0 + seg.x1) / 2, bounds) == 0] for row in rows]
    second = sum(1 for row in rows if any(_column((s.x0 + s.x1) / 2, bounds) == 1 for line in row for s in line.segments))
    filled = sum(1 for cells in first_col if cells)
    if not filled or filled * 2 > len(rows) or second < 0.8 * len(rows):
        return None
    # The label's lines, in order; lines a leading apart are one label.
    parts = sorted(((line.top, line.bottom, seg.text) for cells in first_col for line, seg in cells), key=lambda p: p[0])
    blocks: list[list[tuple[float, float, str]]] = [[parts[0]]]
    for part in parts[1:]:
        if part[0] - blocks[-1][-1][1] <= 0.5 * (part[1] - part[0]):
            blocks[-1].append(part)
        else:
            blocks.append([part])
    if len(blocks) < 2:
        return None  # one label beside a few rows tells nothing of how far it reaches
    extents = [(min(line.top for line in row), max(line.bottom for line in row)) for row in rows]
    centres = [(a + b) / 2 for a, b in extents]
    top_aligned = abs(blocks[0][0][0] - extents[0][0]) <= 2
    labels = []
    start = extents[0][0]
    for k, block in enumerate(blocks):
        text = " ".join(t for _, _, t in block)
        if top_aligned:
            begin = block[0][0]
            end = blocks[k + 1][0][0] if k + 1 < len(blocks) else float("inf")
        else:
            middle = (block[0][0] + block[-1][1]) / 2
            # The last label reaches to the table's end (its rows may go on over the page).
            begin, end = start, (2 * middle - start if k + 1 < len(blocks) else float("inf"))
            start = end
        members = [r for r, c in enumerate(centres) if begin - 2 <= c < end]
        if not members:
            return None
        labels.append((text, members[0], members[-1] - members[0] + 1))
    taken = [r for _, first, count in labels for r in range(first, first + count)]
    if len(taken) != len(set(taken)):
        return None
    return labels


_YEAR_TAIL = re.compile(r"\((19|20)\d{2}\)")
_PUNCTUATION = ".,;:()‘’'\"/-"


def _broken_word(above: tuple[float, float, str], piece: tuple[float, float, str], extent, words: Counter) -> bool:
    """`piece` goes on with a word that was too wide for its cell and broken at the cell's
    edge without a hyphen (`sportvereniging/veren` over `iging amateuristische`): the line
    above is that one word, filling the column from edge to edge; this line starts in lower
    case with a piece that is no word anywhere else in the table, and the word made whole is
    printed whole elsewhere in it (`vereniging` in `Sportverenigingen`)."""
    x0, x1, text = above
    start = piece[2].split()[0].rstrip(_PUNCTUATION)
    if not (
        extent is not None
        and " " not in text
        and len(text) >= 12
        and text[-1:].isalpha()
        and x0 <= extent[0] + 0.5
        and x1 >= extent[1] - 0.5
        and start[:1].islower()
        and words[start.lower()] <= 1
    ):
        return False
    whole = re.split(r"[/-]", text + start)[-1].lower()
    return len(whole) >= 6 and any(whole in word and word != start.lower() for word in words)


def stream_cells(
    lines: list[Line], header_lines: int, municipality: str | None = None, gaps: list[tuple[float, float]] | None = None
) -> StreamTable | None:
    """The cells of an unruled table printed on `lines`, the first `header_lines` its header;
    `gaps`, the column gaps of the part on the page before, for a table continued on this one."""
    known = gaps
    lines = _split_at_edges(lines)
    # Footnotes printed under the table (`* Eigen gegevens`) are not its last row.
    while len(lines) > header_lines + 1 and len(lines[-1].segments) == 1 and vocabulary.footnote_line(lines[-1].text):
        lines = lines[:-1]
    heads, tight = _header_lines(lines, header_lines, municipality) if header_lines else (0, [])
    body = lines[heads:]
    for _ in range(2):  # once more without the text under the table, if there was any
        gaps = known or column_gaps(body)
        if not gaps:
            return None
        bounds = [(a + b) / 2 for a, b in gaps]
        body_rows = _rows(body, bounds)
        # Rows of one cell at the end are the text under the table, unless one goes on with the
        # label above it (`Aantal m² openbaar groen,` over `excl. sportcomplex`).
        while body_rows and len({c for line in body_rows[-1] for c in _occupied(line, bounds)}) <= 1:
            last = body_rows[-1]
            if len(body_rows) > 1 and len(last) == 1 and _occupied(last[0], bounds) == {0} and vocabulary.continues_label(
                body_rows[-2][-1].segments[0].text, last[0].text
            ):
                body_rows[-2] = body_rows[-2] + last
                body_rows.pop()
                continue
            body_rows.pop()
        kept = [line for row in body_rows for line in row]
        if len(kept) == len(body):
            break
        body = kept
    if not body_rows:
        return None
    body = [line for row in body_rows for line in row]
    n_cols = len(bounds) + 1
    cells: list[Cell] = []
    texts: list[list[str]] = []
    pages: list[int] = []
    extents = _extents(body_rows, bounds, n_cols)
    # Columns left of the first figure name the rows (a code, a name).
    lead = min((c for line in body for c in _figure_columns(line, bounds)), default=1)
    header, bands = _header_rows(lines[:heads], tight, bounds, extents, max(lead, 1))
    for r, (pieces, page) in enumerate(header):
        row = [""] * n_cols
        for first, last, text in pieces:
            cells.append(Cell(text, r, first, 1, last - first + 1, header=True, page=page))
            row[first] = text
        texts.append(row)
        pages.append(page)
    grid_rows = [[""] * n_cols for _ in body_rows]
    spanned = _spanning_labels(body_rows, bounds)
    vocabulary_of = Counter(word.strip(_PUNCTUATION).lower() for line in body for word in line.text.split())
    for k, members in enumerate(body_rows):
        row = grid_rows[k]
        spans: dict[int, int] = {}
        printed: dict[int, list[str]] = {}
        tops: dict[int, list[float]] = {}
        for line in members:
            for seg in line.segments:
                for x0, x1, text, _ in _pieces(seg, bounds, line.size, True):
                    first, last = _column(x0, bounds), _column(x1, bounds)
                    if first == 0 and spanned is not None:
                        continue  # placed over its rows below
                    cell = printed.setdefault(first, [])
                    if cell and _broken_word(cell[-1], (x0, x1, text), extents[first], vocabulary_of):
                        cell[-1] = (cell[-1][0], x1, cell[-1][2] + text)
                        continue
                    cell.append((x0, x1, text))
                    tops.setdefault(first, []).append(line.top)
                    spans[first] = max(spans.get(first, first), last)
        # As in a ruled cell: values printed one under the other stay lines (`219 (2018)` over
        # `190 (2018)`), and so do the names beside them (`Weert` over `Limburg`); a blank line
        # keeps two paragraphs of a cell apart.
        texts_of = {c: [text for _, _, text in pieces] for c, pieces in printed.items()}
        stacked = {len(cell) for cell in map(_tails_joined, texts_of.values()) if _stacked(cell)}
        for c, cell in texts_of.items():
            parts = split_paragraphs(cell, tops[c], members[0].size) if len(set(tops[c])) == len(tops[c]) else [cell]
            row[c] = "\n".join(_cell_text(part, stacked) for part in parts)
        r = len(header) + k
        for c, text in enumerate(row):
            if text:
                cells.append(Cell(text, r, c, 1, spans[c] - c + 1, page=members[0].page))
    for text, first, count in spanned or []:
        cells.append(Cell(text, len(header) + first, 0, count, 1, page=body_rows[first][0].page))
        for k in range(first, first + count):
            grid_rows[k][0] = text
    texts.extend(grid_rows)
    pages.extend(members[0].page for members in body_rows)
    position = {id(line): k for k, line in enumerate(lines)}
    used = max(position[id(line)] for line in lines[:heads] + body) + 1
    return StreamTable(
        cells, len(texts), n_cols, len(header), pages, texts, lines[:heads] + body, used, tuple(bands), tuple(gaps)
    )
