"""Indicator tables -> `indicators` (one row per indicator as published) and `indicator_facts`
(one row per value cell: indicator × measure × area × period).

The interpreter has placed every value cell; here each is parsed (DOMAIN.md §2). A value cell
that carries its own year (`82% (2017)`) overrides the column's period; a text target
(`Stijging`) is a fact with a null value and the words in `value_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from core.issues import Issue
from core.model import Document, Grid, Section
from core.values import parse_value

from extractors.tables import TableReading
from transforms.identity import DocumentMeta, row_context, slugify
from transforms.schema import table_from_rows

INDICATOR_KINDS = ("indicator", "definitions")


@dataclass(frozen=True)
class IndicatorTables:
    indicators: pa.Table
    facts: pa.Table
    issues: list[Issue]


def indicator_tables(
    document: Document, readings: list[tuple[Section | None, Grid, TableReading]], meta: DocumentMeta
) -> IndicatorTables:
    indicators: list[dict] = []
    facts: list[dict] = []
    issues: list[Issue] = []
    for table_index, (section, grid, reading) in enumerate(readings, start=1):
        if reading.kind not in INDICATOR_KINDS:
            continue
        where = f"table {table_index}" + (f" page {grid.page}" if grid.page else "")
        labels = {c.index: c.label for c in reading.columns}
        for row in reading.rows:
            if row.scale is not None:
                continue  # a money line: it goes to financials
            base = {
                **row_context(meta, document, section),
                "indicator_id": slugify(row.label) or "indicator",
                "indicator": row.label,
                "source": row.source,
                "footnote": row.footnote,
                "indicator_group": row.group,
                "table_index": table_index,
                "row_index": row.index,
                "page": row.page,
            }
            row_facts = []
            for value in row.values:
                parsed = parse_value(value.text, baseline=value.measure == "baseline", lenient=True)
                if parsed.kind == "text":
                    issues.append(
                        Issue("info", "value-not-numeric", f"{row.label!r}: {value.text!r} kept as text", f"{where} row {row.index}")
                    )
                row_facts.append(
                    {
                        **base,
                        "unit": row.unit or parsed.unit,
                        "measure": value.measure,
                        "area": value.area or meta.municipality or "",
                        "period": parsed.period or value.period,
                        "value": parsed.value if parsed.kind in ("number", "year") else None,
                        "comparator": parsed.comparator,
                        "value_text": parsed.value_text,
                        "column_index": value.column,
                        "column_label": value.label or labels.get(value.column, ""),
                    }
                )
            units = [f["unit"] for f in row_facts if f["unit"]]
            indicators.append(
                {
                    **base,
                    "unit": row.unit or (units[0] if units else None),
                    "indicator_number": row.number,
                    "definition": row.definition,
                    "table_kind": reading.kind,
                    "facts": len(row_facts),
                }
            )
            facts.extend(row_facts)
    return IndicatorTables(table_from_rows("indicators", indicators), table_from_rows("indicator_facts", facts), issues)
