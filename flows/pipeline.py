"""The Prefect flow: discover raw files, extract the changed ones in parallel, commit the warehouse.

The flow only orchestrates. Parsing lives in `extractors`, table building in `transforms`,
partition and manifest handling in `flows.warehouse`.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from collections import Counter
from datetime import datetime, timezone

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import as_completed
from prefect.states import Completed
from prefect.settings import temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner

from extractors import Limits, format_of
from core.issues import Issue
from flows import progress, report
from flows.plan import Plan, RawFile, discover, make_plan
from flows.warehouse import ManifestEntry, Warehouse
from transforms.build import PIPELINE_VERSION, TABLES, DocumentTables, with_issue
from flows.workers import WorkerPool
from transforms.files import TRANSIENT_ERRORS, process_file, reject_name
from transforms.publications import canonical_documents

RUNNERS = ("auto", "process", "thread", "dask")
# Below this many text/HTML files, starting worker processes costs more than it saves.
PROCESS_POOL_THRESHOLD = 50


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except TRANSIENT_ERRORS:
        return True
    except Exception:
        return False
    return False


# Prefect's own ProcessPoolTaskRunner starts a task engine per task in the child, which cost
# ~0.25 s per document here (5.7x slower than serial on 1,000 small documents); so tasks run on
# threads and hand the parsing to this pool.
_process_pool: WorkerPool | None = None


@contextmanager
def process_pool(workers: int | None):
    global _process_pool
    pool = WorkerPool(workers)
    _process_pool = pool
    try:
        yield pool
    finally:
        _process_pool = None
        pool.shutdown()


def _one_heartbeat():
    """No heartbeat of its own for a subflow: the run around it beats for both. A flow's
    heartbeat thread sleeps in whole seconds, and the flow waits for it when it ends: up to a
    second more for every run, however short."""
    return temporary_settings(updates={"flows.heartbeat_frequency": None})


@task(
    name="extract-documents",
    task_run_name="extract {label}",
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=_retry_transient,
    cache_policy=NO_CACHE,
)
def extract_batch(raw_dir: str, paths: list[str], label: str, limits: Limits = Limits()) -> list[DocumentTables]:
    """Extract a batch of documents (a single one in small runs)."""
    if _process_pool is not None:
        return _process_pool.extract(raw_dir, paths, limits)
    return [process_file(raw_dir, p, limits) for p in paths]


# Each task costs the flow process ~25 ms of Prefect bookkeeping, as much as parsing a small
# text document; large runs therefore group documents so bookkeeping does not become the
# bottleneck, while a batch never grows past a few MB so PDF books still spread over workers.
BATCH_DOCUMENTS = 40
BATCH_BYTES = 8 << 20


def batches(files: list[RawFile], workers: int) -> list[list[str]]:
    """One file per task for small runs; for large ones, groups that keep every worker busy."""
    per_batch = max(1, min(BATCH_DOCUMENTS, len(files) // (4 * workers)))
    groups: list[list[str]] = []
    current: list[str] = []
    size = 0
    for raw in files:
        if current and (len(current) >= per_batch or size + raw.size > BATCH_BYTES):
            groups.append(current)
            current, size = [], 0
        current.append(raw.relative_path)
        size += raw.size
    if current:
        groups.append(current)
    return groups


# A text or HTML file this large is no budget page; it is read in a worker process, where the
# memory ceiling and the time limit hold even inside C code.
LARGE_FILE_BYTES = 8 << 20


def choose_runner(runner: str, files: list[RawFile]) -> str:
    """`auto`: processes for PDFs (CPU-bound parsing), large files and large batches, threads
    otherwise."""
    if runner != "auto":
        return runner
    if any(f.size >= LARGE_FILE_BYTES for f in files):
        return "process"
    if len(files) < 2:
        return "thread"
    if len(files) >= PROCESS_POOL_THRESHOLD or any(format_of(f.relative_path) == "pdf" for f in files):
        return "process"
    return "thread"


def make_task_runner(runner: str, workers: int | None = None, dask_address: str | None = None):
    if runner == "thread":
        return ThreadPoolTaskRunner(max_workers=workers)
    if runner == "process":
        # Threads only wait on the process pool; a few per worker keep it fed.
        return ThreadPoolTaskRunner(max_workers=2 * (workers or os.cpu_count() or 1))
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers or os.cpu_count(), "threads_per_worker": 1, "processes": True}
        )
    raise ValueError(f"unknown runner {runner!r}; choose one of {RUNNERS}")


@flow(name="extract-documents")
def extract_documents(raw_dir: str, groups: list[list[str]], limits: Limits = Limits()) -> list[DocumentTables]:
    """Extract every group with the flow's task runner; results come back in path order."""
    futures = {
        extract_batch.submit(
            raw_dir, group, group[0] if len(group) == 1 else f"{group[0]} and {len(group) - 1} more", limits
        ): i
        for i, group in enumerate(groups)
    }
    results: dict[int, list[DocumentTables]] = {}
    for future in as_completed(list(futures)):
        results[futures[future]] = future.result()
        for result in results[futures[future]]:
            progress.report(result.meta.source_path, result)
    return [result for i in range(len(groups)) for result in results[i]]


@dataclass
class RunSummary:
    raw_dir: str
    warehouse: str
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)  # one summary row per processed file
    rows_written: dict[str, dict[int | None, int]] = field(default_factory=dict)  # table -> year -> rows
    issues_by_code: dict[str, int] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    selection: dict = field(default_factory=dict)
    runner: str = "thread"

    @property
    def rejected(self) -> list[str]:
        return [d["source_path"] for d in self.documents if d["status"] == "rejected"]


def _summary_row(result: DocumentTables, holder: str | None = None) -> dict:
    """One processed file for the summary; `holder`: the path whose copy of its bytes the
    warehouse holds, when it was not loaded again."""
    return {
        "source_path": result.meta.source_path,
        "status": "duplicate" if holder else result.status,
        "municipality": result.meta.municipality,
        "budget_year": result.meta.budget_year,
        "sections": result.count("sections"),
        "indicators": result.count("indicators"),
        "facts": result.count("indicator_facts"),
        "financials": result.count("financials"),
        "issues": result.count("extraction_issues"),
        "error": f"the same bytes as {holder}; loaded once" if holder else result.tables["documents"]["error"][0].as_py(),
    }


def _drop_duplicates(results: list[DocumentTables], held: dict[str, str]) -> tuple[list[DocumentTables], dict[str, str]]:
    """Identical bytes under two paths are one document, loaded once: the second path of this
    run is noted on the first; a path whose bytes the warehouse already holds under another
    path (`held`: document id -> path) is not loaded again. Returns what to load, and the
    paths not loaded with the path that holds their bytes."""
    first: dict[str, int] = {}
    kept: list[DocumentTables] = []
    duplicates: dict[str, str] = {}
    for result in results:
        doc_id = result.meta.document_id
        if doc_id in held:
            duplicates[result.meta.source_path] = held[doc_id]
            continue
        if doc_id in first:
            index = first[doc_id]
            kept[index] = with_issue(
                kept[index],
                Issue("warning", "duplicate-file", f"{result.meta.source_path} holds the same bytes; loaded once"),
            )
            continue
        first[doc_id] = len(kept)
        kept.append(result)
    return kept, duplicates


def commit(
    warehouse: Warehouse, plan: Plan, results: list[DocumentTables], raw_files: dict[str, RawFile]
) -> dict[str, dict[int | None, int]]:
    """Write the results and the manifest; rows of changed and removed files are replaced."""
    manifest = warehouse.read_manifest()
    old_entries = [manifest.entries[p] for p in plan.changed if p in manifest.entries] + plan.removed
    processed_paths = {r.meta.source_path for r in results} | {e.source_path for e in plan.removed}
    untouched = {p: e for p, e in manifest.entries.items() if p not in processed_paths}
    still_used = {e.document_id for e in untouched.values()}
    held = {e.document_id: p for p, e in untouched.items() if e.status != "rejected"}
    unique, duplicates = _drop_duplicates(results, held)
    replaced = {r.meta.document_id for r in unique} | ({e.document_id for e in old_entries} - still_used)
    touched_years = {name: {e.budget_year for e in old_entries} for name in TABLES}
    new_tables = {name: [r.tables[name] for r in unique] for name in TABLES}
    warehouse.write_pending({r.meta.document_id for r in unique})
    written = warehouse.replace_documents(new_tables, replaced, touched_years)
    # Another format of a publication came or went: which of its files counts may change.
    warehouse.set_canonical(canonical_documents(warehouse.read_table("documents")))

    for entry in plan.removed:
        manifest.entries.pop(entry.source_path, None)
    manifest.entries.update(plan.touched_only)
    for result in results:
        raw = raw_files[result.meta.source_path]
        manifest.entries[raw.relative_path] = ManifestEntry(
            source_path=raw.relative_path,
            size=raw.size,
            mtime_ns=raw.mtime_ns,
            sha256=result.meta.document_id,
            document_id=result.meta.document_id,
            budget_year=result.meta.budget_year,
            status="duplicate" if result.meta.source_path in duplicates else result.status,
            pipeline_version=PIPELINE_VERSION,
        )
    manifest.pipeline_version = PIPELINE_VERSION
    warehouse.write_manifest(manifest)
    warehouse.clear_pending()
    return written, duplicates


@flow(name="begroting-pipeline")
def run_pipeline(
    raw_dir: str = "raw",
    warehouse_dir: str = "warehouse",
    years: list[int] | None = None,
    municipalities: list[str] | None = None,
    force: bool = False,
    runner: str = "auto",
    workers: int | None = None,
    dask_address: str | None = None,
    limits: dict | None = None,
    rebuild: bool = False,
) -> RunSummary:
    """Bring the warehouse up to date with the raw folder (or the selected years/municipalities).

    A backfill is the same flow with `years`/`municipalities` set (and `force` to re-extract
    files that did not change); it rewrites only the partitions of the files it selects.
    `limits` overrides fields of `extractors.limits.Limits` (file size, pages, time per document).
    A warehouse written with another schema version is refused, unless `rebuild` empties it
    first (every file is then extracted again).
    """
    document_limits = Limits.from_options(**(limits or {}))
    logger = get_run_logger()
    started_at = datetime.now(timezone.utc)
    selection = {k: v for k, v in {"years": years, "municipalities": municipalities, "force": force}.items() if v}
    summary = RunSummary(raw_dir=str(raw_dir), warehouse=str(warehouse_dir), selection=selection)
    started = time.perf_counter()
    with Warehouse(str(warehouse_dir)) as warehouse:
        if rebuild:
            warehouse.clear()
        warehouse.check_schema()
        if swept := warehouse.sweep_pending():
            logger.warning("removed the rows of %d documents a killed run wrote but never committed", len(swept))
        files = discover(raw_dir)
        plan = make_plan(
            raw_dir,
            files,
            warehouse.read_manifest(),
            pipeline_version=PIPELINE_VERSION,
            years=set(years) if years else None,
            municipalities=set(municipalities) if municipalities else None,
            force=force,
        )
        summary.new, summary.changed, summary.unchanged = plan.new, plan.changed, plan.unchanged
        summary.removed = [e.source_path for e in plan.removed]
        summary.durations["plan"] = time.perf_counter() - started
        logger.info("documents: %s", report.counts_line(summary))
        progress.start(len(plan.to_process))
        # A name that is no UTF-8 cannot travel as a task parameter: recorded here, not read.
        results: list[DocumentTables] = [reject_name(f.relative_path, f.size) for f in plan.to_process if not f.name_is_text]
        readable = [f for f in plan.to_process if f.name_is_text]
        duplicates: dict[str, str] = {}
        if readable:
            step = time.perf_counter()
            summary.runner = choose_runner(runner, readable)
            task_runner = make_task_runner(summary.runner, workers, dask_address)
            groups = batches(readable, workers or os.cpu_count() or 1)
            with process_pool(workers) if summary.runner == "process" else nullcontext(), _one_heartbeat():
                results += extract_documents.with_options(task_runner=task_runner)(str(raw_dir), groups, document_limits)
            summary.durations["extract"] = time.perf_counter() - step
        if plan.to_process or plan.removed or plan.touched_only:
            step = time.perf_counter()
            summary.rows_written, duplicates = commit(warehouse, plan, results, {f.relative_path: f for f in files})
            for path, holder in duplicates.items():
                logger.warning("%s holds the same bytes as %s, which the warehouse holds already; loaded once", path, holder)
            summary.durations["write"] = time.perf_counter() - step
        summary.documents = [_summary_row(r, duplicates.get(r.meta.source_path)) for r in results]
        summary.issues_by_code = dict(
            Counter(code for r in results for code in r.tables["extraction_issues"]["code"].to_pylist())
        )
        summary.durations["total"] = time.perf_counter() - started
        warehouse.append_run(
            report.runs_row(summary, str(get_run_context().flow_run.id), started_at, datetime.now(timezone.utc))
        )
    for row in summary.documents:
        if row["status"] != "ok":
            logger.warning("%s: %s (%s)", row["source_path"], row["status"], row["error"])
    create_markdown_artifact(report.markdown(summary), key="begroting-run-report", description="begroting run report")
    if summary.documents:
        create_table_artifact(summary.documents, key="begroting-run-documents", description="documents processed")
    message = f"documents: {report.counts_line(summary)}"
    # The run completes even when documents were rejected; its state message says so.
    return Completed(message=message, data=summary)
