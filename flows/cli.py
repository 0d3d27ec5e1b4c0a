"""`begroting`: the command line of the pipeline."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

app = typer.Typer(
    help="ETL for Dutch municipal budget documents: raw/ in, Parquet warehouse out.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

RawOption = Annotated[Path, typer.Option("--raw", help="folder of raw files: raw/<municipality>/<year>/<file>")]
WarehouseOption = Annotated[str, typer.Option("--warehouse", help="warehouse folder or object-store URI (s3://…)")]
RunnerOption = Annotated[
    str, typer.Option("--runner", help="auto, process (all cores), thread, or dask (prefect-dask)")
]
WorkersOption = Annotated[Optional[int], typer.Option("--workers", help="parallel workers; default: one per core")]
DaskOption = Annotated[Optional[str], typer.Option("--dask-address", help="address of an existing Dask scheduler")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="show Prefect's log lines")]
MaxFileOption = Annotated[Optional[int], typer.Option("--max-file-mb", help="reject files larger than this (default 150)")]
MaxPagesOption = Annotated[Optional[int], typer.Option("--max-pages", help="reject PDFs with more pages (default 2000)")]
TimeoutOption = Annotated[Optional[float], typer.Option("--timeout", help="seconds allowed per document (default 600)")]
MemoryOption = Annotated[
    Optional[int], typer.Option("--max-memory-mb", help="memory one document may take in a worker process (default 1024)")
]
InflateOption = Annotated[
    Optional[int], typer.Option("--max-decompressed-mb", help="reject PDFs whose streams inflate past this (default 1024)")
]


def _limits(
    max_file_mb: int | None,
    max_pages: int | None,
    timeout: float | None,
    max_decompressed_mb: int | None = None,
    max_memory_mb: int | None = None,
) -> dict | None:
    limits = {
        "max_file_bytes": max_file_mb * 2**20 if max_file_mb else None,
        "max_pages": max_pages,
        "seconds_per_document": timeout,
        "max_decompressed_bytes": max_decompressed_mb * 2**20 if max_decompressed_mb else None,
        "max_memory_bytes": max_memory_mb * 2**20 if max_memory_mb else None,
    }
    return {k: v for k, v in limits.items() if v is not None} or None


def _quiet_prefect(verbose: bool) -> None:
    # Prefect reads its settings on import, so this must run before the flows are imported.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


class _ProgressBar:
    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = None

    def start(self, total: int) -> None:
        self.task = self.progress.add_task("extracting", total=total)

    def advance(self, path: str, result) -> None:
        self.progress.update(self.task, advance=1, description=f"{result.status:8} {path}")


def _print_summary(summary) -> None:
    table = RichTable(title=f"{summary.raw_dir} → {summary.warehouse}")
    table.add_column("document", overflow="fold")  # paths are what people look for: never cut
    table.add_column("status")
    for column in ("sections", "indic.", "facts", "money", "issues"):
        table.add_column(column, justify="right")
    for row in summary.documents:
        style = {"ok": "green", "partial": "yellow", "rejected": "red", "duplicate": "cyan"}[row["status"]]
        table.add_row(
            row["source_path"], f"[{style}]{row['status']}[/]", str(row["sections"]), str(row["indicators"]),
            str(row["facts"]), str(row["financials"]), str(row["issues"]),
        )
    if summary.documents:
        console.print(table)
    from flows.report import counts_line

    console.print(f"documents: {counts_line(summary)}")
    if summary.rows_written:
        written = {table: sum(years.values()) for table, years in summary.rows_written.items()}
        console.print("rows written: " + ", ".join(f"{k} {v}" for k, v in written.items()))
    if summary.issues_by_code:
        console.print("issues: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.issues_by_code.items())))
    console.print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in summary.durations.items()))
    for row in summary.documents:
        if row["status"] != "ok":
            console.print(f"[yellow]{row['source_path']}[/]: {row['error']}")


def _run(raw: Path, warehouse: str, runner: str, workers, dask_address, verbose: bool, **selection) -> None:
    _quiet_prefect(verbose)
    from flows import progress as progress_hook
    from flows.pipeline import RUNNERS, run_pipeline
    from flows.warehouse import SchemaMismatch, WarehouseBusy

    if runner not in RUNNERS:
        raise typer.BadParameter(f"choose one of {', '.join(RUNNERS)}", param_hint="--runner")
    if not raw.is_dir():
        raise typer.BadParameter(f"{raw} is not a folder", param_hint="--raw")
    from flows import reaper
    from flows.server import orchestrator

    reaper.start()  # a kill -9 of this run leaves no temporary server or worker behind
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with orchestrator() as server, Progress(*columns, console=console, transient=True) as bar:
            if server is None and verbose:
                console.print("[dim]no local Prefect server running: a temporary one starts for this run "
                              "(`begroting server start` keeps one up)[/]")
            progress_hook.install(_ProgressBar(bar))
            summary = run_pipeline(
                raw_dir=str(raw), warehouse_dir=warehouse, runner=runner, workers=workers,
                dask_address=dask_address, **selection,
            )
    except WarehouseBusy as busy:
        console.print(f"[red]{busy}[/]")
        raise typer.Exit(code=3)
    except SchemaMismatch as mismatch:
        console.print(f"[red]{mismatch}[/]")
        raise typer.Exit(code=4)
    except Exception as failure:  # noqa: BLE001 - the run itself failed, not one document
        # Status 1 means "a document was rejected"; a run that could not finish says so apart.
        console.print(f"[red]the run failed: {type(failure).__name__}: {failure}[/]")
        raise typer.Exit(code=4) from failure
    finally:
        progress_hook.install(None)
    _print_summary(summary)
    if summary.rejected:
        raise typer.Exit(code=1)


@app.command()
def run(
    raw: RawOption = Path("raw"),
    warehouse: WarehouseOption = "warehouse",
    runner: RunnerOption = "auto",
    workers: WorkersOption = None,
    dask_address: DaskOption = None,
    max_file_mb: MaxFileOption = None,
    max_pages: MaxPagesOption = None,
    timeout: TimeoutOption = None,
    max_decompressed_mb: InflateOption = None,
    max_memory_mb: MemoryOption = None,
    verbose: VerboseOption = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="empty the warehouse and load every raw file again (after a schema change)")
    ] = False,
) -> None:
    """Process new and changed raw files into the warehouse; remove rows of deleted files.

    Exit status 0 when every document is ok, 1 when a document was rejected, 2 on a usage
    error, 3 when another run holds the warehouse, 4 when the run itself failed.
    """
    limits = _limits(max_file_mb, max_pages, timeout, max_decompressed_mb, max_memory_mb)
    _run(raw, warehouse, runner, workers, dask_address, verbose, limits=limits, rebuild=rebuild)


def parse_years(text: str | None) -> list[int] | None:
    """`2019-2025` or `2019,2021,2023` -> a list of years."""
    if not text:
        return None
    years: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            first, last = (int(x) for x in part.split("-", 1))
            if first > last:
                raise typer.BadParameter(f"{part}: the first year comes first", param_hint="--years")
            years.extend(range(first, last + 1))
        elif part:
            years.append(int(part))
    return years


@app.command()
def backfill(
    years: Annotated[str, typer.Option("--years", help="years to (re)load: 2019-2025 or 2019,2021")],
    municipality: Annotated[
        Optional[list[str]], typer.Option("--municipality", help="limit to these municipalities (repeatable)")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="re-extract files even when they did not change")] = False,
    raw: RawOption = Path("raw"),
    warehouse: WarehouseOption = "warehouse",
    runner: RunnerOption = "auto",
    workers: WorkersOption = None,
    dask_address: DaskOption = None,
    max_file_mb: MaxFileOption = None,
    max_pages: MaxPagesOption = None,
    timeout: TimeoutOption = None,
    max_decompressed_mb: InflateOption = None,
    max_memory_mb: MemoryOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Load selected budget years (and municipalities); rewrites exactly their partitions."""
    try:
        selected_years = parse_years(years)
    except ValueError:
        raise typer.BadParameter(f"{years!r} is not a year range", param_hint="--years")
    _run(
        raw, warehouse, runner, workers, dask_address, verbose,
        years=selected_years, municipalities=municipality or None, force=force,
        limits=_limits(max_file_mb, max_pages, timeout, max_decompressed_mb, max_memory_mb),
    )


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="when to run, as a cron expression")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="time zone of the cron expression")] = "Europe/Amsterdam",
    name: Annotated[str, typer.Option(help="deployment name")] = "nightly",
    raw: RawOption = Path("raw"),
    warehouse: WarehouseOption = "warehouse",
    runner: RunnerOption = "auto",
) -> None:
    """Serve the pipeline as a Prefect deployment on a schedule (nightly at 02:00 by default).

    Runs until stopped; needs a Prefect API (PREFECT_API_URL) to keep the schedule.
    """
    _quiet_prefect(True)
    from prefect import serve as prefect_serve

    from flows.deploy import nightly_deployment
    from flows.server import orchestrator

    deployment = nightly_deployment(
        name=name, cron=cron, timezone=timezone, raw_dir=str(raw.resolve()), warehouse_dir=warehouse, runner=runner
    )
    with orchestrator():
        prefect_serve(deployment)


server_app = typer.Typer(help="A long-lived local Prefect server that runs, backfills and `serve` share.", no_args_is_help=True)
app.add_typer(server_app, name="server")


@server_app.command("start")
def server_start(
    port: Annotated[int, typer.Option(help="port of the API and dashboard")] = 4200,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
) -> None:
    """Start the server in the background (or find it running); later commands use it."""
    _quiet_prefect(False)
    from flows import server

    try:
        state = server.start(port=port, host=host)
    except RuntimeError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(code=1)
    console.print(f"Prefect server up at {state.url} (pid {state.pid}, log {state.log}); dashboard {state.url[:-4]}")


@server_app.command("stop")
def server_stop() -> None:
    """Stop the server `server start` started."""
    from flows import server

    console.print("server stopped" if server.stop() else "no server was running")


@server_app.command("status")
def server_status() -> None:
    """Whether the local server is up; exit status 1 when it is not."""
    from flows import server

    state = server.running()
    if state is None:
        console.print("no local Prefect server running: each run starts a temporary one")
        raise typer.Exit(code=1)
    console.print(f"Prefect server up at {state.url} (pid {state.pid})")


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="one raw file (txt, html or pdf)", exists=True, dir_okay=False)],
    raw: RawOption = Path("raw"),
    facts: Annotated[bool, typer.Option(help="print the indicator facts")] = True,
) -> None:
    """Show what one document yields — sections, tables as parsed, facts, issues — without writing."""
    _quiet_prefect(False)
    from core.model import Grid
    from extractors import ExtractionError, extract
    from extractors.tables import read_table
    from transforms.files import process_file
    from transforms.build import context_of

    try:
        relative = file.resolve().relative_to(raw.resolve()).as_posix()
        root = raw
    except ValueError:
        relative, root = file.name, file.parent
    result = process_file(root, relative)
    meta = result.meta
    console.rule(f"{relative}")
    console.print(
        f"status [bold]{result.status}[/]  municipality {meta.municipality}  budget year {meta.budget_year}  "
        f"type {meta.document_type}  format {meta.format}  id {meta.document_id[:12]}…"
    )
    try:
        document = extract(root / relative)
    except ExtractionError as error:
        console.print(f"[red]{error.code}[/]: {error.message}")
        document = None
    if document is not None:
        console.rule("sections")
        for index, section in enumerate(document.sections, start=1):
            counts = {}
            for block in section.blocks:
                key = "tables" if isinstance(block, Grid) else block.question
                counts[key] = counts.get(key, 0) + 1
            number = f"{section.number} " if section.number else ""
            console.print(f"{index:3}. {'  ' * (section.level - 1)}{number}{section.title}  [dim]{counts}[/]")
        context = context_of(meta)
        for table_index, (section, table) in enumerate(document.tables(), start=1):
            reading = read_table(table, context)
            where = section.title if section else "(before first section)"
            title = f"table {table_index}: {reading.kind} in {where}" + (f", page {table.page}" if table.page else "")
            grid = RichTable(title=title)
            matrix = table.matrix()
            roles = {c.index: c for c in reading.columns}
            for c in range(table.n_cols):
                column = roles.get(c)
                meaning = ""
                if column is not None:
                    meaning = column.role if column.role != "value" else f"{column.measure} {column.area or ''} {column.period or ''}"
                grid.add_column(f"[dim]{meaning.strip()}[/]", overflow="fold")
            for r, row in enumerate(matrix):
                style = "bold" if r < reading.header_rows else None
                grid.add_row(*(x.replace("\n", " ") for x in row), style=style)
            console.print(grid)
            for line in table.below:
                console.print(f"  [dim]below:[/] {line}")
    if facts and result.count("indicator_facts"):
        console.rule("indicator facts")
        grid = RichTable()
        names = ["indicator", "measure", "area", "period", "value", "unit", "comparator", "value_text"]
        for name in names:
            grid.add_column(name)
        for row in result.tables["indicator_facts"].to_pylist():
            grid.add_row(*("" if row[n] is None else str(row[n]) for n in names))
        console.print(grid)
    console.rule("issues")
    for issue in result.tables["extraction_issues"].to_pylist():
        console.print(f"{issue['severity']:8} {issue['code']:28} {issue['message']}  [dim]{issue['location'] or ''}[/]")


LocalWarehouseOption = Annotated[str, typer.Option("--warehouse", help="local warehouse folder")]


def _bi_failure(error: Exception) -> None:
    # markup=False: paths and SQL in the message may contain [brackets] rich would eat.
    console.print(f"error: {error}", style="red", markup=False, soft_wrap=True)
    raise typer.Exit(code=2)


@app.command()
def catalog(warehouse: LocalWarehouseOption = "warehouse") -> None:
    """Write <warehouse>/begroting.duckdb: a view per table plus indicator_series and targets_vs_actuals."""
    from rich.markup import escape

    from bi.catalog import views, write_catalog

    try:
        path = write_catalog(warehouse)
    except (FileNotFoundError, ValueError) as error:
        _bi_failure(error)
    grid = RichTable(title=str(path))
    for column, justify in (("view", "left"), ("rows", "right"), ("about", "left")):
        grid.add_column(column, justify=justify, overflow="fold")
    for name, rows, comment in views(warehouse):
        grid.add_row(name, str(rows), escape(comment))
    console.print(grid)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL over the catalog views, e.g. \"select * from indicator_series\"")],
    warehouse: LocalWarehouseOption = "warehouse",
    max_rows: Annotated[int, typer.Option("--max-rows", help="rows to print at most")] = 1000,
) -> None:
    """Run SQL against the warehouse catalog and print the result. Exit status 2 on an SQL error."""
    import duckdb
    from rich.markup import escape
    from rich.text import Text

    from bi.catalog import run_query

    try:
        columns, rows = run_query(warehouse, sql)
    except (duckdb.Error, FileNotFoundError, ValueError) as error:
        _bi_failure(error)
    grid = RichTable(show_lines=False)
    for column in columns:
        grid.add_column(escape(column), overflow="fold")
    for row in rows[:max_rows]:
        grid.add_row(*(Text("NULL", style="dim") if value is None else Text(str(value)) for value in row))
    if columns:
        console.print(grid)
    shown = f"{max_rows} of {len(rows)}" if len(rows) > max_rows else str(len(rows))
    console.print(f"{shown} rows", style="dim")


@app.command()
def report(
    warehouse: LocalWarehouseOption = "warehouse",
    out: Annotated[Optional[Path], typer.Option("--out", help="HTML file; default <warehouse>/report.html")] = None,
) -> None:
    """Write one static HTML report: a chart per indicator and a data-quality panel (works offline)."""
    from bi.report import write_report

    try:
        path = write_report(warehouse, out)
    except (FileNotFoundError, ValueError) as error:
        _bi_failure(error)
    console.print(f"report written to {path}", markup=False, soft_wrap=True)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
