"""Worker processes for CPU-bound parsing: replaced when one dies, gone when the run dies.

It imports no orchestrator: a spawned worker imports this module and `transforms.files` only.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from extractors import Limits
from extractors.limits import memory_limit
from transforms.build import DocumentTables
from transforms.files import TRANSIENT_ERRORS, prepare_worker, process_file, reject_unfinished


WORKER_DIED = "the worker process reading this document died twice (out of memory, or killed); the rest of the run went on"
OUT_OF_MEMORY = "reading the document needs more memory than the limit (--max-memory-mb)"


def start_worker() -> None:
    """What a worker does before its first file: end with its parent, import the readers."""
    die_with_parent()
    prepare_worker()


def die_with_parent() -> None:
    """End this worker within a second of the process that started it dying: a run killed with
    kill -9 leaves no worker behind. (The kernel's parent-death signal fires when the starting
    *thread* ends, and workers are started from task threads, so the worker watches instead.)"""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def read_document(raw_dir: str, relative_path: str, limits: Limits) -> DocumentTables:
    """`process_file` in a worker, where a memory ceiling can hold: the worker reads one document
    at a time, so the process's limit is that document's."""
    with memory_limit(limits.max_memory_bytes):
        return process_file(raw_dir, relative_path, limits)


class WorkerPool:
    """Worker processes for CPU-bound parsing that outlive one of them dying.

    A worker killed by the kernel's out-of-memory killer breaks a `ProcessPoolExecutor` and
    every document in flight with it. The pool is then replaced, each of those documents is
    tried once more, and a document whose worker dies again is recorded as rejected
    (`worker-died`): one dead worker costs its document, not the run.
    """

    def __init__(self, workers: int | None):
        self.workers = workers or os.cpu_count() or 1
        # spawn, not fork: the flow process runs Prefect's threads and event loops.
        self.context = multiprocessing.get_context("spawn")
        self.lock = threading.Lock()
        self.generation = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context, initializer=start_worker)
        # Every worker starts now, and imports while the flow sets up its tasks.
        for _ in range(self.workers):
            pool.submit(int)
        return pool

    def submit(self, *args) -> tuple[Future, int]:
        with self.lock:
            return self.executor.submit(read_document, *args), self.generation

    def replace(self, generation: int) -> None:
        """Start new workers, unless another thread already replaced the broken ones."""
        with self.lock:
            if generation == self.generation:
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = self._start()
                self.generation += 1

    def extract(self, raw_dir: str, paths: list[str], limits: Limits) -> list[DocumentTables]:
        submitted = [(path, *self.submit(raw_dir, path, limits)) for path in paths]
        results = []
        for path, future, generation in submitted:
            for attempt in range(2):
                try:
                    results.append(future.result())
                    break
                except BrokenProcessPool:
                    self.replace(generation)
                    if attempt == 0:
                        future, generation = self.submit(raw_dir, path, limits)
                except TRANSIENT_ERRORS:
                    raise
                except MemoryError:  # past the ceiling outside the document's own error handling
                    results.append(reject_unfinished(raw_dir, path, "out-of-memory", OUT_OF_MEMORY))
                    break
                except Exception as error:  # the result could not travel back, or a bug
                    results.append(reject_unfinished(raw_dir, path, "worker-failed", f"{type(error).__name__}: {error}"))
                    break
            else:
                results.append(reject_unfinished(raw_dir, path, "worker-died", WORKER_DIED))
        return results

    def shutdown(self) -> None:
        self.executor.shutdown()


