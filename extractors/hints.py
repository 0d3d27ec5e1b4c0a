"""What a document's content says about who published it, for which year and what it is.

These are hints: the landing-zone path usually names municipality and year, and the transforms
decide which wins and record any conflict.
"""

from __future__ import annotations

import re
from collections import Counter

from core.model import Document
from core.vocabulary import area_of, document_type_of

_MUNICIPALITY = re.compile(r"\b(?i:gemeente)\s+((?:'s-)?[A-Z][\w'ëïéü-]+(?:[ -](?:aan|den|de|op|[A-Z])[\w'ëïéü-]*)*)")
_TITLE_YEAR = re.compile(
    r"\b(programma)?(begroting|jaarrekening|jaarverslag|kadernota|voorjaarsnota|perspectiefnota)\s*[-–]?\s*((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_NOT_MUNICIPALITY = {"nederland"}
_SOURCE = re.compile(r"^\(?\s*bron(nen)?\s*:", re.IGNORECASE)


def _benchmark_municipality(document: Document) -> str | None:
    """The name printed before `Nederland` in a table's header (`Dalfsen | Nederland | G40`)."""
    for _, grid in document.tables():
        matrix = grid.matrix()
        for row in matrix[: min(3, grid.n_rows)]:
            for name, following in zip(row, row[1:]):
                if following and area_of(following) == "Nederland" and name and name != following:
                    if area_of(name) is None and not re.search(r"\d|inwoners|gemeente|provincie|regio", name.lower()):
                        return name
    return None


def infer_hints(document: Document, text: str) -> None:
    """Fill the `*_hint` fields from the document's own text and tables."""
    document.municipality_hint = _benchmark_municipality(document)
    if document.municipality_hint is None:
        names = Counter(m.group(1) for m in _MUNICIPALITY.finditer(text))
        if names:
            document.municipality_hint = names.most_common(1)[0][0]

    head = text[:5000]
    # What the document is, its title says: the short lines at its head, not what its prose or
    # a source (`Bron: Jaarverslag Leerplicht`) mentions.
    titles = "\n".join(
        line for line in text.splitlines()[:40] if 0 < len(line.strip()) <= 100 and not _SOURCE.match(line.strip())
    )
    title_year = _TITLE_YEAR.search(head)
    if title_year:
        document.budget_year_hint = int(title_year.group(3))
    elif document.export_date is not None:
        # Budgets are adopted in autumn for the next year; spring notes plan the next one too.
        document.budget_year_hint = document.export_date.year + 1
    # The title comes first; a budget's text may well mention the jaarstukken further on.
    document.document_type_hint = document_type_of(titles)
