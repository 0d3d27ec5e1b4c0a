"""Money tables ("Wat mag het kosten?") -> `financials`, amounts in euros."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from core.issues import Issue
from core.model import Document, Grid, Section
from core.values import parse_value

from extractors.tables import TableReading
from transforms.identity import DocumentMeta, row_context
from transforms.schema import table_from_rows


@dataclass(frozen=True)
class MoneyTable:
    table: pa.Table
    issues: list[Issue]


def financials_table(
    document: Document, readings: list[tuple[Section | None, Grid, TableReading]], meta: DocumentMeta
) -> MoneyTable:
    rows: list[dict] = []
    issues: list[Issue] = []
    for table_index, (section, grid, reading) in enumerate(readings, start=1):
        money_rows = [r for r in reading.rows if reading.kind == "money" or r.scale is not None]
        if not money_rows:
            continue
        where = f"table {table_index}" + (f" page {grid.page}" if grid.page else "")
        columns = {c.index: c for c in reading.columns}
        for row in money_rows:
            for value in row.values:
                column = columns[value.column]
                scale = next(s for s in (row.scale, column.scale, reading.scale) if s is not None)
                parsed = parse_value(value.text, money=True)
                if parsed.kind in ("null", "empty"):
                    continue  # `-`: no amount; the cell stays in `table_cells`
                if parsed.kind == "text":
                    issues.append(
                        Issue("warning", "amount-not-numeric", f"{row.label!r}: {value.text!r} is not an amount", f"{where} row {row.index}")
                    )
                rows.append(
                    {
                        **row_context(meta, document, section),
                        "line_item": row.label,
                        "line_group": row.group,
                        "column_index": value.column,
                        "column_label": value.label or column.label,
                        "measure": value.measure,
                        "period": column.period,
                        "amount_eur": parsed.value * scale if parsed.kind == "number" else None,
                        "value_text": parsed.value_text,
                        "scale": scale,
                        "table_index": table_index,
                        "row_index": row.index,
                        "page": row.page,
                    }
                )
    return MoneyTable(table_from_rows("financials", rows), issues)
