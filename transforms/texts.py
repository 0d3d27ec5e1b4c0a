"""Document structure -> `sections` and `section_texts` (every goal, activity and paragraph)."""

from __future__ import annotations

import pyarrow as pa

import re

from core.model import Document, Grid, Section
from core.values import clean_text
from transforms.identity import DocumentMeta, row_context
from transforms.schema import table_from_rows


_ENUMERATOR = re.compile(r"^(?P<number>[A-Z]|\d{1,2}|[IVX]{1,4})[.)]\s+(?P<title>\S.*)$")


def sections_table(document: Document, meta: DocumentMeta, titles: dict[int, tuple[str, ...]] | None = None) -> pa.Table:
    """The document's sections in order; a table's own titles (`titles`: by the table's id)
    follow the section it stands in as sections one level below it."""
    titles = titles or {}
    entries: list[tuple[str | None, str, str | None, int, int | None, str | None]] = []
    seen: set[str] = set()

    def add_titles(parent: Section | None, blocks) -> None:
        for block in blocks:
            if not isinstance(block, Grid):
                continue
            for title in titles.get(id(block), ()):
                match = _ENUMERATOR.match(title)
                number, name = (match.group("number"), match.group("title")) if match else (None, title)
                if name.lower() in seen:
                    continue
                seen.add(name.lower())
                level = parent.level + 1 if parent else 1
                entries.append((number, name, parent.title if parent else document.programme, level, block.page, parent.programme if parent else None))

    add_titles(None, document.preamble)
    for section in document.sections:
        seen.add(section.title.lower())
        entries.append((section.number, section.title, section.parent, section.level, section.page, section.programme))
        add_titles(section, section.blocks)
    rows = [
        {
            "document_id": meta.document_id,
            "budget_year": meta.budget_year,
            "municipality": meta.municipality,
            "programme": programme or document.programme,
            "position": position,
            "section_number": number,
            "section": title,
            "parent": parent,
            "level": level,
            "page": page,
        }
        for position, (number, title, parent, level, page, programme) in enumerate(entries, start=1)
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
