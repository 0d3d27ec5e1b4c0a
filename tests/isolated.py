"""Run one document through `process_file` in a fresh process and measure its peak memory."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extractors.limits import Limits


def peak_rss_mb() -> float:
    """This process's peak resident memory. Read from VmHWM, which starts afresh at exec;
    getrusage's ru_maxrss carries the parent's peak over into a spawned child on Linux."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _worker(raw_dir: str, relative_path: str, limits: Limits) -> tuple[str, str | None, list[str], float]:
    from transforms.files import process_file

    result = process_file(raw_dir, relative_path, limits)
    error = result.tables["documents"]["error"][0].as_py()
    codes = result.tables["extraction_issues"]["code"].to_pylist()
    return result.status, error, codes, peak_rss_mb()


def process_isolated(raw_dir: Path, relative_path: str, limits: Limits = Limits(), timeout: float = 300):
    """(status, error, issue codes, peak RSS in MB) of one document, in its own process."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_worker, str(raw_dir), relative_path, limits).result(timeout=timeout)


def imports_of_first_file(raw_dir: str, relative_path: str) -> list[str]:
    """The top-level modules a worker imports to process its first file."""
    import sys

    from transforms.files import process_file

    before = {name.split(".")[0] for name in sys.modules}
    process_file(raw_dir, relative_path)
    return sorted({name.split(".")[0] for name in sys.modules} - before)
