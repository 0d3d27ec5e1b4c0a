"""The run report: what a run did, as Markdown for Prefect and as a row for the `runs` table."""

from __future__ import annotations

import json
from datetime import datetime

import pyarrow as pa

from transforms.build import PIPELINE_VERSION
from transforms.schema import RUNS_SCHEMA


def counts_line(summary) -> str:
    return (
        f"{len(summary.new)} new, {len(summary.changed)} changed, {len(summary.unchanged)} unchanged, "
        f"{len(summary.removed)} removed, {len(summary.rejected)} rejected"
    )


def markdown(summary) -> str:
    lines = [f"# Run over `{summary.raw_dir}`", "", f"Documents: {counts_line(summary)}.", ""]
    if summary.rows_written:
        lines += ["## Rows written", "", "| table | budget year | rows |", "|---|---|---|"]
        for table, years in summary.rows_written.items():
            for year, rows in sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0])):
                lines.append(f"| {table} | {year if year is not None else 'unknown'} | {rows} |")
        lines.append("")
    if summary.issues_by_code:
        lines += ["## Issues by code", "", "| code | count |", "|---|---|"]
        lines += [f"| {code} | {n} |" for code, n in sorted(summary.issues_by_code.items())]
        lines.append("")
    bad = [d for d in summary.documents if d["status"] != "ok"]
    if bad:
        lines += ["## Not ok", "", "| document | status | reason |", "|---|---|---|"]
        lines += [f"| {d['source_path']} | {d['status']} | {d['error']} |" for d in bad]
        lines.append("")
    lines += ["## Seconds per stage", "", " · ".join(f"{k} {v:.2f}" for k, v in summary.durations.items())]
    return "\n".join(lines)


def runs_row(summary, run_id: str, started_at: datetime, finished_at: datetime) -> pa.Table:
    written = {t: {str(y): n for y, n in years.items()} for t, years in summary.rows_written.items()}
    row = {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": finished_at,
        "raw_dir": summary.raw_dir,
        "selection": json.dumps(summary.selection, sort_keys=True) if summary.selection else None,
        "runner": summary.runner,
        "documents_new": len(summary.new),
        "documents_changed": len(summary.changed),
        "documents_unchanged": len(summary.unchanged),
        "documents_removed": len(summary.removed),
        "documents_rejected": len(summary.rejected),
        "documents_partial": sum(d["status"] == "partial" for d in summary.documents),
        "indicator_facts_written": sum(summary.rows_written.get("indicator_facts", {}).values()),
        "rows_written": json.dumps(written, sort_keys=True),
        "issues_by_code": json.dumps(summary.issues_by_code, sort_keys=True),
        "seconds_plan": summary.durations.get("plan"),
        "seconds_extract": summary.durations.get("extract"),
        "seconds_write": summary.durations.get("write"),
        "seconds_total": summary.durations.get("total", 0.0),
        "pipeline_version": PIPELINE_VERSION,
    }
    return pa.Table.from_pylist([row], schema=RUNS_SCHEMA)
