"""A table that breaks its contract is never written; the document is rejected with the reason."""

import pyarrow as pa
import pytest

from extractors.text import extract_text
from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse
from transforms.build import document_tables
from transforms.contracts import violations
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
           "area": "A", "period": 2024, "value_text": "1", "table_index": 1, "row_index": 1}
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


def test_document_breaking_a_contract_is_rejected(tmp_path):
    path = tmp_path / "dubbel.txt"
    path.write_text(DUPLICATE_YEAR, encoding="utf-8")
    document = extract_text(path)
    meta = resolve(PathInfo.parse("gemeente-x/2024/dubbel.txt"), document, document_id="d", size=1, format="text")
    result = document_tables(document, meta)
    assert result.status == "rejected"
    assert result.tables["indicator_facts"].num_rows == 0
    codes = result.tables["extraction_issues"]["code"].to_pylist()
    assert "contract-violation" in codes


@pytest.mark.usefixtures("prefect_backend")
def test_flow_writes_no_rows_of_a_violating_document(raw_copy, tmp_path):
    (raw_copy / "zwolle" / "2024").mkdir(parents=True)
    (raw_copy / "zwolle" / "2024" / "dubbel.txt").write_text(DUPLICATE_YEAR, encoding="utf-8")
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"))
    assert summary.rejected == ["zwolle/2024/dubbel.txt"]
    warehouse = Warehouse(str(tmp_path / "wh"))
    assert {r["municipality"] for r in warehouse.read_table("indicator_facts").to_pylist()} == {"Dalfsen"}
    errors = [d["error"] for d in warehouse.read_table("documents").to_pylist() if d["status"] == "rejected"]
    assert errors and errors[0].startswith("contract-violation: indicator_facts: 1 duplicate key")
