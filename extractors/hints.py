"""What a document's content says about who published it, for which year and what it is.

These are hints: the landing-zone path usually names municipality and year, and the transforms
decide which wins and record any conflict.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.model import Document

_MUNICIPALITY = re.compile(r"\b(?i:gemeente)\s+((?:'s-)?[A-Z][\w'ëïéü-]+(?:[ -](?:aan|den|de|op|[A-Z])[\w'ëïéü-]*)*)")
_TITLE_YEAR = re.compile(
    r"\b(programma)?(begroting|jaarrekening|jaarverslag|kadernota|voorjaarsnota|perspectiefnota)\s*[-–]?\s*((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_TYPES = [
    ("jaarrekening", re.compile(r"jaarrekening|jaarverslag|jaarstukken", re.IGNORECASE)),
    ("kadernota", re.compile(r"kadernota|voorjaarsnota|perspectiefnota", re.IGNORECASE)),
    ("begroting", re.compile(r"begroting", re.IGNORECASE)),
]
_NOT_MUNICIPALITY = {"nederland"}


def _benchmark_municipality(document: Document) -> str | None:
    for _, table in document.tables():
        if table.form != "benchmark":
            continue
        areas = [c.area for c in table.columns if c.area]
        for area in areas:
            lowered = area.lower()
            if lowered in _NOT_MUNICIPALITY or re.search(r"\d|inwoners|gemeente|provincie|regio", lowered):
                continue
            return area
    return None


def infer_hints(document: Document, text: str) -> None:
    """Fill the `*_hint` fields from the document's own text and tables."""
    document.municipality_hint = _benchmark_municipality(document)
    if document.municipality_hint is None:
        names = Counter(m.group(1) for m in _MUNICIPALITY.finditer(text))
        if names:
            document.municipality_hint = names.most_common(1)[0][0]

    head = text[:5000]
    title_year = _TITLE_YEAR.search(head)
    if title_year:
        document.budget_year_hint = int(title_year.group(3))
    elif document.export_date is not None:
        # Budgets are adopted in autumn for the next year; spring notes plan the next one too.
        document.budget_year_hint = document.export_date.year + 1
    else:
        target_years = [
            c.period
            for _, table in document.tables()
            if table.form == "target"
            for c in table.columns
            if c.role == "target" and c.period
        ]
        if target_years:
            document.budget_year_hint = min(target_years)

    # The title comes first; a budget's text may well mention the jaarstukken further on.
    found = [(match.start(), code) for code, pattern in _TYPES if (match := pattern.search(head))]
    if found:
        document.document_type_hint = min(found)[1]
