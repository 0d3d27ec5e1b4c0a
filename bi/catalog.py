"""The DuckDB catalog: one small file that BI tools open to see the warehouse as named views.

`<warehouse>/begroting.duckdb` holds no data, only views over the Parquet files, so it is
cheap to rewrite and never goes stale on new rows. It does go stale when a table gets its
first files (its view was created empty) or the warehouse moves (views hold absolute paths,
so the file works from any working directory); `ensure_catalog` notices both and rewrites it.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa

from bi.views import CONVENIENCE_VIEWS, TABLE_COMMENTS
from transforms.schema import PARTITION_COLUMN, RUNS_SCHEMA, SCHEMA_VERSION, SCHEMAS

CATALOG_FILE = "begroting.duckdb"
RUNS_FILE = ("runs", "runs.parquet")
# What the catalog was written for; a mismatch with the warehouse as it is now means rewrite.
_STAMP_TABLE = "_catalog"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _root(warehouse_dir) -> Path:
    location = str(warehouse_dir)
    if "://" in location:
        # DuckDB would need its httpfs extension, which an offline machine cannot fetch.
        raise ValueError(f"{location}: the catalog is written for a local warehouse folder only")
    root = Path(location).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a warehouse folder; run `begroting run` first")
    return root


def _files(root: Path, table: str) -> str | None:
    """The read_parquet glob of a table, or None when it has no files yet."""
    if table == "runs":
        path = root.joinpath(*RUNS_FILE)
        return path.as_posix() if path.is_file() else None
    if not any((root / table).glob("*/*.parquet")):
        return None
    return (root / table).as_posix() + "/*/*.parquet"


def _select(con: duckdb.DuckDBPyConnection, schema: pa.Schema, files: str | None, hive: bool) -> str:
    """The view body: the declared columns, in the declared order, with the declared types.

    A declared column that no file holds yet (files older than a schema change) reads as a
    typed null, so one stale partition cannot break the whole catalog.
    """
    types = dict(zip(schema.names, con.from_arrow(schema.empty_table()).types))
    present: set[str] = set()
    source = ""
    if files is not None:
        options = "hive_partitioning = false"
        if hive:
            # Without hive_types the partition column comes out BIGINT, not the contract's INTEGER.
            options = f"hive_partitioning = true, hive_types = {{{_literal(PARTITION_COLUMN)}: INTEGER}}"
        source = f"read_parquet({_literal(files)}, {options}, union_by_name = true)"
        present = {row[0] for row in con.execute(f"describe select * from {source}").fetchall()}
    columns = ", ".join(
        _identifier(name) if name in present else f"cast(null as {types[name]}) as {_identifier(name)}"
        for name in schema.names
    )
    # read_parquet fails on a glob that matches nothing, so a table without files is an empty select.
    return f"select {columns} from {source}" if source else f"select {columns} where false"


def _create_table_views(con: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    with_files = []
    tables = {**SCHEMAS, "runs": RUNS_SCHEMA}
    for name, schema in tables.items():
        files = _files(root, name)
        if files is not None:
            with_files.append(name)
        con.execute(f"create view {_identifier(name)} as {_select(con, schema, files, hive=name != 'runs')}")
        con.execute(f"comment on view {_identifier(name)} is {_literal(TABLE_COMMENTS[name])}")
        for field in schema:
            description = (field.metadata or {}).get(b"description", b"").decode("utf-8")
            if description:
                target = f"{_identifier(name)}.{_identifier(field.name)}"
                con.execute(f"comment on column {target} is {_literal(description)}")
    return with_files


STORAGE_VERSION = "v1.0.0"


def _stamp(root: Path) -> tuple[str, str, int]:
    with_files = [name for name in [*SCHEMAS, "runs"] if _files(root, name) is not None]
    return root.as_posix(), ",".join(with_files), SCHEMA_VERSION


def write_catalog(warehouse_dir) -> Path:
    """Write `<warehouse>/begroting.duckdb` with a view per table plus the convenience views."""
    root = _root(warehouse_dir)
    target = root / CATALOG_FILE
    # A temp name then a rename: a BI tool opening the catalog never sees half a file. The
    # `.….tmp` name is one the warehouse's stale-temporary sweep already cleans up.
    temporary = root / f".{CATALOG_FILE}.{os.getpid()}.tmp"
    leftovers = (temporary, temporary.with_name(temporary.name + ".wal"))
    for path in leftovers:
        path.unlink(missing_ok=True)
    try:
        # The oldest storage format that holds it: drivers of DuckDB 1.x (Power BI's ODBC
        # driver, Superset's duckdb-engine pins) open it as well as this one does.
        with duckdb.connect(str(temporary), config={"storage_compatibility_version": STORAGE_VERSION}) as con:
            _create_table_views(con, root)
            for name, (comment, body) in CONVENIENCE_VIEWS.items():
                con.execute(f"create view {_identifier(name)} as {body}")
                con.execute(f"comment on view {_identifier(name)} is {_literal(comment)}")
            con.execute(f"create table {_STAMP_TABLE} (warehouse varchar, tables_with_files varchar, schema_version integer)")
            con.execute(f"insert into {_STAMP_TABLE} values (?, ?, ?)", list(_stamp(root)))
            con.execute(f"comment on table {_STAMP_TABLE} is 'what this catalog was written for (internal)'")
        os.replace(temporary, target)
    finally:
        for path in leftovers:
            path.unlink(missing_ok=True)
    return target


def _is_current(path: Path, root: Path) -> bool:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            stamp = con.execute(f"select * from {_STAMP_TABLE}").fetchone()
    except duckdb.Error:
        return False  # missing stamp, an older layout or a damaged file: rewrite it
    return stamp == _stamp(root)


def ensure_catalog(warehouse_dir) -> Path:
    """The catalog path, (re)written first when missing or stale."""
    root = _root(warehouse_dir)
    path = root / CATALOG_FILE
    if path.is_file() and _is_current(path, root):
        return path
    return write_catalog(root)


def views(warehouse_dir) -> list[tuple[str, int, str]]:
    """(view, row count, comment) for every view of the catalog: tables first, then the rest."""
    path = ensure_catalog(warehouse_dir)
    with duckdb.connect(str(path), read_only=True) as con:
        comments = dict(con.execute("select view_name, comment from duckdb_views() where not internal").fetchall())
        return [
            (name, con.execute(f"select count(*) from {_identifier(name)}").fetchone()[0], comments.get(name) or "")
            for name in [*SCHEMAS, "runs", *CONVENIENCE_VIEWS]
        ]


def run_query(warehouse_dir, sql: str) -> tuple[list[str], list[tuple]]:
    """Run SQL against the catalog; returns (column names, rows). Raises duckdb.Error on bad SQL."""
    path = ensure_catalog(warehouse_dir)
    # Read-only: several readers (CLI, Superset, the report) may hold the file at once.
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute(sql)
        if cursor.description is None:
            return [], []  # a statement without a result, e.g. SET
        return [column[0] for column in cursor.description], cursor.fetchall()
