"""docs/warehouse.md is generated from the schemas and must be current."""

from pathlib import Path

from transforms.dictionary import render
from transforms.schema import RUNS_SCHEMA, SCHEMAS

DOCS = Path(__file__).resolve().parent.parent / "docs" / "warehouse.md"


def test_dictionary_is_current():
    assert DOCS.read_text(encoding="utf-8") == render(), "docs/warehouse.md is stale: run `make docs`"


def test_every_column_is_described():
    for name, schema in {**SCHEMAS, "runs": RUNS_SCHEMA}.items():
        for field in schema:
            assert field.metadata and field.metadata.get(b"description"), f"{name}.{field.name} has no description"
            assert f"| `{field.name}` |" in render()
