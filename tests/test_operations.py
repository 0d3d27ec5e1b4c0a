"""Scheduled, incremental, backfill, parallel and concurrent runs of the real flow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.cli import parse_years
from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse, WarehouseBusy
from tests.conftest import fact_set
from tests.test_pipeline import rows_by_path

pytestmark = pytest.mark.usefixtures("prefect_backend")


def partition_state(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("part-0.parquet")}


def test_touching_one_file_reextracts_only_that_file(raw_copy, tmp_path):
    warehouse = str(tmp_path / "wh")
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    seed = raw_copy / "dalfsen" / "2020" / "dalfsen_2020_sociaal-domein.txt"
    os.utime(seed, ns=(time.time_ns(), time.time_ns()))  # same bytes, new mtime
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    assert summary.documents == [] and len(summary.unchanged) == 3
    seed.write_bytes(seed.read_bytes() + b"\nEen extra alinea.\n")
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    assert [d["source_path"] for d in summary.documents] == ["dalfsen/2020/dalfsen_2020_sociaal-domein.txt"]
    assert summary.changed == ["dalfsen/2020/dalfsen_2020_sociaal-domein.txt"]


def test_forced_backfill_rewrites_only_the_selected_year(raw_copy, tmp_path):
    root = tmp_path / "wh"
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(root))
    before = partition_state(root)
    time.sleep(0.01)
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(root), years=[2020], force=True)
    assert [d["source_path"] for d in summary.documents] == ["dalfsen/2020/dalfsen_2020_sociaal-domein.txt"]
    after = partition_state(root)
    assert set(before) == set(after)
    rewritten = {p for p in after if after[p][0] != before[p][0]}
    assert rewritten and all("budget_year=2020" in p for p in rewritten)
    assert all(after[p] == before[p] for p in after if "budget_year=2025" in p)
    assert Warehouse(str(root)).read_table("indicator_facts").num_rows == 35 + 33 + 33


def test_backfill_of_a_municipality_leaves_others_alone(raw_copy, tmp_path):
    other = raw_copy / "zwolle" / "2020"
    other.mkdir(parents=True)
    (other / "sociaal-domein.txt").write_bytes((raw_copy / "dalfsen/2020/dalfsen_2020_sociaal-domein.txt").read_bytes())
    root = tmp_path / "wh"
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(root), municipalities=["Zwolle"])
    assert [d["source_path"] for d in summary.documents] == ["zwolle/2020/sociaal-domein.txt"]
    municipalities = {r["municipality"] for r in Warehouse(str(root)).read_table("indicator_facts").to_pylist()}
    assert municipalities == {"Zwolle"}


def test_parse_years():
    assert parse_years("2019-2021") == [2019, 2020, 2021]
    assert parse_years("2019,2023") == [2019, 2023]
    assert parse_years(None) is None


def test_dask_runner_gives_the_same_facts(raw_copy, tmp_path):
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "default"), runner="thread")
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "dask"), runner="dask", workers=2)
    assert summary.runner == "dask"
    default = rows_by_path(Warehouse(str(tmp_path / "default")), "indicator_facts")
    dask = rows_by_path(Warehouse(str(tmp_path / "dask")), "indicator_facts")
    keys = ("document_id", "indicator_id", "measure", "area", "period", "value", "value_text", "page")
    assert {p: fact_set(r, keys) for p, r in dask.items()} == {p: fact_set(r, keys) for p, r in default.items()}


def test_process_runner_gives_the_same_facts(raw_copy, tmp_path):
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "p"), runner="process", workers=2)
    assert summary.runner == "process" and summary.rejected == []
    assert Warehouse(str(tmp_path / "p")).read_table("indicator_facts").num_rows == 35 + 33 + 33


def test_a_worker_has_imported_the_readers_before_its_first_file():
    # A worker imports while the flow sets its tasks up, not on the clock of its first file.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tests.isolated import imports_of_first_file
    from transforms.files import prepare_worker

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=prepare_worker) as pool:
        imported = pool.submit(imports_of_first_file, str(corpus), "books/wassenaar_2025_begroting-geamendeerd.pdf").result()
    assert not {"pyarrow", "pandas", "pypdfium2", "pdfminer"} & set(imported), imported


def test_the_extract_subflow_beats_no_heartbeat_of_its_own():
    # Its parent run beats for both; a flow waits for its heartbeat thread's second to end.
    from prefect.settings import get_current_settings

    from flows.pipeline import _one_heartbeat

    assert get_current_settings().flows.heartbeat_frequency
    with _one_heartbeat():
        assert get_current_settings().flows.heartbeat_frequency is None


def test_second_run_on_a_busy_warehouse_is_refused(raw_copy, tmp_path):
    holder = Warehouse(str(tmp_path / "wh"))
    holder.lock()
    try:
        with pytest.raises(WarehouseBusy, match="being written by pid"):
            run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"))
    finally:
        holder.unlock()
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"))
    assert len(summary.new) == 3


def test_runs_history_and_report(raw_copy, tmp_path):
    root = str(tmp_path / "wh")
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=root)
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=root)
    runs = Warehouse(root).read_runs().to_pylist()
    assert [(r["documents_new"], r["documents_unchanged"]) for r in runs] == [(3, 0), (0, 3)]
    assert runs[0]["indicator_facts_written"] == 101
    assert json.loads(runs[0]["rows_written"])["indicator_facts"] == {"2020": 35, "2025": 66}
    assert json.loads(runs[0]["issues_by_code"])["document-type-assumed"] == 2
    assert runs[1]["indicator_facts_written"] == 0


def _cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def test_cli_run_exit_status_and_summary(raw_copy, tmp_path):
    from prefect.settings import PREFECT_API_URL

    env = {"PREFECT_API_URL": PREFECT_API_URL.value()}
    process = _cli("run", "--raw", str(raw_copy), "--warehouse", str(tmp_path / "wh"), env=env)
    out, _ = process.communicate(timeout=300)
    assert process.returncode == 0, out
    assert "3 new, 0 changed, 0 unchanged, 0 removed, 0 rejected" in out
    (raw_copy / "dalfsen" / "2020" / "kapot.txt").write_bytes(b"")
    process = _cli("run", "--raw", str(raw_copy), "--warehouse", str(tmp_path / "wh"), env=env)
    out, _ = process.communicate(timeout=300)
    assert process.returncode == 1, out
    assert "1 rejected" in out and "file is empty" in out


def test_serve_registers_the_nightly_deployment(raw_copy, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    env = {"PREFECT_API_URL": PREFECT_API_URL.value()}
    process = _cli("serve", "--raw", str(raw_copy), "--warehouse", str(tmp_path / "wh"), env=env)
    try:
        deployment = None
        deadline = time.monotonic() + 120
        with get_client(sync_client=True) as client:
            while deployment is None and time.monotonic() < deadline and process.poll() is None:
                try:
                    deployment = client.read_deployment_by_name("begroting-pipeline/nightly")
                except Exception:
                    time.sleep(1)
        assert deployment is not None, process.stdout.read() if process.poll() is not None else "not registered"
        schedule = deployment.schedules[0].schedule
        assert schedule.cron == "0 2 * * *"
        assert schedule.timezone == "Europe/Amsterdam"
        assert deployment.parameters["raw_dir"] == str(raw_copy.resolve())
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_prefect_deploy_registers_both_deployments_with_the_work_pool():
    # The documented work-pool path, as a team runs it: `prefect deploy --all` from prefect.yaml.
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.settings import PREFECT_API_URL

    root = Path(__file__).resolve().parent.parent
    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name="begroting", type="process"))
        except Exception:
            pass  # created by an earlier test of this session
    result = subprocess.run(
        [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"],
        cwd=root, env={**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "BEGROTING_HOME": str(root)},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    with get_client(sync_client=True) as client:
        for name in ("nightly", "backfill"):
            deployment = client.read_deployment_by_name(f"begroting-pipeline/{name}")
            assert deployment.work_pool_name == "begroting"
        # what `prefect deploy` asks before it finishes: the pool's online workers
        assert client.read_workers_for_work_pool("begroting") == []


def test_prefect_yaml_deployments_match_the_flow():
    import inspect

    import yaml

    from prefect.schedules import validate_cron_string

    spec = yaml.safe_load((Path(__file__).resolve().parent.parent / "prefect.yaml").read_text())
    parameters = set(inspect.signature(run_pipeline.fn).parameters)
    names = set()
    for deployment in spec["deployments"]:
        module, function = deployment["entrypoint"].split(":")
        assert module == "flows/pipeline.py" and function == "run_pipeline"
        assert set(deployment["parameters"]) <= parameters
        for schedule in deployment.get("schedules", []):
            validate_cron_string(schedule["cron"])
        names.add(deployment["name"])
    assert names == {"nightly", "backfill"}


@pytest.fixture
def s3_warehouse(monkeypatch):
    """A real S3 API on loopback (moto's server), reached through pyarrow's S3 filesystem."""
    import socket

    import boto3
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}").create_bucket(Bucket="analytics")
    yield f"s3://analytics/begroting?endpoint_override=127.0.0.1:{port}&scheme=http&region=us-east-1"
    server.stop()


def test_object_store_warehouse_works_like_a_folder(raw_copy, s3_warehouse):
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=s3_warehouse)
    assert summary.rejected == []
    warehouse = Warehouse(s3_warehouse)
    assert not warehouse.local
    assert warehouse.read_table("indicator_facts").num_rows == 35 + 33 + 33
    assert len(warehouse.read_manifest().entries) == 3
    again = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=s3_warehouse)
    assert again.documents == [] and len(again.unchanged) == 3


# -- a document is its bytes and its place ----------------------------------------------------


def test_the_same_bytes_under_a_second_path_are_loaded_once_and_kept_while_one_path_is_left(raw_copy, tmp_path):
    warehouse = str(tmp_path / "wh")
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    facts = Warehouse(warehouse).read_table("indicator_facts").num_rows
    original = raw_copy / "dalfsen" / "2025" / "dalfsen_2025_sociaal-domein.txt"
    copy = raw_copy / "dalfsen" / "2024" / "kopie.txt"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    assert [(d["source_path"], d["status"]) for d in summary.documents] == [("dalfsen/2024/kopie.txt", "duplicate")]
    assert "dalfsen/2025/dalfsen_2025_sociaal-domein.txt" in summary.documents[0]["error"]
    assert Warehouse(warehouse).read_table("indicator_facts").num_rows == facts  # not counted twice
    # The path that held the bytes goes: the copy is loaded in its place, under its own path.
    original.unlink()
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    assert summary.changed == ["dalfsen/2024/kopie.txt"] and summary.removed == [original.relative_to(raw_copy).as_posix()]
    store = Warehouse(warehouse)
    assert store.read_table("indicator_facts").num_rows == facts
    assert "dalfsen/2024/kopie.txt" in rows_by_path(store, "indicator_facts")
    copy.unlink()
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    assert Warehouse(warehouse).read_table("indicator_facts").num_rows == facts - 33


def test_empty_files_are_each_accounted_for(raw_copy, tmp_path):
    folder = raw_copy / "voorbeeld" / "2024"
    folder.mkdir(parents=True)
    for name in ("leeg.txt", "leeg.html", "leeg.pdf"):
        (folder / name).write_bytes(b"")
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"))
    rejected = {d["source_path"]: d["error"] for d in summary.documents if d["status"] == "rejected"}
    assert set(rejected) == {f"voorbeeld/2024/{n}" for n in ("leeg.txt", "leeg.html", "leeg.pdf")}
    documents = Warehouse(str(tmp_path / "wh")).read_table("documents").to_pylist()
    assert {d["source_path"] for d in documents if d["status"] == "rejected"} == set(rejected)


def test_a_file_name_that_is_not_utf8_is_rejected_and_the_run_goes_on(raw_copy, tmp_path):
    folder = raw_copy / "dalfsen" / "2020"
    name = os.fsdecode(b"begroting-caf\xe9.txt")  # Latin-1 bytes, as a Windows share may hand them over
    (folder / name).write_bytes((folder / "dalfsen_2020_sociaal-domein.txt").read_bytes() + b"\n")
    warehouse = str(tmp_path / "wh")
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    statuses = {d["source_path"]: (d["status"], d["error"]) for d in summary.documents}
    status, error = statuses["dalfsen/2020/begroting-caf\\xe9.txt"]
    assert status == "rejected" and "not valid UTF-8" in error and "rename" in error
    assert sum(1 for s, _ in statuses.values() if s == "ok") == 3
    issues = Warehouse(warehouse).read_table("extraction_issues").to_pylist()
    assert any(i["code"] == "bad-file-name" for i in issues)
    # Unchanged on the next run: recorded once, not retried.
    again = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=warehouse)
    assert again.documents == [] and len(again.unchanged) == 4


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_a_file_the_run_may_not_read_is_rejected_and_the_run_goes_on(raw_copy, tmp_path):
    locked = raw_copy / "dalfsen" / "2020" / "geheim.txt"
    locked.write_text("Wat willen we bereiken?\n", encoding="utf-8")
    locked.chmod(0)
    try:
        summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"))
    finally:
        locked.chmod(0o644)
    statuses = {d["source_path"]: d["status"] for d in summary.documents}
    assert statuses["dalfsen/2020/geheim.txt"] == "rejected" and list(statuses.values()).count("ok") == 3


def test_a_warehouse_of_another_schema_version_is_refused_until_rebuilt(raw_copy, tmp_path):
    from flows.warehouse import SchemaMismatch
    from transforms.schema import SCHEMA_VERSION

    warehouse = tmp_path / "wh"
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse))
    manifest = json.loads((warehouse / "_manifest.json").read_text())
    manifest["schema_version"] = SCHEMA_VERSION - 1  # as an older release left it
    (warehouse / "_manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SchemaMismatch, match="--rebuild"):
        run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse))
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse), rebuild=True)
    assert len(summary.new) == 3 and not summary.unchanged
    assert json.loads((warehouse / "_manifest.json").read_text())["schema_version"] == SCHEMA_VERSION
    assert Warehouse(str(warehouse)).read_table("indicator_facts").num_rows == 35 + 33 + 33


def test_a_worker_killed_mid_run_costs_no_document(raw_copy, tmp_path):
    # As the kernel's out-of-memory killer would: one pool worker dies while it reads a book.
    import shutil
    import signal
    import threading

    import psutil

    book = Path(__file__).resolve().parent.parent / "corpus" / "books" / "wassenaar_2025_begroting-geamendeerd.pdf"
    (raw_copy / "wassenaar" / "2025").mkdir(parents=True)
    shutil.copyfile(book, raw_copy / "wassenaar" / "2025" / book.name)
    killed: list[int] = []

    def kill_one_worker():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            workers = [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())]
            if workers:
                time.sleep(2.0)  # the workers are reading by now
                workers[0].send_signal(signal.SIGKILL)
                killed.append(workers[0].pid)
            time.sleep(0.1)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    summary = run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"), runner="process", workers=2)
    killer.join()
    assert killed, "no worker was running to kill"
    assert [(d["source_path"], d["status"]) for d in summary.documents if d["status"] != "ok"] == []
    assert len(summary.documents) == 4


def test_a_document_over_the_memory_ceiling_is_rejected_and_the_run_goes_on(raw_copy, tmp_path):
    # A large file goes to a worker process even in a small run: there a ceiling can hold.
    folder = raw_copy / "dalfsen" / "2021"
    folder.mkdir()
    paragraph = "<p>Wat willen we bereiken? Een gezonde gemeente, " + "met veel woorden " * 40 + "</p>\n"
    (folder / "groot.html").write_text(f"<html><body><h1>Sociaal domein</h1>{paragraph * 15_000}</body></html>")
    assert (folder / "groot.html").stat().st_size > 8 << 20
    summary = run_pipeline(
        raw_dir=str(raw_copy), warehouse_dir=str(tmp_path / "wh"), limits={"max_memory_bytes": 10 << 20}
    )
    assert summary.runner == "process"
    rejected = {d["source_path"]: d for d in summary.documents if d["status"] != "ok"}
    assert list(rejected) == ["dalfsen/2021/groot.html"]
    assert "--max-memory-mb" in rejected["dalfsen/2021/groot.html"]["error"]
    assert Warehouse(str(tmp_path / "wh")).read_table("indicator_facts").num_rows == 35 + 33 + 33
    issues = Warehouse(str(tmp_path / "wh")).read_table("extraction_issues").to_pylist()
    assert [i["code"] for i in issues if i["source_path"] == "dalfsen/2021/groot.html"][-1] == "out-of-memory"
