"""The table interpreter: one for every format.

Readers hand over a `Grid` (cells with spans, header hints, page and position) with the text
around it; `read_table` turns grid plus context (municipality, budget year, document type) into
a `TableReading`: columns of measure × area × period, rows of indicator or line item, group,
footnote and values (DOMAIN.md §5). Only indicator and money tables become facts; every table,
read or not, is kept cell by cell by the transforms.
"""

from __future__ import annotations

from dataclasses import replace

from core.issues import Issue
from core.model import Cell, Grid
from core.values import clean_text, look
from core.vocabulary import column_word, is_header_word, marker_key, money_kind, scale_of, split_marker

from extractors.tables.columns import column_roles, indicator_columns, money_columns, table_kind
from extractors.tables.header import column_headers, split_header
from extractors.tables.records import Column, Context, Row, TableReading, Value
from extractors.tables.rows import TableText, opens_money, read_rows


def _scale(grid: Grid, paths: list[list[str]], captions: list[str]) -> float | None:
    """`x € 1.000` in the caption, the lines above or below, or the header (corner cell first)."""
    # Below the table only the line right under it: further down starts what follows.
    texts = [grid.caption or "", *captions, *(t for path in paths for t in path), *grid.above[-3:], *grid.below[:1], grid.heading or ""]
    for text in texts:
        scale = scale_of(text)
        if scale:
            return scale
    return None


def _column_scales(columns: list[Column], paths: list[list[str]], table_scale: float | None) -> list[Column]:
    """A scale printed over some value columns only (`totaal x € 1.000 | per inwoner`) holds for
    those columns; the others are in whole euros."""
    values = [c for c in columns if c.role == "value"]
    own = {c.index: next((s for s in map(scale_of, paths[c.index]) if s), None) for c in values}
    if not any(own.values()) or all(own.values()):
        return columns
    return [replace(c, scale=own[c.index] or 1.0) if c.index in own else c for c in columns]


def _area_from_footnote(column: Column, footnotes: dict[str, str]) -> Column:
    """`Vergelijk*` over `*Gemeenten in de grootteklasse 25.000 - 50.000 inwoners`: the note names
    the area the column compares with."""
    if column.role != "value" or column.area is None or column.area != column.label:
        return column
    name, marker = split_marker(column.label)
    note = footnotes.get(marker_key(marker)) if marker else None
    if not note or len(note) > 100:
        return column
    return replace(column, label=name, area=clean_text(note).rstrip("."), guessed=None)


def _money_card(grid: Grid, matrix: list[list[str]], end: int, captions: list[str], where: str | None) -> TableReading | None:
    """`Lasten` / `schaal x € 1.000` over `Begroot | € 6.705`, `Gerealiseerd | € 6.790`: a card of
    amounts, a label and one amount per row, under a caption that gives the scale."""
    rows = [[clean_text(t) for t in row] for row in matrix[end:]]
    rows = [[t for t in row if t] for row in rows if any(row)]
    head = [clean_text(t) for row in matrix[:end] for t in row if clean_text(t)]
    scale = next((s for s in map(scale_of, [*head, grid.caption or "", *captions]) if s), None)
    if rows and all(len(r) == 1 and scale_of(r[0]) for r in rows[:1]):
        scale = scale or scale_of(rows[0][0])
        rows = rows[1:]
    if len(rows) < 2 or not all(
        len(r) == 2 and look(r[0]) == "text" and look(r[1], money=True) == "number" for r in rows
    ):
        return None
    if scale is None and not all("€" in r[1] for r in rows):
        return None
    body = tuple(
        Row(index=i, label=label, label_cells=(label,), values=(Value(1, amount, money_kind(label) or "actual", None, None),))
        for i, (label, amount) in enumerate(rows, start=1)
    )
    title = grid.caption or (captions[0] if captions else None)
    return TableReading(
        "money",
        (Column(0, "", "label"), Column(1, "", "value", "actual")),
        body,
        scale=scale or 1.0,
        caption=title,
        header_rows=end,
        titles=(title,) if title else (),
    )


def _body_text(text: str, cell: Cell | None, r: int, c: int, cells: list[Cell | None]) -> str:
    """What a body position holds, given the cell that covers it (see `read_table`)."""
    if cell is None:
        return text
    figure = look(cell.text, money=True) in ("number", "null")
    if cell.col != c and not (cell.col > 0 and figure):
        return ""
    own_label = bool(cells) and cells[0] is not None and cells[0].row == r and cells[0].col == 0
    if c > 0 and figure and cell.row < r and own_label:
        return ""
    return text


def read_table(grid: Grid, context: Context) -> TableReading:
    """The meaning of one table."""
    where = grid.location or (f"page {grid.page}" if grid.page else None)
    issues: list[Issue] = []
    if grid.n_rows == 0 or grid.n_cols == 0:
        return TableReading("unknown", issues=(Issue("warning", "table-unknown-layout", "empty table", where),))
    matrix = grid.matrix()
    origin = grid.origin()
    first, end, captions = split_header(grid, matrix, context)
    paths, guessed = column_headers(grid, matrix, first, end, context)
    # In the body a cell spanning columns stands in its first column only (a group heading across
    # the table is no value of each column); a cell spanning rows stands in each (a label carried).
    # A figure spanning year columns is the figure of each of them; a figure spanning down into
    # a row that has a label of its own is no figure of that row (`Geraamde resultaat` over
    # `programma`, a label wrapped across a rule drawn through the row).
    body = [
        [_body_text(text, cell, r, c, cells) for c, (text, cell) in enumerate(zip(row, cells))]
        for r, (row, cells) in enumerate(zip(matrix[end:], origin[end:]), start=end)
    ]
    spans = [[(cell.colspan if cell is not None else 1) for cell in row] for row in origin[end:]]
    caption = grid.caption or (captions[0] if captions else None)
    if not any(paths) and not grid.bands and (card := _money_card(grid, matrix, end, captions, where)) is not None:
        return card
    if not any(paths) and not grid.bands:
        issues.append(Issue("warning", "table-unknown-layout", f"table without a recognised header: {matrix[0]}", where))
        return TableReading("unknown", caption=caption, issues=tuple(issues))
    if guessed:
        issues.append(Issue("info", "header-guessed", "header labels spread over columns whose widths were not printed", where))
    roles = column_roles(paths, body, context.municipality)
    scale = _scale(grid, paths, captions)
    above = " ".join([grid.caption or "", *captions, *grid.above[-2:]])
    # A kerngegevens table ends in a money part opened by a group row (`Financiën (bedragen x
    # € 1.000)`): what the table is, is judged on the rows above it.
    opening = next((r for r, row in enumerate(body) if r and opens_money(row)), len(body))
    kind = table_kind(paths, roles, body[:opening], scaled=scale is not None and opening == len(body), question=grid.question, above=above)
    if kind == "money":
        columns = money_columns(paths, roles, context)
    elif kind in ("indicator", "definitions"):
        columns, _ = indicator_columns(paths, roles, context)
    else:
        issues.append(Issue("warning", "table-unknown-layout", f"no value columns under the header {[' '.join(p) for p in paths]}", where))
        return TableReading("unknown", caption=caption, header_rows=end, issues=tuple(issues))
    if kind == "money":
        columns = _column_scales(columns, paths, scale)
    keys: dict[tuple, str] = {}
    for column in columns:
        if column.role != "value":
            continue
        key = (column.measure, column.area, column.period)
        if key in keys and column.period is not None:
            issues.append(Issue("warning", "duplicate-column", f"columns {keys[key]!r} and {column.label!r} both hold {column.measure} {column.period}; both kept, told apart by their column", where))
        keys.setdefault(key, column.label)
    for column in columns:
        if column.guessed:
            code = "measure-from-document-type" if column.period else "measure-guessed"
            issues.append(Issue("info", code, f"column {column.label!r} read as {column.measure}: {column.guessed}", where))
    text = TableText.of(caption, grid.heading, grid.above, grid.below)
    columns = [_area_from_footnote(c, text.footnotes) for c in columns]
    rows, row_issues = read_rows(
        body, spans, columns, kind, context, text, matrix[first:end], grid.row_pages()[end : end + len(body)]
    )
    issues.extend(Issue(i.severity, i.code, i.message, " ".join(x for x in (where, i.location) if x) or None) for i in row_issues)
    if kind in ("indicator", "money") and not rows:
        issues.append(Issue("warning", "table-without-rows", f"table header {[' '.join(p) for p in paths]} has no rows", where))
    return TableReading(
        kind,
        tuple(columns),
        tuple(rows),
        scale=scale or 1.0,
        caption=clean_text(caption) or None,
        header_rows=end,
        issues=tuple(issues),
        titles=_titles(grid.caption, captions, paths, roles, text.subheaders),
    )


def _titles(caption: str | None, captions: list[str], paths: list[list[str]], roles: list, subheaders: list[str]) -> tuple[str, ...]:
    """A table's own titles: its caption, a caption in its corner (`SOCIALE STRUCTUUR` over the
    row labels, not `Indicator`), and the labels of its sub-headers."""
    found = [caption or "", *captions]
    corner = next((p[0] for p, r in zip(paths, roles) if r == "label" and p), None)
    if corner and not column_word(corner) and not scale_of(corner) and not is_header_word(corner):
        found.append(corner)
    found.extend(subheaders)
    out: list[str] = []
    for title in (clean_text(t) for t in found):
        if title and title not in out and not scale_of(title):
            out.append(title)
    return tuple(out)


__all__ = ["Column", "Context", "Row", "TableReading", "Value", "read_table"]
