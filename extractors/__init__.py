"""Extractors: one module per input format, each a function `path -> Document`."""

from __future__ import annotations

from pathlib import Path

from extractors.limits import Limits
from core.model import Document, ExtractionError

FORMATS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def format_of(path: str | Path) -> str | None:
    return FORMATS.get(Path(path).suffix.lower())


def extract(path: str | Path, limits: Limits = Limits()) -> Document:
    """Read any supported raw file; raises `ExtractionError` when it cannot be read at all."""
    kind = format_of(path)
    if kind == "text":
        from extractors.text import extract_text

        return extract_text(path, limits)
    if kind == "html":
        from extractors.html import extract_html

        return extract_html(path, limits)
    if kind == "pdf":
        from extractors.pdf import extract_pdf

        return extract_pdf(path, max_pages=limits.max_pages, max_decompressed_bytes=limits.max_decompressed_bytes)
    raise ExtractionError("unsupported-format", f"no extractor for files ending in {Path(path).suffix!r}")


__all__ = ["Document", "ExtractionError", "Limits", "extract", "format_of"]
