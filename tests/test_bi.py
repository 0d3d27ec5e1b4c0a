"""The BI layer: the DuckDB catalog on a real run over the seeds, the CLI, and the HTML report
rendered by a headless Chromium (the system one from apt, not a Playwright download)."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from bi.catalog import CATALOG_FILE, run_query, views, write_catalog
from bi.report import write_report
from flows.cli import app
from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse, split_by_year
from tests.conftest import RAW
from transforms.schema import SCHEMAS, table_from_rows

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, prefect_backend) -> Path:
    """One real run over a copy of raw/, shared by the tests here: the flow takes half a minute."""
    root = tmp_path_factory.mktemp("bi")
    shutil.copytree(RAW, root / "raw")
    summary = run_pipeline(raw_dir=str(root / "raw"), warehouse_dir=str(root / "warehouse"))
    assert summary.rejected == []
    return root / "warehouse"


def records(warehouse, sql: str) -> list[dict]:
    columns, rows = run_query(warehouse, sql)
    return [dict(zip(columns, row)) for row in rows]


# -- the catalog on the seeds ------------------------------------------------------------------

def test_catalog_has_a_view_per_table_and_the_convenience_views(seeded):
    path = write_catalog(seeded)
    assert path == seeded / CATALOG_FILE
    assert not [p for p in seeded.iterdir() if p.name.endswith((".tmp", ".wal"))]
    counts = {name: rows for name, rows, _ in views(seeded)}
    assert set(counts) == {*SCHEMAS, "runs", "indicator_latest", "indicator_series", "targets_vs_actuals"}
    assert counts["documents"] == 3 and counts["runs"] == 1
    assert counts["financials"] == 0  # no money tables in the seeds: the view exists, empty and typed
    types = dict(run_query(seeded, "select column_name, data_type from duckdb_columns() "
                                   "where table_name = 'indicator_facts'")[1])
    assert types["budget_year"] == "INTEGER" and types["value"] == "DOUBLE" and types["period"] == "INTEGER"


def test_indicator_series_puts_baseline_and_targets_side_by_side(seeded):
    rows = records(seeded, """
        select * from indicator_series
        where indicator_id = 'aantal-huishoudens-met-bewindvoering' order by period
    """)
    # Two renditions of the 2025 budget state the same values: still one row per period.
    assert [(r["area"], r["period"], r["baseline"], r["target"], r["actual"]) for r in rows] == [
        ("Dalfsen", 2021, 104.0, None, None),
        ("Dalfsen", 2023, None, 100.0, None),
        ("Dalfsen", 2024, None, 95.0, None),
        ("Dalfsen", 2025, None, 90.0, None),
        ("Dalfsen", 2026, None, 85.0, None),
        ("Dalfsen", 2027, None, 85.0, None),
    ]
    assert {(r["municipality"], r["indicator"], r["budget_year"]) for r in rows} == {
        ("Dalfsen", "Aantal huishoudens met bewindvoering", 2025)
    }
    documents = {r["document_id"] for r in records(seeded, "select document_id from documents where budget_year = 2025")}
    assert {r["document_id"] for r in rows} <= documents


def test_benchmark_actuals_give_every_area(seeded):
    rows = records(seeded, """
        select area, period, actual, unit from indicator_series where indicator_id = 'absoluut-verzuim'
    """)
    assert {(r["area"], r["period"], r["actual"]) for r in rows} == {
        ("Dalfsen", 2022, 21.0), ("Nederland", 2022, 4.2), ("25.000 - 50.000 inwoners", 2022, 4.2),
    }
    assert {r["unit"] for r in rows} == {"Aantal per 1.000 leerlingen 5-18 jr"}


def test_catalog_works_from_any_working_directory(seeded, tmp_path, monkeypatch):
    write_catalog(seeded)
    monkeypatch.chdir(tmp_path)
    with duckdb.connect(str(seeded / CATALOG_FILE), read_only=True) as con:
        assert con.execute("select count(*) from indicator_facts").fetchone()[0] > 0


# -- latest budget first and targets vs actuals, on a warehouse written by hand ----------------

def fact(budget_year, indicator_id, measure, period, value, comparator=None, area="Testdorp", **extra) -> dict:
    document = f"doc-{budget_year}"
    return {
        "document_id": document, "municipality": "Testdorp", "budget_year": budget_year, "programme": "P",
        "section": "S", "indicator_id": indicator_id, "indicator": extra.get("indicator", indicator_id.upper()),
        "unit": extra.get("unit"), "measure": measure, "area": area, "period": period, "value": value,
        "comparator": comparator, "value_text": "-" if value is None else f"{comparator or ''}{value}",
        "table_index": 1, "row_index": 1, "column_index": 1, "column_label": str(period),
        "publication_id": f"publication-{budget_year}", "canonical": extra.get("canonical", True),
    }


SYNTHETIC_FACTS = [
    # 'a': the 2024 budget raises the 2023 target set in 2022; the latest statement counts.
    fact(2022, "a", "target", 2023, 50.0, ">=", indicator="A old name"),
    fact(2024, "a", "target", 2023, 60.0, ">=", indicator="A new name", unit="%"),
    fact(2024, "a", "actual", 2023, 55.0, indicator="A new name", unit="%"),
    fact(2024, "a", "actual", 2023, 70.0, area="Nederland", indicator="A new name"),  # a benchmark, not own
    fact(2024, "b", "target", 2023, 10.0, "<"),
    fact(2024, "b", "actual", 2023, 8.0),
    fact(2024, "c", "target", 2023, 100.0),  # no comparator: more or less, nobody said
    fact(2024, "c", "actual", 2023, 120.0),
    fact(2024, "d", "target", 2023, 5.0, ">"),
    fact(2024, "d", "actual", 2023, 5.0),
    fact(2024, "e", "target", 2023, 3.0, "<="),
    fact(2024, "e", "actual", 2023, 3.0),
    fact(2024, "f", "target", 2023, 1.0),  # no actual: not in targets_vs_actuals
    fact(None, "g", "actual", 2023, 7.0),  # unknown budget year: the null partition
    fact(2024, "h", "target", 2024, None, indicator='<script>alert("x")</script> & co'),
    # the same publication's text export: not canonical, never counted
    fact(2024, "a", "target", 2023, 99.0, ">=", indicator="A new name", unit="%", canonical=False),
]


@pytest.fixture
def synthetic(tmp_path) -> Path:
    warehouse = Warehouse(str(tmp_path / "warehouse"))
    for year, part in split_by_year("indicator_facts", table_from_rows("indicator_facts", SYNTHETIC_FACTS)):
        warehouse.write_partition("indicator_facts", year, part)
    return tmp_path / "warehouse"


def test_latest_budget_first_and_the_null_partition(synthetic):
    rows = records(synthetic, "select * from indicator_series where indicator_id = 'a' order by area")
    assert [(r["area"], r["target"], r["actual"], r["comparator"]) for r in rows] == [
        ("Nederland", None, 70.0, None), ("Testdorp", 60.0, 55.0, ">="),
    ]
    assert {(r["indicator"], r["unit"], r["budget_year"]) for r in rows} == {("A new name", "%", 2024)}
    assert records(synthetic, "select budget_year, actual from indicator_series where indicator_id = 'g'") == [
        {"budget_year": None, "actual": 7.0}
    ]


def test_targets_vs_actuals_respects_the_comparator(synthetic):
    rows = records(synthetic, "select * from targets_vs_actuals order by indicator_id")
    assert [(r["indicator_id"], r["target"], r["actual"], r["difference"], r["met"]) for r in rows] == [
        ("a", 60.0, 55.0, -5.0, False),  # >= 60 not reached
        ("b", 10.0, 8.0, -2.0, True),  # < 10
        ("c", 100.0, 120.0, 20.0, None),  # no comparator: not judged
        ("d", 5.0, 5.0, 0.0, False),  # > is strict
        ("e", 3.0, 3.0, 0.0, True),  # <= allows equal
    ]
    assert {r["comparator"] for r in rows} == {">=", "<", None, ">", "<="}


def test_catalog_follows_tables_that_get_their_first_files(synthetic):
    assert records(synthetic, "select count(*) as n from documents") == [{"n": 0}]
    document = {"document_id": "doc-2024", "source_path": "testdorp/2024/x.txt", "format": "text",
                "municipality": "Testdorp", "budget_year": 2024, "bytes": 1, "status": "rejected",
                "error": "file is empty", "pipeline_version": "test", "publication_id": "p", "canonical": True}
    for year, part in split_by_year("documents", table_from_rows("documents", [document])):
        Warehouse(str(synthetic)).write_partition("documents", year, part)
    assert records(synthetic, "select status, error from documents") == [{"status": "rejected", "error": "file is empty"}]


class Markup(HTMLParser):
    """What a browser's parser makes of the report: its tags and the indicator names."""

    def __init__(self):
        super().__init__()
        self.tags, self.names, self._in_name = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_name = ("class", "name") in attrs

    def handle_data(self, data):
        if self._in_name:
            self.names.append(data)
            self._in_name = False


def test_report_escapes_text_from_the_documents(synthetic, tmp_path):
    html = write_report(synthetic, tmp_path / "r.html").read_text(encoding="utf-8")
    markup = Markup()
    markup.feed(html)
    assert "script" not in markup.tags
    assert '<script>alert("x")</script> & co' in markup.names  # shown as text, exactly as printed
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # nothing fetched from outside


# -- the command line --------------------------------------------------------------------------

def test_query_command_prints_rows(seeded):
    sql = "select area, actual from indicator_series where indicator_id = 'absoluut-verzuim' order by area"
    result = CliRunner().invoke(app, ["query", sql, "--warehouse", str(seeded)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Nederland" in result.output and "25.000 - 50.000 inwoners" in result.output and "4.2" in result.output
    assert "3 rows" in result.output


@pytest.mark.parametrize("sql", ["select nope from indicator_series", "selec 1", "create table x (a int)"])
def test_query_command_fails_cleanly_on_bad_sql(seeded, sql):
    result = CliRunner().invoke(app, ["query", sql, "--warehouse", str(seeded)], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "Traceback" not in result.output


def test_catalog_and_report_commands(seeded):
    result = CliRunner().invoke(app, ["catalog", "--warehouse", str(seeded)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "indicator_series" in result.output and "targets_vs_actuals" in result.output
    result = CliRunner().invoke(app, ["report", "--warehouse", str(seeded)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert (seeded / "report.html").is_file()
    result = CliRunner().invoke(app, ["query", "select 1", "--warehouse", str(seeded / "missing")])
    assert result.exit_code == 2 and "not a warehouse folder" in result.output


# -- the report in a real browser --------------------------------------------------------------

@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
def test_report_renders_in_headless_chromium(seeded, tmp_path):
    from playwright.sync_api import sync_playwright

    report = write_report(seeded, tmp_path / "report.html")
    ids = {r["indicator_id"] for r in records(seeded, "select distinct indicator_id from indicators")}
    # Points the charts must draw: every number that has a year, per indicator.
    expected_points = {r["indicator_id"]: r["n"] for r in records(seeded, """
        select indicator_id, count(baseline) + count(target) + count(actual) as n
        from indicator_series where period is not null group by indicator_id
    """)}
    assert len(ids) == 16  # 8 indicators in each seed; the 2025 renditions share theirs

    problems, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            figures = page.locator("figure.indicator-chart")
            figure_ids, drawn = [], {}
            for index in range(figures.count()):
                figure = figures.nth(index)
                indicator_id = figure.get_attribute("data-indicator-id")
                assert figure.locator("svg").count() == 1, indicator_id
                figure_ids.append(indicator_id)
                drawn[indicator_id] = figure.locator("svg .point").count()
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()

    assert problems == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert sorted(figure_ids) == sorted(ids)  # exactly one chart per indicator
    for indicator_id in ids:
        assert drawn[indicator_id] == expected_points.get(indicator_id, 0), indicator_id
    assert sum(1 for n in drawn.values() if n) == 15  # only 'Doel 6: aantal garantiebanen' has no values
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_catalog_is_written_in_a_storage_format_duckdb_1_reads(seeded):
    # DuckDB 2 writes a format DuckDB 1.x drivers cannot open; the catalog holds only views
    path = write_catalog(seeded)
    with duckdb.connect(str(path), read_only=True) as con:
        tags = con.execute("select tags from duckdb_databases() where database_name = current_database()").fetchone()[0]
    assert tags["storage_version"].startswith("v1.0.0")
