"""Contracts checked before anything is written: a table that breaks one is not written.

The schema fixes column names and types; these checks add what a type cannot say: keys that
must be present, values from a closed list, and keys that must be unique within a document.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from transforms.schema import MEASURES, MONEY_MEASURES, QUESTIONS, SCHEMAS, STATUSES

ALLOWED_VALUES: dict[str, dict[str, set]] = {
    "indicator_facts": {"measure": set(MEASURES), "comparator": {None, ">", ">=", "<", "<="}},
    "indicators": {"table_kind": {"indicator", "definitions"}},
    "financials": {"measure": set(MONEY_MEASURES)},
    "table_cells": {"table_kind": {"indicator", "money", "definitions", "unknown"}},
    "section_texts": {"question": set(QUESTIONS), "kind": {"paragraph", "list_item"}},
    "documents": {"status": set(STATUSES), "format": {"text", "html", "pdf", "unknown"}},
    "extraction_issues": {"severity": {"info", "warning", "error"}},
}
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "sections": ("document_id", "position"),
    "section_texts": ("document_id", "position"),
    "indicators": ("document_id", "table_index", "row_index"),
    "indicator_facts": ("document_id", "table_index", "row_index", "column_index", "measure", "area", "period"),
    "financials": ("document_id", "table_index", "row_index", "column_index"),
    "table_cells": ("document_id", "table_index", "row", "col"),
}


def violations(name: str, table: pa.Table) -> list[str]:
    """Everything wrong with `table` as table `name`; empty when it keeps the contract."""
    schema = SCHEMAS[name]
    problems: list[str] = []
    if [(f.name, f.type) for f in table.schema] != [(f.name, f.type) for f in schema]:
        problems.append(f"{name}: columns or types differ from the declared schema")
        return problems
    for field in schema:
        if not field.nullable and table[field.name].null_count:
            problems.append(f"{name}.{field.name}: {table[field.name].null_count} null value(s) in a required column")
    for column, allowed in ALLOWED_VALUES.get(name, {}).items():
        bad = sorted({v for v in table[column].to_pylist() if v not in allowed}, key=str)
        if bad:
            problems.append(f"{name}.{column}: values outside {sorted(allowed, key=str)}: {bad[:5]}")
    key = UNIQUE_KEYS.get(name)
    if key and table.num_rows:
        counts = Counter(zip(*(table[c].to_pylist() for c in key)))
        duplicates = [k for k, n in counts.items() if n > 1]
        if duplicates:
            problems.append(f"{name}: {len(duplicates)} duplicate key(s) on {key}, e.g. {duplicates[0]}")
    return problems


def enforce(name: str, table: pa.Table) -> tuple[pa.Table, list[str]]:
    """The rows of `table` that keep the contract, and what was wrong with the others.

    A wrong schema is a programming error: the table is emptied. Otherwise only the offending
    rows go: nulls in required columns, values outside their list, and repeats of a key.
    """
    problems = violations(name, table)
    if not problems:
        return table, []
    schema = SCHEMAS[name]
    if [(f.name, f.type) for f in table.schema] != [(f.name, f.type) for f in schema]:
        return schema.empty_table(), problems
    rows = table.to_pylist()
    keep: list[dict] = []
    seen: set[tuple] = set()
    key = UNIQUE_KEYS.get(name)
    allowed = ALLOWED_VALUES.get(name, {})
    required = [f.name for f in schema if not f.nullable]
    for row in rows:
        if any(row[c] is None for c in required) or any(row[c] not in ok for c, ok in allowed.items()):
            continue
        if key:
            k = tuple(row[c] for c in key)
            if k in seen:
                continue
            seen.add(k)
        keep.append(row)
    return pa.Table.from_pylist(keep, schema=schema), problems
