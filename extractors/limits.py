"""Limits on what one document may cost; a document over a limit is rejected with that reason."""

from __future__ import annotations

import ctypes
import resource
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from core.model import ExtractionError

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 150 * MB  # budget books with scans run to ~100 MB
    max_pages: int = 2000
    max_decompressed_bytes: int = 1024 * MB  # all PDF streams of one document, inflated
    seconds_per_document: float = 600.0
    # A budget page's lines run to a few thousand characters and a budget book's text export to
    # some tens of thousands of lines; a table never has thousands of rows. Beyond these a file
    # is no budget document, and reading it would cost minutes and gigabytes.
    max_line_chars: int = 200_000
    max_lines: int = 200_000
    max_table_rows: int = 20_000
    # What reading one document may allocate on top of what its worker process already holds.
    # The largest real budget books take ~150 MB; beyond this a file is rejected, not the run.
    max_memory_bytes: int = 1024 * MB

    @classmethod
    def from_options(cls, **options) -> "Limits":
        """Only the options that were given; the rest keep their defaults."""
        return cls(**{k: v for k, v in options.items() if v is not None})


def check_lines(lines: list[str], limits: Limits) -> None:
    """Refuse a text whose lines no budget document has, before reading it costs minutes."""
    if len(lines) > limits.max_lines:
        raise ExtractionError("too-many-lines", f"{len(lines):,} lines; the limit is {limits.max_lines:,}")
    longest = max(map(len, lines), default=0)
    if longest > limits.max_line_chars:
        raise ExtractionError("line-too-long", f"a line of {longest:,} characters; the limit is {limits.max_line_chars:,}")
    run = 0
    for line in lines:
        run = run + 1 if line.count("|") >= 2 else 0
        if run > limits.max_table_rows:
            raise ExtractionError("table-too-long", f"a table of more than {limits.max_table_rows:,} rows; no budget table is that long")


def check_table_rows(rows: int, limits: Limits) -> None:
    """Refuse a page with more table rows than the longest budget table has, all tables together."""
    if rows > limits.max_table_rows:
        raise ExtractionError("table-too-long", f"{rows:,} table rows; the limit is {limits.max_table_rows:,}, no budget page has that many")


def _data_bytes() -> int | None:
    """The process's data segment as the kernel counts it against RLIMIT_DATA (Linux only)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


@contextmanager
def memory_limit(budget: int):
    """Let the body allocate at most `budget` bytes more than the process holds now.

    Only for a worker process that reads one document at a time: the limit is the process's.
    Past it an allocation fails with `MemoryError` (numpy, pyarrow and lxml raise it too),
    which the caller records as the document's rejection; the worker lives on. RLIMIT_DATA, not
    RLIMIT_AS, because it counts what is allocated rather than address space reserved by
    thread stacks and memory maps.
    """
    held = _data_bytes()
    if not budget or budget <= 0 or held is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    ceiling = held + budget if hard == resource.RLIM_INFINITY else min(held + budget, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


class _Expired(BaseException):
    """Raised inside the worker thread when its time is up (BaseException: not swallowed)."""


@contextmanager
def time_limit(seconds: float, what: str = "document"):
    """Stop the body after `seconds` with `ExtractionError("timeout")`.

    In a process's main thread a real-time signal interrupts even a long C call. In other
    threads an asynchronous exception is raised into the thread at its next Python bytecode,
    which is what a pure-Python parser spends its time in.
    """
    if not seconds or seconds <= 0:
        yield
        return
    message = f"{what} took longer than the limit of {seconds:g} s"
    if threading.current_thread() is threading.main_thread():
        def expire(signum, frame):
            raise _Expired()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        except _Expired:
            raise ExtractionError("timeout", message) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return

    thread_id = threading.get_ident()
    done = threading.Event()
    lock = threading.Lock()

    def expire_thread() -> None:
        with lock:  # never after the body has left the block
            if not done.is_set():
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(_Expired))

    timer = threading.Timer(seconds, expire_thread)
    timer.daemon = True
    timer.start()
    try:
        yield
    except _Expired:
        raise ExtractionError("timeout", message) from None
    finally:
        with lock:
            done.set()
        timer.cancel()
        # An expiry set just before the body finished and not yet raised is dropped here, so it
        # cannot surface later in code that has nothing to do with this document.
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)
