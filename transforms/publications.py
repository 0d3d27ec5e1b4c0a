"""Which file of a publication counts.

A publication is often landed in several formats: the budget platform's HTML page, its text
export, a PDF print. Each file is read and kept, and each row says its publication; exactly one
file per publication is canonical, so a plain sum over a table `where canonical` counts every
publication once. The canonical file is the best read one: a file that was read (ok or partial)
before a rejected one, then HTML (it keeps the table structure) over text over PDF, then the
first path.
"""

from __future__ import annotations

import pyarrow as pa

FORMAT_RANK = {"html": 0, "text": 1, "pdf": 2}
STATUS_RANK = {"ok": 0, "partial": 0, "rejected": 1}


def canonical_documents(documents: pa.Table) -> set[str]:
    """The document ids that are canonical, from rows of the `documents` table."""
    best: dict[str, tuple] = {}
    for row in documents.select(["document_id", "publication_id", "format", "status", "source_path"]).to_pylist():
        rank = (STATUS_RANK.get(row["status"], 2), FORMAT_RANK.get(row["format"], 3), row["source_path"], row["document_id"])
        current = best.get(row["publication_id"])
        if current is None or rank < current:
            best[row["publication_id"]] = rank
    return {rank[3] for rank in best.values()}
