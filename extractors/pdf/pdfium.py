"""PDFium, through pypdfium2: one library per process, and not safe to call from two threads.

The flow's thread runner extracts several documents at once in one process. PDFium keeps
global state (fonts, the page cache), and two threads in it at the same time crash the
process. So every use of it holds `LOCK`: opening and closing a document, and reading a page.
The pages of two books read on two threads take turns; pdfplumber's work needs no lock.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

# Re-entrant: a page is read under the lock while its document is held open under it too.
LOCK = threading.RLock()


@contextmanager
def opened(path: Path):
    """The document open in PDFium, or None when PDFium cannot open it; closed on the way out."""
    import pypdfium2

    with LOCK:
        try:
            document = pypdfium2.PdfDocument(path)
        except Exception:
            document = None
    try:
        yield document
    finally:
        if document is not None:
            with LOCK:
                document.close()
