"""Kill a real run at random moments: the warehouse stays readable and the next run repairs it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse
from tests.conftest import SEED_2020, SEED_2025

pytestmark = pytest.mark.usefixtures("prefect_backend")

MUNICIPALITIES = 30  # two seeds each: 60 documents, long enough to be killed mid-run


@pytest.fixture(scope="module")
def big_raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for index in range(MUNICIPALITIES):
        for seed, year in ((SEED_2020, "2020"), (SEED_2025, "2025")):
            folder = raw / f"gemeente-{index:02d}" / year
            folder.mkdir(parents=True)
            # Distinct bytes per copy: identical files would count as one document.
            (folder / seed.name).write_bytes(seed.read_bytes() + f"\nKopie {index}.\n".encode())
    return raw


def assert_readable(root: Path) -> None:
    for table in ("documents", "indicator_facts", "sections"):
        files = list((root / table).glob("*/*.parquet")) if (root / table).exists() else []
        if files:
            duckdb.sql(f"select count(*) from read_parquet('{root / table}/*/*.parquet', hive_partitioning=true)").fetchall()


def assert_complete(root: Path, deleted: int = 0) -> None:
    """The warehouse equals a fresh build: every seed copy once, less the `deleted` 2020
    copies, and no row of a document the manifest does not hold."""
    warehouse = Warehouse(str(root))
    documents = warehouse.read_table("documents").to_pylist()
    assert len(documents) == 2 * MUNICIPALITIES - deleted
    assert len({d["document_id"] for d in documents}) == 2 * MUNICIPALITIES - deleted
    assert [(d["source_path"], d["error"]) for d in documents if d["status"] != "ok"] == []
    assert warehouse.read_table("indicator_facts").num_rows == MUNICIPALITIES * (35 + 33) - 35 * deleted
    assert warehouse.read_table("sections").num_rows == MUNICIPALITIES * (6 + 17) - 6 * deleted
    held = {e.document_id for e in warehouse.read_manifest().entries.values()}
    for table in ("indicator_facts", "sections", "section_texts", "indicators", "financials", "extraction_issues"):
        assert set(warehouse.read_table(table)["document_id"].to_pylist()) <= held, table
    assert not [p for p in root.rglob("*") if p.name.endswith(".tmp")]
    assert not (root / "_pending.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(20))
def test_kill_midway_then_rerun_repairs(big_raw, tmp_path, attempt):
    from prefect.settings import PREFECT_API_URL

    raw = tmp_path / "raw"
    shutil.copytree(big_raw, raw)
    big_raw = raw  # files are changed and deleted between the kill and the next run
    root = tmp_path / "wh"
    # Start from a committed warehouse of half the documents, then kill a run over all of them.
    half = tmp_path / "half"
    for folder in sorted(big_raw.iterdir())[: MUNICIPALITIES // 2]:
        shutil.copytree(folder, half / folder.name)
    run_pipeline(raw_dir=str(half), warehouse_dir=str(root))
    before = Warehouse(str(root)).read_table("indicator_facts").num_rows

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--raw", str(big_raw), "--warehouse", str(root), "--runner", "thread"],
        cwd=Path(__file__).resolve().parent.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(random.Random(attempt).uniform(2.0, 9.0))
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert_readable(root)
    after_kill = Warehouse(str(root)).read_table("indicator_facts").num_rows
    assert after_kill in range(before, MUNICIPALITIES * 68 + 1)
    # Between the kill and the next run a file the killed run read is deleted and another
    # changed: rows it wrote under their old bytes must not stay behind.
    rng = random.Random(1000 + attempt)
    late = sorted(raw.iterdir())[MUNICIPALITIES // 2 :]
    gone, edited = rng.sample(late, 2)
    (gone / "2020" / SEED_2020.name).unlink()
    edited_file = edited / "2025" / SEED_2025.name
    edited_file.write_bytes(edited_file.read_bytes() + b"\nGewijzigd na de onderbreking.\n")
    run_pipeline(raw_dir=str(big_raw), warehouse_dir=str(root))
    assert_complete(root, deleted=1)


def test_rows_written_before_a_kill_in_the_write_go_when_their_file_does(big_raw, tmp_path):
    """A run killed after writing partitions and before its manifest: the next run removes what
    it wrote for a file that was deleted in between (the kill is at the one moment that
    matters, instead of a random one)."""
    from transforms.build import TABLES
    from transforms.files import process_file

    raw = tmp_path / "raw"
    shutil.copytree(big_raw, raw)
    root = tmp_path / "wh"
    half = tmp_path / "half"
    for folder in sorted(raw.iterdir())[: MUNICIPALITIES // 2]:
        shutil.copytree(folder, half / folder.name)
    run_pipeline(raw_dir=str(half), warehouse_dir=str(root))

    # What the killed run had done: its rows written, its manifest not.
    late = sorted(raw.iterdir())[MUNICIPALITIES // 2 :]
    results = [process_file(raw, f"{folder.name}/{year}/{seed.name}")
               for folder in late for seed, year in ((SEED_2020, "2020"), (SEED_2025, "2025"))]
    with Warehouse(str(root)) as warehouse:
        ids = {r.meta.document_id for r in results}
        warehouse.write_pending(ids)
        warehouse.replace_documents({name: [r.tables[name] for r in results] for name in TABLES}, ids, {})

    (late[0] / "2020" / SEED_2020.name).unlink()
    run_pipeline(raw_dir=str(raw), warehouse_dir=str(root))
    assert_complete(root, deleted=1)


@pytest.mark.slow
def test_no_process_outlives_a_killed_run(tmp_path):
    """kill -9 of `begroting run` while its temporary Prefect server and two parsing workers run:
    within seconds none of them is left."""
    import psutil

    raw = tmp_path / "raw" / "wassenaar" / "2025"
    raw.mkdir(parents=True)
    book = Path(__file__).resolve().parent.parent / "corpus" / "books" / "wassenaar_2025_begroting-geamendeerd.pdf"
    for k in range(2):
        (raw / f"boek-{k}.pdf").write_bytes(book.read_bytes() + f"\n% kopie {k}\n".encode())
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # no local server: a temporary one starts
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--raw", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "wh"),
         "--runner", "process", "--workers", "2"],
        cwd=Path(__file__).resolve().parent.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    run = psutil.Process(process.pid)
    deadline = time.monotonic() + 120
    started: list[psutil.Process] = []
    while time.monotonic() < deadline:
        started = [p for p in run.children(recursive=True) if "flows.reaper" not in " ".join(p.cmdline())]
        if sum("spawn_main" in " ".join(p.cmdline()) for p in started) >= 2 and any("uvicorn" in " ".join(p.cmdline()) for p in started):
            break
        time.sleep(0.2)
    assert any("uvicorn" in " ".join(p.cmdline()) for p in started), "the temporary server never started"
    process.send_signal(signal.SIGKILL)
    process.wait()
    _, alive = psutil.wait_procs(started, timeout=15)
    assert [" ".join(p.cmdline())[:80] for p in alive] == []
