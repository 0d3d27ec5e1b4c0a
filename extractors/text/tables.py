"""Tables in plain text, turned into grids.

Four printings occur: cells one per line (a web page's text: empty cells dropped), pipe rows
(markdown: empty cells moved to the end of the row), rows separated by tabs or runs of spaces,
and rows whose cells are separated by single spaces (text copied out of a PDF). In all of them
the cells have lost their columns; `header.parse_header` finds the columns from the header and
`align` puts the cells back by what they look like.
"""

from __future__ import annotations

import re

from core.model import Band, Cell, Grid, grid_from_rows
from core.values import clean_text, look
from core.vocabulary import area_of, column_word, continues_label, fold, is_header_word, is_part_title, looks_like_unit, names_money, plain_header_word

from extractors.text.align import _look, align_row, cut_rows_cost
from extractors.text.header import Template, is_scale_caption, parse_header
from extractors.text.rows import figure_run, header_cells, is_header_line, pieces

PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABS = re.compile(r"\t+")
_SPACES = re.compile(r"[ \t\xa0]{2,}")


def pipe_cells(line: str, keep_empty: bool = False) -> list[str] | None:
    """The non-empty cells of a pipe row (`keep_empty`: all its cells, the outer pipes'
    empty ends left off); None when the line is no pipe row."""
    if line.count("|") < 1 or PIPE_SEPARATOR.match(line):
        return None
    cells = [clean_text(c) for c in line.split("|")]
    if len([c for c in cells if c]) < 1 or len(cells) < 2:
        return None
    if keep_empty:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = cells[1:]
        if stripped.endswith("|"):
            cells = cells[:-1]
        return cells
    return [c for c in cells if c]


def gap_cells(line: str) -> list[str] | None:
    """Cells of a line whose columns are separated by tabs or runs of spaces."""
    stripped = line.strip(" \t\xa0")
    splitter = _TABS if "\t" in stripped else _SPACES
    cells = [clean_text(c) for c in splitter.split(stripped)]
    cells = [c for c in cells if c]
    return cells if len(cells) >= 2 else None


def _grid(template: Template, body: list[tuple[str, ...] | str], pages_line: int, **context) -> Grid:
    """Header rows of the template, then the body: a str is a row of one cell across the table."""
    width = len(template.roles)
    cells: list[Cell] = []
    for r, row in enumerate(template.rows):
        cells.extend(Cell(text, r, c, header=True) for c, text in enumerate(row) if text)
    offset = len(template.rows)
    for r, row in enumerate(body, start=offset):
        if isinstance(row, str):
            cells.append(Cell(row, r, 0, colspan=width))
        else:
            cells.extend(Cell(text, r, c) for c, text in enumerate(row) if text)
    return Grid(
        tuple(cells),
        offset + len(body),
        width,
        header_rows=offset,
        bands=template.bands,
        caption=template.captions[0] if template.captions else None,
        location=f"line {pages_line}",
        **context,
    )


def _template(header: list[str], counts: list[int]) -> Template | None:
    """The first column count the header can be read with: the longest run of figures in a
    row, else the number of value labels (rows whose cells were all dropped but one)."""
    tried: set[int] = set()
    labels = sum(1 for h in header if not column_word(h) and not is_scale_caption(h))
    for n in [*sorted(set(counts), reverse=True), labels, labels - 1]:
        if n < 1 or n in tried:
            continue
        tried.add(n)
        template = parse_header(header, n)
        if template is not None:
            return template
    return None


def _numbered(template: Template) -> Template:
    return Template(("number", *template.roles), tuple(("", *row) for row in template.rows),
                    tuple(Band(b.labels, b.first + 1, b.last + 1) for b in template.bands), template.captions, template.irregular)


def _numbered_rows(texts: list[str], head_end: int, end: int) -> bool:
    """The body starts with `1` and a later cell is `2`: the rows carry numbers."""
    body = [clean_text(t) for t in texts[head_end:end]]
    return bool(body) and body[0] in ("1", "1.") and any(t in ("2", "2.") for t in body[1:])


def _label_slots(template: Template, header: list[str]) -> int:
    """Money tables print a second label cell per row (`01 Sociaal domein | lasten`)."""
    return 2 if any(names_money(h) for h in header) else 1


def _row(cells: list[str], template: Template, joinable: bool) -> tuple[str, ...] | str | None:
    """A row's cells placed in the template's columns; a str for a row of one label."""
    figures = sum(1 for c in cells if _look(c) in ("number", "null"))
    if figures == 0 and (len(cells) == 1 or joinable):
        return " ".join(cells)
    placed = align_row(tuple(cells), template.roles, (joinable,) * len(cells))
    if placed is None:
        return " ".join(cells)
    return placed.cells


def pipe_table(rows: list[list[str]], line: int, full: list[list[str]] | None = None, **context) -> Grid | None:
    """Rows of a markdown pipe table (non-empty cells only; `full`: the same rows with their
    empty cells, used where a row has one cell per column, so that its empty cells stay in
    place; where empty cells were moved to the end of the row, cells are placed by look)."""
    captions: list[str] = []
    while rows and len(rows[0]) == 1 and not is_header_word(rows[0][0]):
        captions.append(rows.pop(0)[0])
    head = 0
    while head < len(rows) and not any(_look(c) in ("number", "null") for c in rows[head][1:]):
        if head and len(rows[head]) == 1:
            break
        head += 1
    if head == 0 or head == len(rows) and len(rows) > 1:
        head = 1
    header = [c for row in rows[:head] for c in row]
    body_rows = rows[head:]
    counts = [sum(1 for c in row if _look(c) in ("number", "null")) for row in body_rows]
    template = _template(header, counts or [len(header) - 1])
    if template is None:
        return None
    width = len(template.roles)
    complete = {id(row): cells for row, cells in zip(rows, full or []) if len(cells) == width and cells[-1]}
    body = [
        tuple(complete[id(row)]) if id(row) in complete else r
        for row in body_rows
        if (r := _row(row, template, joinable=False)) is not None
    ]
    grid = _grid(template, body, line, **context)
    if captions:
        grid = _with_caption(grid, captions[0])
    return grid


def _with_caption(grid: Grid, caption: str) -> Grid:
    from dataclasses import replace

    return replace(grid, caption=grid.caption or caption)


def _tab_cells(line: str) -> list[str]:
    return [clean_text(c) for c in line.strip(" \xa0\r\n").split("\t")]


def space_table(headers: list[str], lines: list[str], line: int, *, gaps: bool = False, **context) -> Grid | None:
    """Rows of cells separated by spaces (`gaps`: by tabs or runs of spaces), under one or more
    header lines (`Realisatie 2019 Begroting 2020` over `Baten Lasten Saldo …`). A row with one
    tab per column keeps its empty cells in place."""
    tabbed = gaps and all("\t" in x for x in [*headers, *lines])
    if tabbed and len(headers) == 1:
        width = len([c for c in _tab_cells(headers[0]) if c])
        exact = [_tab_cells(x) for x in lines]
        if width >= 2 and all(len(r) >= width and not any(r[width:]) for r in exact):
            cells = _tab_cells(headers[0])[:width]
            labels = sum(1 for h in cells if not column_word(h) and not is_scale_caption(h))
            template = next((t for n in (labels, labels - 1) if n > 0 and (t := parse_header(cells, n))), None)
            if template is not None and len(template.roles) == width:
                return _grid(template, [tuple(r[:width]) for r in exact], line, **context)
    rows = [(gap_cells(x) or [clean_text(x)]) if gaps else pieces(x) for x in lines]
    # Under a header of years a bare `2000` in a row is a figure, not a year.
    dated = sum(len(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", h)) for h in headers) >= 2
    as_figures = (lambda r: ["0" if re.fullmatch(r"(19|20)\d{2}", p) else p for p in r]) if dated else (lambda r: r)
    counts = [figure_run(as_figures(r)) if not gaps else sum(1 for c in r if _look(c) in ("number", "null")) for r in rows]
    counts = [c for c in counts if c] or [0]
    best: Template | None = None
    for n in sorted(set(counts), reverse=True):
        cells: list[str] = []
        for k, h in enumerate(headers):
            line_cells = (gap_cells(h) if gaps else header_cells(h, n)) or [h]
            if k and line_cells and not is_header_word(line_cells[0]) and not column_word(line_cells[0]):
                line_cells = line_cells[1:]  # the corner of a lower header line (`Sociale structuur`)
            cells.extend(line_cells)
        best = parse_header(cells, n)
        if best is not None:
            break
    if best is None:
        return None
    body = [r for r in (_row(row, best, joinable=not gaps) for row in rows) if r is not None]
    return _grid(best, body, line, **context)


def headerish(texts: list[str], i: int) -> bool:
    """A cell that can stand in a flattened table's header."""
    t = texts[i]
    if len(t) > 80 or _look(t) in ("number", "null"):
        return False
    if is_header_word(t) or column_word(t) or is_scale_caption(t):
        return True
    nxt = texts[i + 1] if i + 1 < len(texts) else ""
    # `Dalfsen` before `Nederland`: a name standing among the areas
    return bool(t[:1].isupper() and len(t.split()) <= 3 and area_of(nxt) and is_header_word(nxt))


def starts_header(texts: list[str], start: int) -> bool:
    """Whether a flattened table's header starts at `start`: two header cells, or a caption in
    the corner and two header cells after it. `Indicatoren` over `Indicator` is a heading."""
    n = len(texts)
    if start + 1 < n and texts[start] == texts[start + 1]:
        return False  # a page title printed twice (page and block) is a heading
    if start + 1 < n and column_word(texts[start]) == "label" and column_word(texts[start + 1]) == "label":
        a, b = fold(texts[start]), fold(texts[start + 1])
        if a.startswith(b) or b.startswith(a):
            return False
    if start + 1 < n and headerish(texts, start) and headerish(texts, start + 1):
        return True
    if column_word(texts[start]) == "label" and sum(headerish(texts, k) for k in range(start + 1, min(n, start + 5))) >= 2:
        return True  # `Indicator | Culemborg | Vergelijk* | Periode`: the municipality's name is no header word
    return (
        start + 2 < n
        and len(texts[start]) <= 80
        and _look(texts[start]) == "text"
        and headerish(texts, start + 1)
        and (
            headerish(texts, start + 2)
            # `C. Financiële structuur | 2018 | Per | 2019`: years with words between them
            or (_look(texts[start + 1]) == "year" and any(_look(texts[k]) == "year" for k in range(start + 2, min(n, start + 5))))
        )
        and column_word(texts[start + 1]) != "label"  # a heading above `Omschrijving | …`
        and texts[start + 1] != texts[start + 2]  # a heading printed twice under its parent's
    )


def _table_end(texts: list[str], first_value: int, words_per_row: int = 5) -> int:
    """Where the body that holds `first_value` ends: at a long paragraph, a run of text cells
    longer than a row can hold (`words_per_row` and a group row), or the header of the next
    table."""
    n = len(texts)
    end = first_value
    text_run = 0
    while end < n:
        t = texts[end]
        if len(t) > 300:
            break
        if is_part_title(t) and end > first_value:
            break  # `Toelichting`, `Bronnen`: the next part of the page begins
        if _look(t) == "text":
            text_run += 1
            if text_run > words_per_row:
                end -= text_run - 2  # the first may be the last row's text cell (`Zeeland`)
                break
            # (`BBV indicatoren:` introduces the rows under it, no new header)
            if text_run >= 2 and not t.endswith(":") and (starts_header(texts, end) or plain_table(texts, end, 0) is not None):
                break  # text before the next header: the last row's text cells, or a caption the rows leave over
        else:
            text_run = 0
        end += 1
    return end


_LABEL_START = re.compile(r"^(aantal|percentage|oppervlakte|lengte|gemiddelde?|totaal|waarvan|omvang|netto|bruto|verhouding)\b")


def _merge_continued_labels(body: list[str]) -> list[str]:
    """A label printed over two cells: the second goes on in lower case."""
    merged: list[str] = []
    for t in body:
        if (
            merged
            and t[:1].islower()
            and _look(t) == "text"
            and _look(merged[-1]) == "text"
            and not merged[-1].endswith((":", "."))
            and not is_header_word(t)
            and not is_header_word(merged[-1])
            and not looks_like_unit(t)  # `per 1.000 inwoners`: a unit cell of its own
            and not _LABEL_START.match(t)  # `aantal inwoners` under a group row starts a label
        ):
            merged[-1] = f"{merged[-1]} {t}"
        else:
            merged.append(t)
    return merged


def _header_cost(header: list[str]) -> float:
    """How unlikely a run of cells is as a header: every cell that is no header word counts."""
    return sum(1.5 for i in range(len(header)) if not headerish(header, i) and not is_scale_caption(header[i]))


def card_table(texts: list[str], start: int, line: int, **context) -> tuple[Grid, int] | None:
    """One indicator printed as a card, one cell per line: its number and name, `Eenheid` and
    `Bron` each before their value, then the kinds and years of its figures and the figures
    (`35 | Gemiddelde WOZ waarde | Eenheid | Duizend euro | Bron | CBS | Realisatie | … | 2014 |
    … | 248 | …`). The grid and the number of cells it used; None for anything else. The card
    prints no header over the number and the name: the grid heads them `Nr.` and `Indicator`."""
    n = len(texts)
    i = start
    number = ""
    if i < n and re.fullmatch(r"\d{1,3}\.?", texts[i]):
        number, i = texts[i], i + 1
    if i >= n or _look(texts[i]) != "text" or column_word(texts[i]) or len(texts[i]) > 120:
        return None
    name, i = texts[i], i + 1
    attributes: list[tuple[str, str]] = []
    while i + 1 < n and column_word(texts[i]) in ("unit", "source", "period") and not is_header_word(texts[i + 1]) or (
        i + 1 < n and column_word(texts[i]) in ("unit", "source") and column_word(texts[i + 1]) is None and _look(texts[i + 1]) == "text"
    ):
        attributes.append((texts[i], texts[i + 1]))
        i += 2
    if not attributes:
        return None
    j = i
    while j < n and _look(texts[j]) in ("text", "year") and is_header_word(texts[j]) and not column_word(texts[j]):
        j += 1
    k = 0
    while j + k < n and _look(texts[j + k]) in ("number", "null"):
        k += 1
    labels = texts[i:j]
    if k == 0 or not labels or len(labels) % k:
        return None
    chunks = [labels[c : c + k] for c in range(0, len(labels), k)]
    lead = ["Nr.", "Indicator", *(word for word, _ in attributes)]
    header = [[""] * len(lead) + chunk for chunk in chunks]
    header[-1][: len(lead)] = lead
    body = [number, name, *(value for _, value in attributes), *texts[j : j + k]]
    grid = grid_from_rows([*header, body], header_rows=len(header), location=f"line {line}", **context)
    return grid, j + k - start


def plain_table(texts: list[str], start: int, line: int, **context) -> tuple[Grid, int] | None:
    """A table whose header holds plain words, printed one cell per line: `raadsleden |
    wethouders` over `VVD | 9 | 1`, `GroenLinks | 4`. The header has as many words as the widest
    row has figures, and at least three rows follow; a row's figures fill the columns from the
    left. None for anything else."""
    n = len(texts)
    k = 0
    while start + k < n and plain_header_word(texts[start + k]):
        k += 1
    k -= 1  # the last word before the figures labels the first row
    if not 2 <= k <= 6:
        return None
    rows: list[list[str]] = []
    i = start + k
    while i < n and _look(texts[i]) == "text" and not is_part_title(texts[i]) and len(texts[i]) <= 80:
        figures = 0
        while i + 1 + figures < n and figures < k and _look(texts[i + 1 + figures]) in ("number", "null"):
            figures += 1
        if figures == 0:
            break
        rows.append([texts[i], *texts[i + 1 : i + 1 + figures], *[""] * (k - figures)])
        i += 1 + figures
    if len(rows) < 3 or max(sum(1 for c in r[1:] if c) for r in rows) != k:
        return None
    grid = grid_from_rows([["", *texts[start : start + k]], *rows], header_rows=1, location=f"line {line}", **context)
    return grid, i - start


def flat_table(texts: list[str], start: int, line: int, **context) -> tuple[Grid, int] | None:
    """A table printed one cell per line whose header starts at `texts[start]`, and the index
    after it; None when there is none, or when it starts a few cells further on (the cells
    before it are a heading or a caption). Every start, header end and column count the header
    can be read with is tried; the reading whose header and rows fit best wins."""
    if not starts_header(texts, start):
        return None
    n = len(texts)
    first_value = next((k for k in range(start, min(n, start + 80)) if _look(texts[k]) in ("number", "null")), None)
    if first_value is None:
        return None
    # A row's text cells (label, unit, area, source) and a group row between two rows may run
    # longer than five where the header names that many columns of words.
    end = _table_end(texts, first_value, max(5, first_value - start + 1))
    # How many value columns: the length of a run of figures, or one less where a row's number
    # (`02`) follows the figures of the row before; the header decides which.
    runs: list[int] = []
    run = 0
    for t in [*texts[first_value:end], ""]:
        if _look(t) in ("number", "null"):
            run += 1
        elif run:
            runs.append(run)
            run = 0
    if not runs:
        return None
    widest = max(runs)
    # The usual run is a row; a longer one holds rows without a label (subtotals) too.
    usual = max(set(runs), key=lambda r: (runs.count(r), r))
    # A row's year (a period column) may stand between its figures: `48,6% | 50% | 2014 | 48%`.
    dated_runs: list[int] = []
    run = 0
    for t in [*texts[first_value:end], ""]:
        kind = _look(t)
        if kind in ("number", "null"):
            run += 1
        elif kind != "year" and run:
            dated_runs.append(run)
            run = 0
    dated = max(set(dated_runs), key=lambda r: (dated_runs.count(r), r)) if dated_runs else usual
    # Cells of stacked figures (`219 (2018)` over `190 (2018)`) and dropped empty cells hide the
    # width: the labels before the first figure count too, less the first row's label and unit.
    header_labels = sum(1 for t in texts[start:first_value] if not column_word(clean_text(t)) and not is_scale_caption(clean_text(t)))
    counts = list(dict.fromkeys(c for c in (usual, usual - 1, widest, widest - 1, dated, header_labels, header_labels - 1, header_labels - 2) if c >= 1))
    candidates: list[tuple[int, int, Template]] = []
    seen: set[tuple] = set()
    for first in range(start, min(start + 5, first_value)):
        if first > start and not starts_header(texts, first):
            continue
        for count in counts:
            for h in range(first_value, first, -1):
                template = parse_header(list(texts[first:h]), count)
                if template is not None and (first, h, template.roles) not in seen:
                    seen.add((first, h, template.roles))
                    candidates.append((first, h, template))
    if not candidates:
        # Rows whose cells were all dropped but a few: more value columns than any row fills.
        header = list(texts[start:first_value])
        labels = sum(1 for t in header if not column_word(t) and not is_scale_caption(t))
        for count in range(widest + 1, labels + 1):
            template = parse_header(header, count)
            if template is not None:
                candidates.append((start, first_value, template))
                break
    # The likeliest headers first: cutting the rows is the costly part, so only those are cut.
    candidates.sort(key=lambda c: _header_cost(list(texts[c[0] : c[1]])) + 1.0 * c[2].irregular)
    candidates = candidates[:16]
    # Rows numbered `1`, `2`, … under a header that gives the numbers no label of their own.
    candidates += [(f, h, _numbered(t)) for f, h, t in candidates[:8] if "number" not in t.roles and _numbered_rows(texts, h, end)]
    best: tuple[float, int, int, Template, list] | None = None
    for first, head_end, template in candidates:
        body = _merge_continued_labels(list(texts[head_end:end]))
        rows, cost = cut_rows_cost(body, template.roles, _label_slots(template, list(texts[first:head_end])))
        cost += _header_cost(list(texts[first:head_end])) + 1.0 * template.irregular
        # a header word left standing right before the table belongs to it
        cost += 1.5 * sum(1 for k in range(start, first) if headerish(texts, k) and not is_scale_caption(texts[k]))
        if rows and (best is None or cost < best[0] - 1e-9):
            best = (cost, first, head_end, template, rows)
    if best is None:
        return None
    _, first, head_end, template, rows = best
    if first != start:
        return None  # the table starts further on
    # Text after the last row is no part of the table, unless it goes on with the last label.
    while rows and isinstance(rows[-1], str):
        if len(rows) >= 2 and not isinstance(rows[-2], str) and continues_label(rows[-2][template.roles.index("label")] if "label" in template.roles else "", rows[-1]):
            break
        rows.pop()
    data = [r for r in rows if not isinstance(r, str)]
    if not data or sum(1 for r in data for c, role in zip(r, template.roles) if role == "value" and c) < 2:
        return None
    used = _consumed(list(texts[head_end:end]), rows)
    return _grid(template, rows, line, **context), head_end + used


def _consumed(body: list[str], rows: list[tuple[str, ...] | str]) -> int:
    """How many of the body's cells the rows hold: their texts matched back to the cells
    (a label merged from two cells, or two label cells joined, holds several)."""
    return _walk(body, rows)


def _walk(body: list[str], rows: list[tuple[str, ...] | str]) -> int:
    """Match the rows' texts back to the body cells they came from."""
    texts: list[str] = []
    for row in rows:
        if isinstance(row, str):
            texts.append(row)
        else:
            texts.extend(c for c in row if c)
    i = 0
    for text in texts:
        target = clean_text(text)
        acc = ""
        while i < len(body):
            acc = clean_text(f"{acc} {body[i]}") if acc else clean_text(body[i])
            i += 1
            if acc == target or len(acc) >= len(target):
                break
    return i
