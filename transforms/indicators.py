"""Indicator tables -> `indicators` (one row per indicator as published) and `indicator_facts`.

A target table gives a `baseline` fact for its Nulmeting column and a `target` fact per year
column, all for the municipality. A benchmark (BBV) table gives an `actual` fact per area column
for the row's Periode. A value cell that carries its own year (`82% (2017)`) overrides the
column's period; an empty cell gives no fact.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from extractors.model import Document, Issue, Table
from extractors.tables import is_own_municipality, split_marker
from transforms.identity import DocumentMeta, row_context, slugify
from transforms.schema import table_from_rows
from transforms.values import clean_text, parse_value, parse_year

INDICATOR_FORMS = ("target", "benchmark")


@dataclass(frozen=True)
class IndicatorTables:
    indicators: pa.Table
    facts: pa.Table
    issues: list[Issue]


def _row_facts(table: Table, row: tuple[str, ...], municipality: str | None) -> list[dict]:
    """The facts of one body row, without document context."""
    roles = {c.role: i for i, c in reversed(list(enumerate(table.columns)))}
    unit_text = row[roles["unit"]] if "unit" in roles else ""
    row_period = parse_year(row[roles["period"]]) if "period" in roles else None
    facts = []
    for column, cell in zip(table.columns, row):
        if column.role not in ("baseline", "target", "actual") or not cell:
            continue
        parsed = parse_value(cell, baseline=column.role == "baseline")
        if column.area:
            own = is_own_municipality(column.area) or slugify(column.area) == slugify(f"gemeente {municipality}")
            area = municipality if own and municipality else column.area
            period = row_period
        else:
            area, period = municipality, column.period
        facts.append(
            {
                "measure": "actual" if column.role == "actual" else column.role,
                "area": area or "",
                "period": parsed.period or period,
                "value": parsed.value if parsed.kind in ("number", "year") else None,
                "comparator": parsed.comparator,
                "unit": unit_text or parsed.unit,
                "value_text": parsed.value_text,
                "parsed_kind": parsed.kind,
            }
        )
    return facts


def indicator_tables(document: Document, meta: DocumentMeta) -> IndicatorTables:
    indicators: list[dict] = []
    facts: list[dict] = []
    issues: list[Issue] = []
    for table_index, (section, table) in enumerate(document.tables(), start=1):
        if table.form not in INDICATOR_FORMS:
            continue
        where = f"table {table_index}" + (f" page {table.page}" if table.page else "")
        ignored = [c.label for c in table.columns if c.role == "other"]
        if ignored:
            issues.append(Issue("warning", "column-ignored", f"columns of unknown meaning skipped: {ignored}", where))
        roles = {c.role: i for i, c in reversed(list(enumerate(table.columns)))}
        for row_index, row in enumerate(table.rows, start=1):
            name, marker = split_marker(row[0])
            if not name:
                issues.append(Issue("warning", "row-without-label", f"row without indicator name skipped: {list(row)}", f"{where} row {row_index}"))
                continue
            footnote = table.footnote(marker)
            row_facts = _row_facts(table, row, meta.municipality)
            base = {
                **row_context(meta, document, section),
                "indicator_id": slugify(name),
                "indicator": name,
                "source": (clean_text(row[roles["source"]]) or None) if "source" in roles else None,
                "footnote": footnote,
                "table_index": table_index,
                "row_index": row_index,
                "page": table.page_of(row_index - 1),
            }
            cell_units = [f["unit"] for f in row_facts if f["unit"]]
            indicators.append(
                {**base, "unit": cell_units[0] if cell_units else None, "table_form": table.form, "facts": len(row_facts)}
            )
            for fact in row_facts:
                if fact.pop("parsed_kind") == "text":
                    issues.append(
                        Issue("info", "value-not-numeric", f"{name!r}: cell {fact['value_text']!r} kept as text", f"{where} row {row_index}")
                    )
                facts.append({**base, **fact})
    return IndicatorTables(table_from_rows("indicators", indicators), table_from_rows("indicator_facts", facts), issues)
