"""The data dictionary (docs/warehouse.md), generated from the schemas so it cannot drift.

Regenerate with `make docs`; a test fails when the committed file differs from this output.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa

from transforms.contracts import ALLOWED_VALUES, UNIQUE_KEYS
from transforms.schema import PARTITION_COLUMN, RUNS_SCHEMA, SCHEMA_VERSION, SCHEMAS

TABLE_PURPOSE = {
    "documents": "One row per raw file version: where it came from, what it is, and whether it was read.",
    "sections": "The sections (beleidsvelden) of each document in order, with parent and nesting level.",
    "section_texts": "Every paragraph and list item with the question it answers (bereiken, doen, meten, kosten, overig).",
    "indicators": "One row per indicator as published, also when it has no values.",
    "indicator_facts": "The main fact table: one row per indicator × measure × area × period.",
    "financials": "Money tables (Wat mag het kosten?) with amounts in euros, each cell with its column's measure and its row's group; a cell printed as no amount (`-`) is only in table_cells.",
    "table_cells": "Every table of every document, cell by cell, whether or not it was read as indicators or money: nothing printed is lost.",
    "extraction_issues": "Everything an extractor skipped, guessed or rejected, with its location.",
    "runs": "One row per pipeline run: what it did and how long it took (warehouse/runs/runs.parquet).",
}


def _type_name(type_: pa.DataType) -> str:
    return {"int32": "integer", "int64": "integer (64-bit)", "double": "double", "string": "string",
            "date32[day]": "date", "timestamp[us, tz=UTC]": "timestamp (UTC)"}.get(str(type_), str(type_))


def _table_section(name: str, schema: pa.Schema) -> list[str]:
    lines = [f"## `{name}`", "", TABLE_PURPOSE[name], ""]
    if name in SCHEMAS:
        lines.append(f"Path: `warehouse/{name}/{PARTITION_COLUMN}=<YYYY>/part-0.parquet`.")
    if name in UNIQUE_KEYS:
        lines.append(f"Unique per row: {', '.join(f'`{c}`' for c in UNIQUE_KEYS[name])}.")
    lines += ["", "| column | type | required | meaning | example |", "|---|---|---|---|---|"]
    for field in schema:
        meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        meaning = meta.get("description", "")
        allowed = ALLOWED_VALUES.get(name, {}).get(field.name)
        if allowed:
            meaning += " (one of " + ", ".join(f"`{v}`" for v in sorted(v for v in allowed if v)) + ")"
        example = f"`{meta['example']}`" if meta.get("example") else ""
        required = "" if field.nullable else "yes"
        lines.append(f"| `{field.name}` | {_type_name(field.type)} | {required} | {meaning} | {example} |")
    return [*lines, ""]


def render() -> str:
    lines = [
        "# The warehouse: data dictionary",
        "",
        "Generated from `transforms/schema.py` by `make docs`; do not edit by hand.",
        f"Schema version **{SCHEMA_VERSION}** (also in `warehouse/_manifest.json`); changes are listed in CHANGELOG.md.",
        "",
        f"Every table but `runs` is hive-partitioned by `{PARTITION_COLUMN}`; the partition column lives in the",
        "folder name, not in the files. Read a table as one dataset, e.g. in DuckDB:",
        "`read_parquet('warehouse/indicator_facts/*/*.parquet', hive_partitioning = true)`.",
        "",
        "One publication is often landed in several formats (a budget platform's HTML page, its text",
        "export, a PDF print). Every file is read and kept; every row carries its `publication_id`",
        "(municipality, budget year, document type and file name without extension) and `canonical`,",
        "true for exactly one file per publication: a file that was read before a rejected one, then",
        "HTML over text over PDF, then the first path. Sum and count `where canonical`.",
        "",
    ]
    for name, schema in {**SCHEMAS, "runs": RUNS_SCHEMA}.items():
        lines += _table_section(name, schema)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path("docs/warehouse.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
