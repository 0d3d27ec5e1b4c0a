"""The warehouse contract: one explicit pyarrow schema per table, declared here only.

Every table is partitioned by `budget_year` (hive style: `<table>/budget_year=<YYYY>/…`); the
partition column is part of the schema below but lives in the path, not in the files. Field
descriptions travel in the Parquet metadata and feed the data dictionary.

Changing a schema is a versioned change: bump `SCHEMA_VERSION` and note it in CHANGELOG.md.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 3
PARTITION_COLUMN = "budget_year"


def _field(name: str, type_: pa.DataType, description: str, *, nullable: bool = True, example: str = "") -> pa.Field:
    metadata = {"description": description}
    if example:
        metadata["example"] = example
    return pa.field(name, type_, nullable=nullable, metadata=metadata)


_DOCUMENT_ID = _field("document_id", pa.string(), "sha256 of the raw file's bytes", nullable=False, example="7c2f7f64…")
_BUDGET_YEAR = _field(PARTITION_COLUMN, pa.int32(), "the year the budget is for (partition column)", example="2025")
_MUNICIPALITY = _field("municipality", pa.string(), "municipality (gemeente) that published the document", example="Dalfsen")
_PROGRAMME = _field("programme", pa.string(), "programme of the budget", example="Sociaal Domein")
_SECTION_NUMBER = _field("section_number", pa.string(), "section number as printed, if any", example="7.3")
_SECTION = _field("section", pa.string(), "section title without its number", example="Participatie")
_PAGE = _field("page", pa.int32(), "PDF page, 1-based; null for text and HTML", example="42")
_TABLE_INDEX = _field("table_index", pa.int32(), "position of the table in the document, 1-based", nullable=False, example="3")
_ROW_INDEX = _field("row_index", pa.int32(), "position of the row in its table body, 1-based", nullable=False, example="2")
_INDICATOR_ID = _field("indicator_id", pa.string(), "stable slug of the indicator name, equal across documents and years", nullable=False, example="aantal-huishoudens-met-bewindvoering")
_INDICATOR = _field("indicator", pa.string(), "indicator name as printed, footnote marker removed", nullable=False, example="Aantal huishoudens met bewindvoering")
_SOURCE = _field("source", pa.string(), "the Bron column", example="Eigen administratie")
_FOOTNOTE = _field("footnote", pa.string(), "footnote text resolved from the indicator's marker", example="Beschut Werk: de opgave na 2021 e.v. is nog niet bekend")
_GROUP = _field("indicator_group", pa.string(), "the group row the indicator stands under in its table", example="Leerlingen per 1 oktober")
_COLUMN_INDEX = _field("column_index", pa.int32(), "position of the column in its table, 0-based", nullable=False, example="3")
_COLUMN_LABEL = _field("column_label", pa.string(), "the column's header as printed, bands joined top to bottom", nullable=False, example="Realisatie 2023")

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            _DOCUMENT_ID,
            _field("source_path", pa.string(), "path of the raw file relative to the raw folder", nullable=False, example="dalfsen/2025/sociaal-domein.html"),
            _field("format", pa.string(), "text, html or pdf", nullable=False, example="html"),
            _MUNICIPALITY,
            _BUDGET_YEAR,
            _field("document_type", pa.string(), "begroting, jaarrekening or kadernota", example="begroting"),
            _field("title", pa.string(), "title of the document as printed", example="Sociaal Domein"),
            _field("pages", pa.int32(), "number of PDF pages", example="312"),
            _field("bytes", pa.int64(), "size of the raw file", nullable=False, example="19273"),
            _field("status", pa.string(), "ok, partial (some parts unreadable) or rejected", nullable=False, example="ok"),
            _field("error", pa.string(), "why the document was rejected or is partial", example="file is empty"),
            _field("export_date", pa.date32(), "export date printed in a web page footer", example="2024-10-29"),
            _field("sections", pa.int32(), "number of sections found", example="17"),
            _field("indicator_facts", pa.int32(), "number of indicator facts extracted", example="36"),
            _field("pipeline_version", pa.string(), "version of the pipeline that extracted the document", nullable=False, example="0.1.0"),
        ]
    ),
    "sections": pa.schema(
        [
            _DOCUMENT_ID,
            _BUDGET_YEAR,
            _MUNICIPALITY,
            _PROGRAMME,
            _field("position", pa.int32(), "order of the section in the document, 1-based", nullable=False, example="3"),
            _SECTION_NUMBER,
            _field("section", pa.string(), "section title without its number", nullable=False, example="Participatie"),
            _field("parent", pa.string(), "title of the enclosing section or programme", example="Sociaal Domein"),
            _field("level", pa.int32(), "nesting depth; 1 for a section directly under its programme", nullable=False, example="1"),
            _PAGE,
        ]
    ),
    "section_texts": pa.schema(
        [
            _DOCUMENT_ID,
            _BUDGET_YEAR,
            _MUNICIPALITY,
            _PROGRAMME,
            _SECTION_NUMBER,
            _field("section", pa.string(), "section title; null for text before the first section", example="Wmo"),
            _field("question", pa.string(), "bereiken, doen, meten, kosten or overig", nullable=False, example="doen"),
            _field("position", pa.int32(), "order of the text in the document, 1-based", nullable=False, example="14"),
            _field("kind", pa.string(), "paragraph or list_item", nullable=False, example="list_item"),
            _field("level", pa.int32(), "list nesting, 0 for a paragraph", nullable=False, example="1"),
            _field("text", pa.string(), "the text, white space normalised", nullable=False, example="Het begeleiden van de vluchtelingen;"),
            _PAGE,
        ]
    ),
    "indicators": pa.schema(
        [
            _DOCUMENT_ID,
            _BUDGET_YEAR,
            _MUNICIPALITY,
            _PROGRAMME,
            _SECTION_NUMBER,
            _SECTION,
            _INDICATOR_ID,
            _INDICATOR,
            _SOURCE,
            _field("unit", pa.string(), "Eenheid, else % or EUR from the cells", example="%"),
            _FOOTNOTE,
            _GROUP,
            _field("indicator_number", pa.string(), "the row's number as printed in a Nr. / Progr. column", example="1"),
            _field("definition", pa.string(), "definition or description printed with the indicator", example="Het aantal verwijzingen naar Halt, per 10.000 jongeren."),
            _field("table_kind", pa.string(), "indicator (a table of values) or definitions (names, units and sources only)", nullable=False, example="indicator"),
            _field("facts", pa.int32(), "number of facts the row yielded", nullable=False, example="6"),
            _TABLE_INDEX,
            _ROW_INDEX,
            _PAGE,
        ]
    ),
    "indicator_facts": pa.schema(
        [
            _DOCUMENT_ID,
            _MUNICIPALITY,
            _BUDGET_YEAR,
            _PROGRAMME,
            _SECTION_NUMBER,
            _SECTION,
            _INDICATOR_ID,
            _INDICATOR,
            _SOURCE,
            _field("unit", pa.string(), "Eenheid, else % or EUR from the cell", example="%"),
            _GROUP,
            _field("measure", pa.string(), "baseline (nulmeting), target (streefwaarde, begroting), actual (measured) or forecast (prognose)", nullable=False, example="target"),
            _field("area", pa.string(), "the municipality, Nederland, or a size class / peer group", nullable=False, example="Nederland"),
            _field("period", pa.int32(), "the year the value is about", example="2024"),
            _field("value", pa.float64(), "parsed number; null for '-', 'n.b.' and the like", example="4.2"),
            _field("comparator", pa.string(), ">, >=, < or <= when the target is a bound", example=">"),
            _field("value_text", pa.string(), "the cell as printed, trimmed", nullable=False, example="82% (2017)"),
            _FOOTNOTE,
            _COLUMN_INDEX,
            _COLUMN_LABEL,
            _TABLE_INDEX,
            _ROW_INDEX,
            _PAGE,
        ]
    ),
    "financials": pa.schema(
        [
            _DOCUMENT_ID,
            _MUNICIPALITY,
            _BUDGET_YEAR,
            _PROGRAMME,
            _SECTION_NUMBER,
            _SECTION,
            _field("line_item", pa.string(), "row label (all its label cells): Lasten, Baten, Saldo, a programme or taakveld", nullable=False, example="01 Sociaal domein lasten"),
            _field("line_group", pa.string(), "the group row the line stands under: Lasten, Baten, a programme, reserves", example="Baten"),
            _COLUMN_INDEX,
            _field("column_label", pa.string(), "column header as printed, bands joined top to bottom; empty when the column has none", nullable=False, example="Begroting 2025"),
            _field("measure", pa.string(), "what the column holds: actual (rekening, realisatie), budget (begroting), amended (begroting na wijziging), forecast (raming, meerjarenraming) or difference (verschil)", nullable=False, example="budget"),
            _field("period", pa.int32(), "year of the column", example="2025"),
            _field("amount_eur", pa.float64(), "amount in euros, scale applied, negative for credits", example="-1234000"),
            _field("value_text", pa.string(), "the cell as printed", nullable=False, example="(1.234)"),
            _field("scale", pa.float64(), "multiplier printed with the table (x € 1.000 gives 1000)", nullable=False, example="1000"),
            _TABLE_INDEX,
            _ROW_INDEX,
            _PAGE,
        ]
    ),
    "table_cells": pa.schema(
        [
            _DOCUMENT_ID,
            _BUDGET_YEAR,
            _MUNICIPALITY,
            _SECTION,
            _TABLE_INDEX,
            _field("table_kind", pa.string(), "what the interpreter made of the table: indicator, money, definitions or unknown", nullable=False, example="unknown"),
            _field("row", pa.int32(), "row of the cell in the table as printed, 0-based, header rows included", nullable=False, example="0"),
            _field("col", pa.int32(), "column of the cell, 0-based", nullable=False, example="2"),
            _field("rowspan", pa.int32(), "rows the cell spans", nullable=False, example="1"),
            _field("colspan", pa.int32(), "columns the cell spans", nullable=False, example="3"),
            _field("is_header", pa.bool_(), "the cell stands in the table's header rows", nullable=False, example="true"),
            _field("header_path", pa.string(), "the header texts over the cell's column, top to bottom, joined by ' / '", example="Realisatie / 2023"),
            _field("text", pa.string(), "the cell as printed, white space normalised", nullable=False, example="4,2"),
            _PAGE,
        ]
    ),
    "extraction_issues": pa.schema(
        [
            _DOCUMENT_ID,
            _BUDGET_YEAR,
            _field("source_path", pa.string(), "path of the raw file relative to the raw folder", nullable=False, example="dalfsen/2025/x.pdf"),
            _field("severity", pa.string(), "info (a guess), warning (something skipped) or error (something lost)", nullable=False, example="warning"),
            _field("code", pa.string(), "stable code of the issue kind", nullable=False, example="footnote-unresolved"),
            _field("message", pa.string(), "what happened, in words", nullable=False, example="footnote marker '*' has no footnote text"),
            _field("location", pa.string(), "where: page, line, table and row", example="table 2 row 5"),
        ]
    ),
}

# One publication, several files (its HTML page and its text export, a PDF print): every row
# says which publication it belongs to and whether its file is the one to count.
_PUBLICATION_ID = _field(
    "publication_id", pa.string(),
    "the publication the file is one format of: municipality, budget year, document type and file name without extension",
    nullable=False, example="4be1a0c9…",
)
_CANONICAL = _field(
    "canonical", pa.bool_(),
    "true for the one file counted per publication (HTML over text over PDF, read over rejected); sum over `where canonical`",
    nullable=False, example="true",
)
SCHEMAS = {name: schema.append(_PUBLICATION_ID).append(_CANONICAL) for name, schema in SCHEMAS.items()}

MEASURES = ("baseline", "target", "actual", "forecast")
MONEY_MEASURES = ("actual", "budget", "amended", "forecast", "difference")
QUESTIONS = ("bereiken", "doen", "meten", "kosten", "overig")
STATUSES = ("ok", "partial", "rejected")


def empty_table(name: str) -> pa.Table:
    return SCHEMAS[name].empty_table()


def table_from_rows(name: str, rows: list[dict]) -> pa.Table:
    """Build a table of the declared schema; missing keys become null, unknown keys fail."""
    schema = SCHEMAS[name]
    names = set(schema.names)
    for row in rows:
        extra = set(row) - names
        if extra:
            raise KeyError(f"{name}: columns not in the schema: {sorted(extra)}")
    return pa.Table.from_pylist(rows, schema=schema)


# The run history is about runs, not documents: one file, no budget-year partition.
RUNS_SCHEMA = pa.schema(
    [
        _field("run_id", pa.string(), "Prefect flow run id", nullable=False, example="3f1c…"),
        _field("started_at", pa.timestamp("us", tz="UTC"), "when the run started", nullable=False),
        _field("finished_at", pa.timestamp("us", tz="UTC"), "when the run finished", nullable=False),
        _field("raw_dir", pa.string(), "raw folder the run read", nullable=False, example="raw"),
        _field("selection", pa.string(), "years, municipalities and force flag of a backfill, as JSON", example='{"years": [2024]}'),
        _field("runner", pa.string(), "task runner: thread, process or dask", nullable=False, example="process"),
        _field("documents_new", pa.int32(), "raw files seen for the first time", nullable=False),
        _field("documents_changed", pa.int32(), "raw files whose bytes changed", nullable=False),
        _field("documents_unchanged", pa.int32(), "raw files skipped", nullable=False),
        _field("documents_removed", pa.int32(), "raw files gone from raw/, rows removed", nullable=False),
        _field("documents_rejected", pa.int32(), "processed files that were rejected", nullable=False),
        _field("documents_partial", pa.int32(), "processed files read in part", nullable=False),
        _field("indicator_facts_written", pa.int64(), "indicator facts written", nullable=False),
        _field("rows_written", pa.string(), "rows written per table and budget year, as JSON"),
        _field("issues_by_code", pa.string(), "extraction issues by code, as JSON"),
        _field("seconds_plan", pa.float64(), "time spent finding what changed"),
        _field("seconds_extract", pa.float64(), "time spent extracting"),
        _field("seconds_write", pa.float64(), "time spent writing the warehouse"),
        _field("seconds_total", pa.float64(), "wall time of the run", nullable=False),
        _field("pipeline_version", pa.string(), "pipeline version", nullable=False, example="0.1.0"),
    ]
)
