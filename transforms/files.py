"""One raw file to its warehouse rows: the unit of work every runner hands to a worker.

It needs no orchestrator, so `begroting inspect` and the worker processes never import Prefect.
"""

from __future__ import annotations

from pathlib import Path

from extractors import ExtractionError, Limits, extract, format_of
from extractors.limits import time_limit
from transforms.build import DocumentTables, document_tables, rejected_tables
from transforms.identity import PathInfo, resolve, sha256_bytes, sha256_file

# Errors worth a retry: the file system or network hiccuped. Anything else is the document's fault
# and retrying would only repeat it.
TRANSIENT_ERRORS = (TimeoutError, ConnectionError, InterruptedError, BlockingIOError)


def process_file(raw_dir: str | Path, relative_path: str, limits: Limits = Limits()) -> DocumentTables:
    """Extract one raw file and build its warehouse rows; a bad file becomes a `rejected` record."""
    path = Path(raw_dir) / relative_path

    def rejected(code: str, message: str, digest: str, size: int) -> DocumentTables:
        # A rejected file is known by its place as well as its bytes: two empty files, or the
        # same broken bytes twice, are each accounted for.
        return _rejected(relative_path, code, message, sha256_bytes(f"{relative_path}\n{digest}".encode()), size)

    try:
        resolved = path.resolve(strict=True)
        size = resolved.stat().st_size
    except (OSError, RuntimeError) as error:
        return rejected("unreadable", f"cannot open file: {error}", sha256_bytes(relative_path.encode()), 0)
    if not resolved.is_file():
        return rejected("not-a-file", "not a regular file (a pipe, socket or device)", sha256_bytes(relative_path.encode()), 0)
    if not resolved.is_relative_to(Path(raw_dir).resolve()):
        return rejected("outside-raw", f"link points outside the raw folder, to {resolved}", sha256_bytes(relative_path.encode()), 0)
    if size > limits.max_file_bytes:
        return rejected(
            "too-large",
            f"file is {size / 2**20:.0f} MB; the limit is {limits.max_file_bytes / 2**20:.0f} MB (--max-file-mb)",
            sha256_file(path),
            size,
        )
    try:
        data = path.read_bytes()
    except OSError as error:  # no permission, a file that vanished or a read error
        return rejected("unreadable", f"cannot read file: {error}", sha256_bytes(relative_path.encode()), size)
    document_id = sha256_bytes(data)
    try:
        # The limit covers the whole document: reading it and building its rows.
        with time_limit(limits.seconds_per_document):
            document = extract(path, limits)
            document.source_path = relative_path
            meta = resolve(PathInfo.parse(relative_path), document, document_id=document_id, size=len(data), format=document.format)
            return document_tables(document, meta)
    except ExtractionError as error:
        return rejected(error.code, error.message, document_id, len(data))
    except TRANSIENT_ERRORS:
        raise
    except MemoryError:
        return rejected("out-of-memory", "reading the document needs more memory than the limit (--max-memory-mb)", document_id, len(data))
    except Exception as error:  # an extractor bug must not take the batch down
        return rejected("extractor-failed", f"{type(error).__name__}: {error}", document_id, len(data))


def prepare_worker() -> None:
    """Pay what a worker process pays before its first file, before it is handed one: the
    PDF readers, and the pandas pyarrow imports when it first converts a list (together about
    half a second)."""
    import pyarrow
    import pypdfium2  # noqa: F401
    from pdfminer import pdfdocument  # noqa: F401

    pyarrow.array([0])


def reject_name(relative_path: str, size: int) -> DocumentTables:
    """A file whose name is not valid UTF-8 (`relative_path` shows its bytes escaped): recorded
    as rejected, with how to fix it, and not read."""
    message = f"the file name is not valid UTF-8 ({relative_path}); rename the file to read it"
    return _rejected(relative_path, "bad-file-name", message, sha256_bytes(relative_path.encode()), size)


def reject_unfinished(raw_dir: str | Path, relative_path: str, code: str, message: str) -> DocumentTables:
    """A file whose worker gave no result (it died, or ran out of memory): recorded, so the run
    goes on."""
    path = Path(raw_dir) / relative_path
    try:
        digest, size = sha256_file(path), path.stat().st_size
    except OSError:
        digest, size = sha256_bytes(relative_path.encode()), 0
    return _rejected(relative_path, code, message, sha256_bytes(f"{relative_path}\n{digest}".encode()), size)


def _rejected(relative_path: str, code: str, message: str, document_id: str, size: int) -> DocumentTables:
    """The warehouse rows of a file that was not read: its document row and the issue why."""
    kind = format_of(Path(relative_path)) or "unknown"
    meta = resolve(PathInfo.parse(relative_path), None, document_id=document_id, size=size, format=kind)
    return rejected_tables(meta, code, message)
