"""1,000 small documents: full run, no-change run, and parallel against serial wall time."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.corpus import small_documents

DOCUMENTS = 1000


def main(documents: int = DOCUMENTS) -> dict[str, float]:
    from flows.pipeline import run_pipeline

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        small_documents(raw, documents)
        # Warm up: the first flow run of a process starts Prefect's API; no figure should pay for it.
        (Path(tmp) / "empty").mkdir()
        run_pipeline(raw_dir=f"{tmp}/empty", warehouse_dir=f"{tmp}/warmup")

        started = time.perf_counter()
        run_pipeline(raw_dir=str(raw), warehouse_dir=f"{tmp}/serial", runner="thread", workers=1)
        figures["full run, serial (s)"] = time.perf_counter() - started

        started = time.perf_counter()
        summary = run_pipeline(raw_dir=str(raw), warehouse_dir=f"{tmp}/parallel", runner="process")
        figures["full run, processes on all cores (s)"] = time.perf_counter() - started
        figures["  of which extraction (s)"] = summary.durations.get("extract", 0.0)
        figures["  of which writing (s)"] = summary.durations.get("write", 0.0)

        started = time.perf_counter()
        summary = run_pipeline(raw_dir=str(raw), warehouse_dir=f"{tmp}/parallel")
        figures["no-change run (s)"] = time.perf_counter() - started
        assert summary.documents == [] and len(summary.unchanged) == documents

    figures["parallel / serial wall time"] = figures["full run, processes on all cores (s)"] / figures["full run, serial (s)"]
    print(f"\n== incremental runs over {documents} small documents ==")
    for name, value in figures.items():
        print(f"{name:42} {value:8.2f}")
    return figures


if __name__ == "__main__":
    main()
