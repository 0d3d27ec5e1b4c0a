"""Money tables ("Wat mag het kosten?") -> `financials`, amounts in euros."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from extractors.model import Document, Issue
from transforms.identity import DocumentMeta, row_context
from transforms.schema import table_from_rows
from transforms.values import clean_text, parse_value


@dataclass(frozen=True)
class MoneyTable:
    table: pa.Table
    issues: list[Issue]


def financials_table(document: Document, meta: DocumentMeta) -> MoneyTable:
    rows: list[dict] = []
    issues: list[Issue] = []
    for table_index, (section, table) in enumerate(document.tables(), start=1):
        if table.form != "money":
            continue
        where = f"table {table_index}" + (f" page {table.page}" if table.page else "")
        for row_index, row in enumerate(table.rows, start=1):
            line_item = clean_text(row[0])
            if not line_item:
                continue
            for column, cell in zip(table.columns[1:], row[1:]):
                if not cell:
                    continue
                parsed = parse_value(cell, money=True)
                if parsed.kind == "text":
                    issues.append(Issue("warning", "amount-not-numeric", f"{line_item!r}: {cell!r} is not an amount", f"{where} row {row_index}"))
                rows.append(
                    {
                        **row_context(meta, document, section),
                        "line_item": line_item,
                        "column_label": column.label,
                        "period": column.period,
                        "amount_eur": parsed.value * table.scale if parsed.kind == "number" else None,
                        "value_text": parsed.value_text,
                        "scale": table.scale,
                        "table_index": table_index,
                        "row_index": row_index,
                        "page": table.page_of(row_index - 1),
                    }
                )
    return MoneyTable(table_from_rows("financials", rows), issues)
