"""The flow end to end, run for real on an ephemeral Prefect backend, into a temp warehouse."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse
from tests.conftest import FACT_KEYS, fact_set, gold, normalise
from tests.test_text import TEXTS_2020, TEXTS_2025

pytestmark = pytest.mark.usefixtures("prefect_backend")

SEEDS = {
    "dalfsen/2020/dalfsen_2020_sociaal-domein.txt": "dalfsen_2020_sociaal-domein",
    "dalfsen/2025/dalfsen_2025_sociaal-domein.txt": "dalfsen_2025_sociaal-domein",
    "dalfsen/2025/dalfsen_2025_sociaal-domein.html": "dalfsen_2025_sociaal-domein",
}


def rows_by_path(warehouse: Warehouse, table: str) -> dict[str, list[dict]]:
    paths = {d["document_id"]: d["source_path"] for d in warehouse.read_table("documents").to_pylist()}
    out: dict[str, list[dict]] = {}
    for row in warehouse.read_table(table).to_pylist():
        out.setdefault(paths[row["document_id"]], []).append(row)
    return out


def partition_digests(root: Path, table: str) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / table).rglob("*.parquet"))
    }


@pytest.fixture
def warehouse_dir(tmp_path) -> Path:
    return tmp_path / "warehouse"


def test_run_reproduces_gold_for_every_seed(raw_copy, warehouse_dir):
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    assert summary.rejected == []
    warehouse = Warehouse(str(warehouse_dir))
    facts = rows_by_path(warehouse, "indicator_facts")
    for path, name in SEEDS.items():
        expected = gold(name)
        assert fact_set(facts[path]) == fact_set(expected["facts"]), path
        assert {r["budget_year"] for r in facts[path]} == {expected["budget_year"]}
        assert {r["municipality"] for r in facts[path]} == {expected["municipality"]}
        assert {r["programme"] for r in facts[path]} == {expected["programme"]}
    assert sum(len(facts[p]) for p in SEEDS if p.endswith(".txt")) == 68
    # The HTML rendition yields exactly the facts of the 2025 text seed, positions aside.
    html = "dalfsen/2025/dalfsen_2025_sociaal-domein.html"
    text = "dalfsen/2025/dalfsen_2025_sociaal-domein.txt"
    assert fact_set(facts[html]) == fact_set(facts[text])

    sections = rows_by_path(warehouse, "sections")
    for path, name in SEEDS.items():
        ordered = sorted(sections[path], key=lambda r: r["position"])
        assert [[r["section_number"], r["section"]] for r in ordered] == gold(name)["sections"]

    indicators = rows_by_path(warehouse, "indicators")
    keys = ("section", "indicator", "source", "unit", "footnote")
    for path, name in SEEDS.items():
        assert fact_set(indicators[path], keys) == fact_set(gold(name)["indicators"], keys)
    assert len({r["indicator_id"] for r in indicators[text]}) == 8


@pytest.mark.parametrize("path, expected", [
    ("dalfsen/2020/dalfsen_2020_sociaal-domein.txt", TEXTS_2020),
    ("dalfsen/2025/dalfsen_2025_sociaal-domein.txt", TEXTS_2025),
    ("dalfsen/2025/dalfsen_2025_sociaal-domein.html", TEXTS_2025),
])
def test_section_texts_hold_every_goal_activity_and_measure(raw_copy, warehouse_dir, path, expected):
    for other in SEEDS:
        if other != path:
            (raw_copy / other).unlink()
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    texts = rows_by_path(Warehouse(str(warehouse_dir)), "section_texts")[path]
    counts: dict = {}
    for (section, question), n in Counter((r["section"], r["question"]) for r in texts).items():
        counts.setdefault(section, {})[question] = n
    assert counts == expected
    assert sorted(r["position"] for r in texts) == list(range(1, len(texts) + 1))


def test_rerun_is_idempotent_and_byte_identical(raw_copy, warehouse_dir):
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    first = partition_digests(warehouse_dir, "indicator_facts")
    again = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    assert again.documents == [] and len(again.unchanged) == 3  # nothing re-extracted
    forced = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir), force=True)
    assert len(forced.documents) == 3
    assert partition_digests(warehouse_dir, "indicator_facts") == first
    facts = Warehouse(str(warehouse_dir)).read_table("indicator_facts")
    assert facts.num_rows == 35 + 33 + 33  # replaced, never appended


def test_duckdb_reads_the_warehouse_as_one_dataset(raw_copy, warehouse_dir):
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    glob = str(warehouse_dir / "indicator_facts" / "**" / "*.parquet")
    rows = duckdb.sql(
        f"""
        select budget_year, measure, count(*) as facts, round(avg(value), 2) as mean
        from read_parquet('{glob}', hive_partitioning = true)
        where area = 'Dalfsen'
        group by all order by all
        """
    ).fetchall()
    assert rows[0][:3] == (2020, "baseline", 7)  # Doel 2-5, Ervaren gezondheid, two WMO rows
    assert {(year, measure) for year, measure, *_ in rows} == {
        (2020, "baseline"), (2020, "target"), (2025, "actual"), (2025, "baseline"), (2025, "target")
    }
    bewindvoering = duckdb.sql(
        f"""select period, value from read_parquet('{glob}', hive_partitioning = true)
            where indicator_id = 'aantal-huishoudens-met-bewindvoering' and measure = 'target'
            group by all order by period"""
    ).fetchall()
    assert bewindvoering == [(2023, 100.0), (2024, 95.0), (2025, 90.0), (2026, 85.0), (2027, 85.0)]


def test_bad_files_are_recorded_and_the_seeds_still_load(raw_copy, warehouse_dir):
    (raw_copy / "dalfsen" / "2021").mkdir()
    (raw_copy / "dalfsen" / "2021" / "scan.txt").write_bytes(os.urandom(4096))
    (raw_copy / "dalfsen" / "2021" / "leeg.txt").write_bytes(b"")
    (raw_copy / "recepten").mkdir()
    (raw_copy / "recepten" / "appeltaart.txt").write_text(
        "Appeltaart\nSnijd de appels in partjes en meng ze met kaneel en suiker.\n"
        "Bak de taart in een voorverwarmde oven van 180 graden.\n",
        encoding="utf-8",
    )
    (raw_copy / "dalfsen" / "2021" / "weg.txt").symlink_to(raw_copy / "bestaat-niet.txt")
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    status = {d["source_path"]: (d["status"], d["error"]) for d in summary.documents}
    assert status["dalfsen/2021/scan.txt"][0] == "rejected"
    assert "binary" in status["dalfsen/2021/scan.txt"][1]
    assert status["dalfsen/2021/leeg.txt"] == ("rejected", "empty: file is empty")
    assert status["recepten/appeltaart.txt"][0] == "rejected"
    assert status["recepten/appeltaart.txt"][1].startswith("not-a-budget-document: no sections")
    assert status["dalfsen/2021/weg.txt"][0] == "rejected"

    warehouse = Warehouse(str(warehouse_dir))
    documents = {d["source_path"]: d for d in warehouse.read_table("documents").to_pylist()}
    assert set(documents) == set(status)  # every raw file accounted for
    issues = Counter((i["source_path"], i["code"]) for i in warehouse.read_table("extraction_issues").to_pylist())
    assert issues[("dalfsen/2021/scan.txt", "not-text")] == 1
    assert issues[("recepten/appeltaart.txt", "not-a-budget-document")] == 1
    facts = rows_by_path(warehouse, "indicator_facts")
    assert len(facts["dalfsen/2020/dalfsen_2020_sociaal-domein.txt"]) == 35
    assert "recepten/appeltaart.txt" not in facts


def test_changed_and_deleted_files(raw_copy, warehouse_dir):
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    seed = raw_copy / "dalfsen" / "2020" / "dalfsen_2020_sociaal-domein.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("| 125 |", "| 126 |"), encoding="utf-8")
    (raw_copy / "dalfsen" / "2025" / "dalfsen_2025_sociaal-domein.html").unlink()
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse_dir))
    assert summary.changed == ["dalfsen/2020/dalfsen_2020_sociaal-domein.txt"]
    assert summary.removed == ["dalfsen/2025/dalfsen_2025_sociaal-domein.html"]
    warehouse = Warehouse(str(warehouse_dir))
    facts = rows_by_path(warehouse, "indicator_facts")
    assert set(facts) == {"dalfsen/2020/dalfsen_2020_sociaal-domein.txt", "dalfsen/2025/dalfsen_2025_sociaal-domein.txt"}
    baseline = [r for r in facts["dalfsen/2020/dalfsen_2020_sociaal-domein.txt"]
                if r["indicator"].startswith("Doel 2") and r["measure"] == "baseline"]
    assert [r["value"] for r in baseline] == [126.0]
    assert warehouse.read_table("indicator_facts").num_rows == 35 + 33


def test_a_year_folder_past_any_budget_is_no_budget_year():
    from transforms.identity import PathInfo

    assert PathInfo.parse("dalfsen/2025/begroting.pdf").budget_year == 2025
    assert PathInfo.parse("dalfsen/2099/begroting.pdf").budget_year is None  # the content decides
