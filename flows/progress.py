"""A hook for showing progress: the CLI installs a reporter, the flow calls it per document.

Flows stay free of terminal code; without a reporter these calls do nothing.
"""

from __future__ import annotations

from typing import Any

_reporter: Any = None


def install(reporter: Any) -> None:
    """`reporter` has `start(total)` and `advance(path, result)`; None removes it."""
    global _reporter
    _reporter = reporter


def start(total: int) -> None:
    if _reporter is not None:
        _reporter.start(total)


def report(path: str, result: Any) -> None:
    if _reporter is not None:
        _reporter.advance(path, result)


