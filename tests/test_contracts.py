"""Rows that break a table's contract are never written; the rest of the document is, with the
reason recorded. Two columns for one year are no violation: both are kept."""

import pyarrow as pa
import pytest

from extractors.text import extract_text
from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse
from transforms.build import document_tables
from transforms.contracts import enforce, violations
from transforms.identity import PathInfo, resolve
from transforms.schema import SCHEMAS, table_from_rows

DUPLICATE_YEAR = """Sociaal Domein
7.1 Jeugdzorg
Hoe meten we dat?
Indicator | Bron | Nulmeting | 2024 | 2024 |
Aantal jongeren met jeugdhulp | CBS | 300 | 280 | 270 |
"""


def fact(**overrides):
    row = {"document_id": "d", "budget_year": 2024, "indicator_id": "x", "indicator": "X", "measure": "target",
           "area": "A", "period": 2024, "value_text": "1", "table_index": 1, "row_index": 1,
           "column_index": 3, "column_label": "2024", "publication_id": "p", "canonical": True}
    return {**row, **overrides}


def test_clean_facts_keep_the_contract():
    assert violations("indicator_facts", table_from_rows("indicator_facts", [fact()])) == []


@pytest.mark.parametrize("rows, message", [
    ([fact(measure="prognose")], "indicator_facts.measure: values outside"),
    ([fact(comparator="~")], "indicator_facts.comparator: values outside"),
    ([fact(), fact()], "duplicate key"),
])
def test_violations_are_named(rows, message):
    problems = violations("indicator_facts", table_from_rows("indicator_facts", rows))
    assert any(message in p for p in problems), problems


def test_required_columns_and_types():
    clean = table_from_rows("indicator_facts", [fact()])
    table = clean.set_column(clean.schema.get_field_index("indicator"), "indicator", pa.array([None], pa.string()))
    assert "indicator_facts.indicator: 1 null value(s) in a required column" in violations("indicator_facts", table)
    period = clean.schema.get_field_index("period")
    wrong_type = clean.cast(SCHEMAS["indicator_facts"].set(period, pa.field("period", pa.string())))
    assert violations("indicator_facts", wrong_type) == ["indicator_facts: columns or types differ from the declared schema"]


def test_enforce_drops_only_the_rows_that_break_it():
    table = table_from_rows("indicator_facts", [fact(), fact(), fact(row_index=2), fact(row_index=3, measure="prognose")])
    kept, problems = enforce("indicator_facts", table)
    assert kept.num_rows == 2
    assert any("duplicate key" in p for p in problems) and any("measure" in p for p in problems)


def test_two_columns_for_one_year_are_both_kept(tmp_path):
    path = tmp_path / "dubbel.txt"
    path.write_text(DUPLICATE_YEAR, encoding="utf-8")
    document = extract_text(path)
    meta = resolve(PathInfo.parse("gemeente-x/2024/dubbel.txt"), document, document_id="d", size=1, format="text")
    result = document_tables(document, meta)
    assert result.status == "ok"
    facts = result.tables["indicator_facts"].to_pylist()
    assert sorted((f["measure"], f["period"], f["value"], f["column_index"]) for f in facts) == [
        ("baseline", None, 300.0, 2), ("target", 2024, 270.0, 4), ("target", 2024, 280.0, 3),
    ]
    codes = result.tables["extraction_issues"]["code"].to_pylist()
    assert "duplicate-column" in codes and "contract-violation" not in codes


@pytest.mark.usefixtures("prefect_backend")
def test_flow_writes_a_document_with_two_columns_for_one_year(raw_copy, tmp_path):
    (raw_copy / "zwolle" / "2024").mkdir(parents=True)
    (raw_copy / "zwolle" / "2024" / "dubbel.txt").write_text(DUPLICATE_YEAR, encoding="utf-8")
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"))
    assert summary.rejected == []
    warehouse = Warehouse(str(tmp_path / "wh"))
    zwolle = [r for r in warehouse.read_table("indicator_facts").to_pylist() if r["municipality"] == "Zwolle"]
    assert len(zwolle) == 3
