"""`write_report`: the warehouse as one static HTML file — a chart per indicator and a
data-quality panel. No script, no server, no external URL: the file is mailed around and
opened offline, so styles and charts are inline.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path

import duckdb

from bi.catalog import ensure_catalog
from bi.chart import build_series, indicator_svg
from bi.markup import h, html_document, number

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 0 24px 48px; color: #222; }
header { border-bottom: 1px solid #ccc; padding: 16px 0; }
h1 { margin: 0 0 4px; font-size: 1.6em; }
.meta, .note { color: #666; font-size: 0.9em; }
.counts { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 12px 0 0; }
.counts li { background: #f3f3f3; border-radius: 6px; padding: 6px 12px; }
.counts b { font-size: 1.3em; display: block; }
.panel { display: flex; flex-wrap: wrap; gap: 32px; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 24px; }
figure.indicator-chart { margin: 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: 12px; }
figure.indicator-chart svg { max-width: 100%; height: auto; display: block; }
figcaption { margin-bottom: 8px; }
figcaption .name { font-weight: 600; }
.status-rejected { color: #b00020; } .status-partial { color: #a65e00; } .status-ok { color: #1b7e3c; }
"""


def _records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _gather(con: duckdb.DuckDBPyConnection) -> dict:
    # One row per indicator, described by the latest budget that publishes it, positioned as
    # there; listed from `indicators` so indicators without any value get a figure too.
    indicators = _records(con, """
        select municipality, indicator_id, indicator, programme, section, source, unit, footnote,
               budget_year, table_index, row_index
        from indicators
        qualify row_number() over (partition by municipality, indicator_id
                                   order by budget_year desc nulls last, document_id, table_index, row_index) = 1
    """)
    series = _records(con, "select * from indicator_series order by municipality, indicator_id, area, period")
    known = {(i["municipality"], i["indicator_id"]) for i in indicators}
    for row in series:  # facts whose indicator row is missing still deserve a chart
        if (row["municipality"], row["indicator_id"]) not in known:
            known.add((row["municipality"], row["indicator_id"]))
            indicators.append({**row, "programme": None, "section": None, "source": None, "footnote": None,
                               "budget_year": row["budget_year"], "table_index": 0, "row_index": 0})
    return {
        "indicators": indicators,
        "series": series,
        "counts": _records(con, """
            select (select count(*) from documents) as documents,
                   (select count(distinct publication_id) from documents) as publications,
                   (select count(distinct municipality) from documents) as municipalities,
                   (select string_agg(distinct budget_year::varchar, ', ' order by budget_year::varchar)
                      from documents) as budget_years,
                   (select count(*) from (select distinct municipality, indicator_id from indicators)) as indicators,
                   (select count(*) from indicator_facts where canonical) as indicator_facts,
                   (select count(*) from extraction_issues) as issues,
                   (select max(finished_at) from runs) as last_run
        """)[0],
        "statuses": _records(con, "select status, count(*) as documents from documents group by status order by status"),
        "not_ok": _records(con, """
            select source_path, format, budget_year, status, error from documents
            where status <> 'ok' order by status desc, source_path
        """),
        "issues": _records(con, """
            select severity, code, count(*) as issues, count(distinct document_id) as documents
            from extraction_issues group by severity, code
            order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, issues desc, code
        """),
    }


def _table(columns: list[str], rows: list[list], numeric: set[str] = frozenset(), empty: str = "none") -> object:
    if not rows:
        return h("p", {"class": "note"}, empty)
    head = h("tr", None, [h("th", None, c) for c in columns])
    body = [h("tr", None, [cell if hasattr(cell, "tag") else h("td", {"class": "num" if c in numeric else None},
                                                                     "" if cell is None else cell)
                           for c, cell in zip(columns, row)]) for row in rows]
    return h("table", None, h("thead", None, head), h("tbody", None, body))


def _header(data: dict, warehouse: Path) -> object:
    counts = data["counts"]
    items = [
        (counts["documents"], "documents"), (counts["publications"], "publications"), (counts["municipalities"], "municipalities"),
        (counts["budget_years"] or "–", "budget years"), (counts["indicators"], "indicators"),
        (counts["indicator_facts"], "indicator facts"), (counts["issues"], "extraction issues"),
    ]
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    last_run = counts["last_run"].strftime("%Y-%m-%d %H:%M UTC") if counts["last_run"] else "not recorded"
    return h("header", None,
             h("h1", None, "Municipal budgets: indicators and data quality"),
             h("p", {"class": "meta"}, f"Warehouse {warehouse} · last pipeline run {last_run} · report generated {generated}"),
             h("ul", {"class": "counts"}, [h("li", None, h("b", None, value), label) for value, label in items]))


def _quality(data: dict) -> object:
    statuses = [[h("td", {"class": f"status-{r['status']}"}, r["status"]), r["documents"]] for r in data["statuses"]]
    not_ok = [[r["source_path"], r["format"], r["budget_year"],
               h("td", {"class": f"status-{r['status']}"}, r["status"]), r["error"]] for r in data["not_ok"]]
    issues = [[r["severity"], r["code"], r["issues"], r["documents"]] for r in data["issues"]]
    return h("section", {"id": "data-quality"},
             h("h2", None, "Data quality"),
             h("div", {"class": "panel"},
               h("div", None, h("h3", None, "Documents by status"),
                 _table(["status", "documents"], statuses, {"documents"})),
               h("div", None, h("h3", None, "Rejected and partial documents"),
                 _table(["document", "format", "budget year", "status", "error"], not_ok,
                        empty="none: every document was read in full")),
               h("div", None, h("h3", None, "Extraction issues by code"),
                 _table(["severity", "code", "issues", "documents"], issues, {"issues", "documents"},
                        empty="none recorded"))))


def _figure(indicator: dict, rows: list[dict]) -> object:
    unit = next((r["unit"] for r in rows if r["unit"]), None) or indicator["unit"]
    series = build_series(rows, indicator["municipality"], unit)
    details = [part for part in (indicator["section"], f"source: {indicator['source']}" if indicator["source"] else None,
                                 f"unit: {unit}" if unit else "no unit printed") if part]
    values = [[r["area"], r["period"], number(r["baseline"]) if r["baseline"] is not None else "",
               f"{r['comparator'] or ''}{number(r['target'])}" if r["target"] is not None else "",
               number(r["actual"]) if r["actual"] is not None else ""] for r in rows]
    return h("figure", {"class": "indicator-chart", "data-indicator-id": indicator["indicator_id"],
                        "data-municipality": indicator["municipality"]},
             h("figcaption", None,
               h("div", {"class": "name"}, indicator["indicator"]),
               h("div", {"class": "meta"}, " · ".join(details)),
               h("div", {"class": "note"}, f"Note: {indicator['footnote']}") if indicator["footnote"] else None),
             indicator_svg(indicator["indicator"], series, unit, [r["period"] for r in rows]),
             h("details", None, h("summary", None, f"values ({len(rows)} rows, latest budget first)"),
               _table(["area", "year", "baseline", "target", "actual"], values,
                      {"year", "baseline", "target", "actual"}, empty="no values")) if rows else None)


def _municipality(name: str | None, indicators: list[dict], series: list[dict]) -> object:
    by_indicator = {key: list(rows) for key, rows in groupby(series, key=lambda r: r["indicator_id"])}
    # Latest budget first, then in the order that budget prints them.
    ordered = sorted(indicators, key=lambda i: (-(i["budget_year"] or 0), i["programme"] or "",
                                                i["table_index"], i["row_index"]))
    blocks = []
    for (programme, section), group in groupby(ordered, key=lambda i: (i["programme"], i["section"])):
        title = " — ".join(part for part in (programme, section) if part) or "without section"
        blocks.append(h("h3", None, title))
        blocks.append(h("div", {"class": "charts"},
                        [_figure(i, by_indicator.get(i["indicator_id"], [])) for i in group]))
    return h("section", {"class": "municipality"}, h("h2", None, name or "(municipality unknown)"), blocks)


def _by_municipality(item: dict) -> str:
    return item["municipality"] or ""  # a document whose municipality is unknown sorts first


def write_report(warehouse_dir, out=None) -> Path:
    """Write the report (default `<warehouse>/report.html`) and return its path."""
    catalog = ensure_catalog(warehouse_dir)
    warehouse = catalog.parent
    out = Path(out) if out else warehouse / "report.html"
    with duckdb.connect(str(catalog), read_only=True) as con:
        data = _gather(con)
    indicators = sorted(data["indicators"], key=_by_municipality)
    series = sorted(data["series"], key=lambda r: (_by_municipality(r), r["indicator_id"], r["area"], r["period"] or 0))
    municipalities = [
        _municipality(name, list(group), [r for r in series if r["municipality"] == name])
        for name, group in groupby(indicators, key=lambda i: i["municipality"])
    ]
    page = h("html", {"lang": "en"},
             h("head", None,
               h("meta", {"charset": "utf-8"}),
               h("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
               h("title", None, "Municipal budgets: indicators and data quality"),
               h("link", {"rel": "icon", "href": "data:,"}),  # stops the browser asking for /favicon.ico
               h("style", None, STYLE)),
             h("body", None, _header(data, warehouse), _quality(data),
               h("h2", None, "Indicators"),
               h("p", {"class": "note"},
                 "Targets, actuals and the baseline as stated by the latest budget; Nederland and the peer "
                 "group beside the municipality's own actual. Numbers in Dutch notation (4,2 is four point two). "
                 "Hover a point for its value."),
               municipalities))
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    temporary.write_text(html_document(page), encoding="utf-8")
    os.replace(temporary, out)  # a browser refreshing the report never reads half a file
    return out
