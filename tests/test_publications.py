"""One publication, several files: every row says its publication, one file per publication counts."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from flows.pipeline import run_pipeline
from transforms.publications import canonical_documents

pytestmark = pytest.mark.usefixtures("prefect_backend")


def documents(*rows: tuple[str, str, str, str, str]) -> pa.Table:
    names = ["document_id", "publication_id", "format", "status", "source_path"]
    return pa.Table.from_pylist([dict(zip(names, row)) for row in rows])


@pytest.mark.parametrize(
    "rows, expected",
    [
        # HTML over text over PDF
        ([("a", "p", "text", "ok", "x.txt"), ("b", "p", "html", "ok", "x.html"), ("c", "p", "pdf", "ok", "x.pdf")], {"b"}),
        # a file that was read over a rejected one, whatever its format
        ([("a", "p", "text", "ok", "x.txt"), ("b", "p", "html", "rejected", "x.html")], {"a"}),
        # partial counts as read
        ([("a", "p", "pdf", "partial", "x.pdf"), ("b", "p", "text", "rejected", "x.txt")], {"a"}),
        # one per publication; the first path among equals
        ([("a", "p", "text", "ok", "b/x.txt"), ("b", "p", "text", "ok", "a/x.txt"), ("c", "q", "pdf", "rejected", "y.pdf")], {"b", "c"}),
    ],
)
def test_canonical_documents(rows, expected):
    assert canonical_documents(documents(*rows)) == expected


def facts(warehouse, where: str = "true") -> tuple[int, float]:
    with duckdb.connect() as con:
        return con.execute(
            f"select count(*), sum(value) from read_parquet('{warehouse}/indicator_facts/*/*.parquet', hive_partitioning=true) where {where}"
        ).fetchone()


def test_a_sum_where_canonical_counts_each_publication_once(raw_copy, tmp_path):
    # raw/ holds the 2025 budget as text and as HTML, and the 2020 budget as text
    warehouse = tmp_path / "wh"
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse))
    count, total = facts(warehouse, "canonical")
    with duckdb.connect() as con:
        docs = con.execute(f"select source_path, canonical, publication_id from read_parquet('{warehouse}/documents/*/*.parquet', hive_partitioning=true) order by 1").fetchall()
    assert [(p, c) for p, c, _ in docs] == [
        ("dalfsen/2020/dalfsen_2020_sociaal-domein.txt", True),
        ("dalfsen/2025/dalfsen_2025_sociaal-domein.html", True),
        ("dalfsen/2025/dalfsen_2025_sociaal-domein.txt", False),
    ]
    assert docs[1][2] == docs[2][2] != docs[0][2]
    # the same as the two publications' facts, each counted once: the 2020 text and the 2025 HTML
    one_format = facts(warehouse, "document_id in (select document_id from read_parquet("
                                  f"'{warehouse}/documents/*/*.parquet', hive_partitioning=true) where format = 'html' or budget_year = 2020)")
    assert (count, round(total, 6)) == (one_format[0], round(one_format[1], 6))
    assert facts(warehouse)[0] > count  # every file's rows are kept

    # The HTML page goes: the text export of its publication is the one that counts now.
    (raw_copy / "dalfsen" / "2025" / "dalfsen_2025_sociaal-domein.html").unlink()
    run_pipeline(raw_dir=str(raw_copy), warehouse_dir=str(warehouse))
    assert facts(warehouse, "canonical") == facts(warehouse)
    assert facts(warehouse, "canonical")[0] == count
