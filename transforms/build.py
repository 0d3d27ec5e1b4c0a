"""One document in, every warehouse table out: the single entry point of the transforms."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from core.issues import Issue
from core.model import Document

from extractors.tables import Context, read_table
from transforms.cells import table_cells_table
from transforms.contracts import enforce
from transforms.identity import DocumentMeta
from transforms.indicators import indicator_tables
from transforms.money import financials_table
from transforms.schema import SCHEMAS, empty_table, table_from_rows
from transforms.texts import section_texts_table, sections_table

PIPELINE_VERSION = "0.6.0"
DATA_TABLES = ("sections", "section_texts", "indicators", "indicator_facts", "financials", "table_cells")
TABLES = ("documents", *DATA_TABLES, "extraction_issues")


@dataclass(frozen=True)
class DocumentTables:
    """All rows one raw file contributes to the warehouse."""

    meta: DocumentMeta
    status: str
    tables: dict[str, pa.Table]

    def count(self, name: str) -> int:
        return self.tables[name].num_rows


def _status(document: Document, issues: list[Issue], has_content: bool) -> tuple[str, str | None]:
    errors = [i for i in issues if i.severity == "error"]
    if not has_content:
        return "rejected", "not-a-budget-document: no sections, question headings or indicator tables found"
    if errors:
        return "partial", "; ".join(f"{i.code}: {i.message}" for i in errors[:3])
    return "ok", None


def _issues_table(meta: DocumentMeta, issues: list[Issue]) -> pa.Table:
    rows = [
        {
            "document_id": meta.document_id,
            "budget_year": meta.budget_year,
            "source_path": meta.source_path,
            "severity": issue.severity,
            "code": issue.code,
            "message": issue.message,
            "location": issue.location,
        }
        for issue in issues
    ]
    return table_from_rows("extraction_issues", rows)


def _document_row(meta: DocumentMeta, status: str, error: str | None, document: Document | None, counts: dict) -> pa.Table:
    return table_from_rows(
        "documents",
        [
            {
                "document_id": meta.document_id,
                "source_path": meta.source_path,
                "format": meta.format,
                "municipality": meta.municipality,
                "budget_year": meta.budget_year,
                "document_type": meta.document_type,
                "title": document.title if document else None,
                "pages": document.pages if document else None,
                "bytes": meta.bytes,
                "status": status,
                "error": error,
                "export_date": document.export_date if document else None,
                "sections": counts.get("sections", 0),
                "indicator_facts": counts.get("indicator_facts", 0),
                "pipeline_version": PIPELINE_VERSION,
            }
        ],
    )


def context_of(meta: DocumentMeta) -> Context:
    return Context(municipality=meta.municipality, budget_year=meta.budget_year, document_type=meta.document_type)


def document_tables(document: Document, meta: DocumentMeta) -> DocumentTables:
    """Every warehouse table for an extracted document."""
    context = context_of(meta)
    readings = [(section, grid, read_table(grid, context)) for section, grid in document.tables()]
    indicators = indicator_tables(document, readings, meta)
    money = financials_table(document, readings, meta)
    tables = {
        "sections": sections_table(document, meta, {id(grid): reading.titles for _, grid, reading in readings}),
        "section_texts": section_texts_table(document, meta),
        "indicators": indicators.indicators,
        "indicator_facts": indicators.facts,
        "financials": money.table,
        "table_cells": table_cells_table(document, readings, meta),
    }
    table_issues = [
        Issue(i.severity, i.code, i.message, i.location or f"table {n}")
        for n, (_, _, reading) in enumerate(readings, start=1)
        for i in reading.issues
    ]
    issues = [*meta.issues, *document.issues, *table_issues, *indicators.issues, *money.issues]
    # One unnumbered heading over some text is any web page; a budget page has tables, the
    # standard questions, numbered sections or a programme.
    structured = len(document.sections) > 1 or any(s.number or s.programme for s in document.sections) or document.programme
    has_content = bool(structured or readings or any(t.question != "overig" for _, t in document.text_blocks()))
    status, error = _status(document, issues, has_content)
    if status == "rejected":
        issues.append(Issue("error", "not-a-budget-document", (error or "").split(": ", 1)[-1]))
        tables = {name: empty_table(name) for name in DATA_TABLES}
    tables = {name: stamped(table, meta) for name, table in tables.items()}
    for name in DATA_TABLES:
        # Rows that break the contract are dropped and reported; the rest of the document stays.
        tables[name], problems = enforce(name, tables[name])
        issues.extend(Issue("error", "contract-violation", problem) for problem in problems)
        if problems and status == "ok":
            status, error = "partial", "contract-violation: " + "; ".join(problems[:3])
    counts = {name: table.num_rows for name, table in tables.items()}
    tables["documents"] = stamped(_document_row(meta, status, error, document, counts), meta)
    tables["extraction_issues"] = stamped(_issues_table(meta, issues), meta)
    return DocumentTables(meta, status, tables)


def rejected_tables(meta: DocumentMeta, code: str, message: str) -> DocumentTables:
    """The rows of a file that could not be read at all: its reason, and nothing else."""
    issues = [*meta.issues, Issue("error", code, message)]
    tables = {name: empty_table(name) for name in DATA_TABLES}
    tables["documents"] = stamped(_document_row(meta, "rejected", f"{code}: {message}", None, {}), meta)
    tables["extraction_issues"] = stamped(_issues_table(meta, issues), meta)
    return DocumentTables(meta, "rejected", tables)


def stamped(table: pa.Table, meta: DocumentMeta, canonical: bool = True) -> pa.Table:
    """The rows with their publication and the canonical flag: a file counts until the commit
    finds another format of its publication to prefer (`transforms.publications`)."""
    n = table.num_rows
    for name, value, type_ in (("publication_id", meta.publication_id, pa.string()), ("canonical", canonical, pa.bool_())):
        i = table.schema.get_field_index(name)
        table = table.set_column(i, table.schema.field(i), pa.array([value] * n, type_))
    return table


def with_issue(result: DocumentTables, issue: Issue) -> DocumentTables:
    """The same rows with one more issue recorded against the document."""
    extra = _issues_table(result.meta, [issue])
    tables = {**result.tables, "extraction_issues": pa.concat_tables([result.tables["extraction_issues"], extra])}
    return DocumentTables(result.meta, result.status, tables)


assert set(TABLES) == set(SCHEMAS)
