"""Every table, read or not, cell by cell -> `table_cells`: nothing on the page is lost, and a BI
user can reach the tables the interpreter did not understand."""

from __future__ import annotations

import pyarrow as pa

from core.model import Document, Grid, Section
from core.values import clean_text

from extractors.tables import TableReading
from transforms.schema import table_from_rows
from transforms.identity import DocumentMeta


def table_cells_table(
    document: Document, readings: list[tuple[Section | None, Grid, TableReading]], meta: DocumentMeta
) -> pa.Table:
    rows: list[dict] = []
    for table_index, (section, grid, reading) in enumerate(readings, start=1):
        header_rows = reading.header_rows
        paths = {c.index: c.label for c in reading.columns}
        if not paths:
            matrix = grid.matrix()
            for c in range(grid.n_cols):
                texts: list[str] = []
                for r in range(min(header_rows, grid.n_rows)):
                    text = clean_text(matrix[r][c])
                    if text and (not texts or texts[-1] != text):
                        texts.append(text)
                paths[c] = " / ".join(texts)
        for cell in grid.cells:
            rows.append(
                {
                    "document_id": meta.document_id,
                    "budget_year": meta.budget_year,
                    "municipality": meta.municipality,
                    "section": section.title if section else None,
                    "table_index": table_index,
                    "table_kind": reading.kind,
                    "row": cell.row,
                    "col": cell.col,
                    "rowspan": cell.rowspan,
                    "colspan": cell.colspan,
                    "is_header": cell.row < header_rows,
                    "header_path": paths.get(cell.col) or None,
                    "text": clean_text(cell.text),
                    "page": cell.page if cell.page is not None else grid.page,
                }
            )
    return table_from_rows("table_cells", rows)
