"""Document structure -> `sections` and `section_texts` (every goal, activity and paragraph)."""

from __future__ import annotations

import pyarrow as pa

from core.model import Document
from core.values import clean_text
from transforms.identity import DocumentMeta, row_context
from transforms.schema import table_from_rows


def sections_table(document: Document, meta: DocumentMeta) -> pa.Table:
    rows = [
        {
            "document_id": meta.document_id,
            "budget_year": meta.budget_year,
            "municipality": meta.municipality,
            "programme": section.programme or document.programme,
            "position": position,
            "section_number": section.number,
            "section": section.title,
            "parent": section.parent,
            "level": section.level,
            "page": section.page,
        }
        for position, section in enumerate(document.sections, start=1)
    ]
    return table_from_rows("sections", rows)


def section_texts_table(document: Document, meta: DocumentMeta) -> pa.Table:
    rows = [
        {
            **row_context(meta, document, section),
            "question": block.question,
            "position": position,
            "kind": block.kind,
            "level": block.level,
            "text": clean_text(block.text),
            "page": block.page,
        }
        for position, (section, block) in enumerate(document.text_blocks(), start=1)
    ]
    return table_from_rows("section_texts", rows)
