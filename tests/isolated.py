"""Run one document through `process_file` in a fresh process and measure its peak memory."""

from __future__ import annotations

import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extractors.limits import Limits


def _worker(raw_dir: str, relative_path: str, limits: Limits) -> tuple[str, str | None, list[str], float]:
    from flows.pipeline import process_file

    result = process_file(raw_dir, relative_path, limits)
    error = result.tables["documents"]["error"][0].as_py()
    codes = result.tables["extraction_issues"]["code"].to_pylist()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result.status, error, codes, peak_mb


def process_isolated(raw_dir: Path, relative_path: str, limits: Limits = Limits(), timeout: float = 300):
    """(status, error, issue codes, peak RSS in MB) of one document, in its own process."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_worker, str(raw_dir), relative_path, limits).result(timeout=timeout)
