"""Where a table's header ends, and what text stands over each column.

Headers come in bands: a row of kinds (`Realisatie | Begroting`) over a row of years, a row of
areas (`Urk | NL`) over years, a spanning caption over both. A column's header text is every
band's text over it, top to bottom. Bands whose cell widths are unknown (flattened text) are
spread over their columns here: one label per column when the counts agree, else at the points
where the years below start again (`2021 2022 2023 | 2022 2023` under `Urk | NL`), else by what
the kinds say (realised years come before targets), else evenly.
"""

from __future__ import annotations

from core.model import Band, Cell, Grid
from core.values import clean_text
from core.vocabulary import column_groups, indicator_kind, is_header_word, looks_like_header, scale_of, year_of

from extractors.tables.records import Context


def _is_caption_row(cells: list[Cell], width: int) -> bool:
    """One cell alone on its row above the header, not a header word: a caption."""
    texts = {clean_text(c.text) for c in cells if clean_text(c.text)}
    if len(texts) != 1:
        return False
    text = next(iter(texts))
    spans_all = any(c.colspan >= width - 1 for c in cells) or width <= 2
    return (spans_all or len(cells) == 1) and (not is_header_word(text) or scale_of(text) is not None)


def is_header_row(texts: list[str], municipality: str | None = None) -> bool:
    return looks_like_header(texts, municipality)


def split_header(grid: Grid, matrix: list[list[str]], context: Context) -> tuple[int, int, list[str]]:
    """(first header row, first body row, caption texts) of a grid."""
    rows_cells: list[list[Cell]] = [[] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        rows_cells[cell.row].append(cell)
    start = 0
    captions: list[str] = []
    while start < grid.n_rows and _is_caption_row(rows_cells[start], grid.n_cols):
        captions.append(next(clean_text(c.text) for c in rows_cells[start] if clean_text(c.text)))
        start += 1
    if grid.header_rows is not None:
        end = max(grid.header_rows, start)
        return start, end, captions
    end = start
    while end < grid.n_rows:
        texts = matrix[end]
        hinted = bool(rows_cells[end]) and all(c.header for c in rows_cells[end])
        # A row with nothing in it (a sliver between two ruled edges that cells of the header
        # start at, half a row apart) goes on with the header.
        empty = not any(clean_text(t) for t in texts) and end + 1 < grid.n_rows
        if hinted or empty or is_header_row(texts, context.municipality):
            end += 1
            continue
        break
    return start, end, captions


def spread_band(band: Band, below: list[str], context: Context) -> tuple[list[str], bool]:
    """The band label over each of the columns `band.first`..`band.last`, and whether that was
    inferred rather than counted. `below` is the header text under the band, per column."""
    n = band.last - band.first + 1
    labels = list(band.labels)
    k = len(labels)
    if k == n:
        return labels, False
    if k == 1:
        return labels * n, False
    years = [year_of(t) for t in below]
    # Areas (or blocks) over years: each block's years run up, the next block starts again;
    # kinds over `Lasten | Baten | Saldo`: each block starts with the first of them again.
    runs: list[int] = []
    first = clean_text(below[0]).lower() if below else ""
    for i, year in enumerate(years):
        if None in years:
            restart = i == 0 or clean_text(below[i]).lower() == first
        else:
            restart = i == 0 or year <= years[i - 1]
        if restart:
            runs.append(1)
        else:
            runs[-1] += 1
    if len(runs) == k:
        return [label for label, size in zip(labels, runs) for _ in range(size)], True
    kinds = [indicator_kind(label) for label in labels]
    if k == 2 and kinds[0] in ("actual", "baseline") and None not in years and context.budget_year:
        # Realised years come first: in a report up to its year, in a budget (written in the
        # autumn before its year) up to two years before it.
        last_measured = context.budget_year if context.reports else context.budget_year - 2
        split = sum(1 for y in years if y <= last_measured)
        if 0 < split < n:
            return [labels[0]] * split + [labels[1]] * (n - split), True
    if n % k == 0:
        size = n // k
        return [label for label in labels for _ in range(size)], True
    return [labels[min(i * k // n, k - 1)] for i in range(n)], True


def _spread_over_groups(rows: list[list[str]]) -> list[list[str]]:
    """A header row with one label over each group of columns (`Rekening 2023` printed in the
    middle one of `baten | lasten | saldo`, its neighbours left empty) where the fullest header
    row repeats its labels group by group: each label over its whole group."""
    if len(rows) < 2:
        return rows
    fullest = max(rows, key=lambda row: sum(1 for t in row[1:] if clean_text(t)))
    columns = [c for c in range(1, len(fullest)) if clean_text(fullest[c])]
    groups = column_groups([(c, fullest[c]) for c in columns])
    if not groups:
        return rows
    out = []
    for row in rows:
        if row is fullest:
            out.append(row)
            continue
        labelled = [c for c in columns if clean_text(row[c])]
        inside = [[c for c in labelled if c in g] for g in groups]
        if len(labelled) == len(groups) and all(len(x) == 1 for x in inside) and all(
            not clean_text(row[c]) or c in x for g, x in zip(groups, inside) for c in g
        ):
            row = list(row)
            for g, (c,) in zip(groups, inside):
                for other in g:
                    row[other] = row[c]
        out.append(row)
    return out


def column_headers(
    grid: Grid, matrix: list[list[str]], first: int, end: int, context: Context
) -> tuple[list[list[str]], bool]:
    """The header texts over every column, top to bottom, and whether a band was spread by
    inference. Repeats of a spanning cell count once."""
    paths: list[list[str]] = [[] for _ in range(grid.n_cols)]
    guessed = False
    rows = _spread_over_groups([list(matrix[r]) for r in range(first, end)])
    for band in grid.bands:
        below = [" ".join(clean_text(row[c]) for row in rows) for c in range(band.first, band.last + 1)]
        spread, inferred = spread_band(band, below, context)
        guessed = guessed or inferred
        for offset, label in enumerate(spread):
            paths[band.first + offset].append(clean_text(label))
    for row in rows:
        for c, text in enumerate(row):
            text = clean_text(text)
            if text and (not paths[c] or paths[c][-1] != text):
                paths[c].append(text)
    return paths, guessed


def is_label_header(path: list[str]) -> bool:
    return any(column_word(t) == "label" for t in path)
