"""Limits on what one document may cost; a document over a limit is rejected with that reason."""

from __future__ import annotations

import ctypes
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

    @classmethod
    def from_options(cls, **options) -> "Limits":
        """Only the options that were given; the rest keep their defaults."""
        return cls(**{k: v for k, v in options.items() if v is not None})


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

    def expire_thread() -> None:
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
        done.set()
        timer.cancel()
