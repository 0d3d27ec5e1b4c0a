"""The Parquet warehouse on disk (or an object store): partitions, manifest and lock.

Layout::

    <warehouse>/<table>/budget_year=<YYYY>/part-0.parquet
    <warehouse>/_manifest.json      which raw file versions the warehouse holds
    <warehouse>/.lock               held by the one run writing

A write replaces a document's rows, never appends: each touched partition is read, stripped of
the rows of the documents being replaced, merged with their new rows and written to a temporary
name, then renamed over the old file — a reader sees the old partition or the new one, never
half a file. The manifest is written last, so a run killed midway is repaired by the next one:
the documents it had not committed are still "changed" and are extracted again. Before its
first write a run records the document ids it is about to write (`_pending.json`); the next run
removes the rows of those the manifest never took, so rows of a file that changed again or was
deleted after the kill do not stay behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import posixpath
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from transforms.schema import PARTITION_COLUMN, SCHEMA_VERSION, SCHEMAS

MANIFEST = "_manifest.json"
PENDING = "_pending.json"  # document ids a run is writing, until its manifest is written
LOCK = ".lock"
PART_FILE = "part-0.parquet"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # how Hive, Spark and DuckDB spell a null key


class SchemaMismatch(RuntimeError):
    """The warehouse was written with another schema version than this pipeline writes."""


class WarehouseBusy(RuntimeError):
    """Another run is writing to the same warehouse."""


@dataclass
class ManifestEntry:
    """One raw file version the warehouse holds rows of."""

    source_path: str
    size: int
    mtime_ns: int
    sha256: str
    document_id: str
    budget_year: int | None
    status: str
    pipeline_version: str


@dataclass
class Manifest:
    schema_version: int = SCHEMA_VERSION
    pipeline_version: str = ""
    entries: dict[str, ManifestEntry] = field(default_factory=dict)

    def to_json(self) -> str:
        body = {
            "schema_version": self.schema_version,
            "pipeline_version": self.pipeline_version,
            "files": [asdict(e) for _, e in sorted(self.entries.items())],
        }
        return json.dumps(body, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        body = json.loads(text)
        entries = {f["source_path"]: ManifestEntry(**f) for f in body.get("files", [])}
        return cls(body.get("schema_version", SCHEMA_VERSION), body.get("pipeline_version", ""), entries)


class Warehouse:
    def __init__(self, location: str):
        if "://" in location:
            self.fs, self.root = pafs.FileSystem.from_uri(location)
            self.local = isinstance(self.fs, pafs.LocalFileSystem)
        else:
            self.fs, self.root, self.local = pafs.LocalFileSystem(), os.path.abspath(location), True
        self.location = location
        self.fs.create_dir(self.root, recursive=True)
        self._lock_file = None

    # -- locking ---------------------------------------------------------------------------
    def lock(self) -> None:
        """Take the warehouse for this process; a second run gets `WarehouseBusy` at once."""
        if not self.local:
            return  # object stores: rely on the flow's Prefect concurrency limit
        handle = open(os.path.join(self.root, LOCK), "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise WarehouseBusy(f"warehouse {self.location} is being written by {holder}; try again when it finishes")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        self._lock_file = handle
        self.remove_stale_temporaries()

    def remove_stale_temporaries(self) -> list[str]:
        """Delete temp files of a run that was killed mid-write (safe: we hold the lock)."""
        removed = []
        for folder, _, files in os.walk(self.root):
            for name in files:
                if name.startswith(".") and name.endswith(".tmp"):
                    os.remove(os.path.join(folder, name))
                    removed.append(os.path.join(folder, name))
        return removed

    def unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    def __enter__(self) -> "Warehouse":
        self.lock()
        return self

    def __exit__(self, *exc) -> None:
        self.unlock()

    # -- paths -----------------------------------------------------------------------------
    def _path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts)

    def partition_path(self, table: str, year: int | None) -> str:
        key = NULL_PARTITION if year is None else str(year)
        return self._path(table, f"{PARTITION_COLUMN}={key}", PART_FILE)

    def table_path(self, table: str) -> str:
        return self._path(table)

    def _exists(self, path: str) -> bool:
        return self.fs.get_file_info(path).type == pafs.FileType.File

    def _write_atomic(self, path: str, write) -> None:
        parent = posixpath.dirname(path)
        self.fs.create_dir(parent, recursive=True)
        if not self.local:
            write(path)  # an object store PUT is atomic by itself
            return
        temporary = posixpath.join(parent, f".{posixpath.basename(path)}.{os.getpid()}.tmp")
        try:
            write(temporary)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)

    # -- manifest --------------------------------------------------------------------------
    def read_manifest(self) -> Manifest:
        path = self._path(MANIFEST)
        if not self._exists(path):
            return Manifest()
        with self.fs.open_input_stream(path) as stream:
            return Manifest.from_json(stream.read().decode("utf-8"))

    def check_schema(self) -> None:
        """Refuse a warehouse written with another schema version: rows of two versions in one
        folder would be read as one table by every BI tool."""
        manifest = self.read_manifest()
        if manifest.entries and manifest.schema_version != SCHEMA_VERSION:
            raise SchemaMismatch(
                f"warehouse {self.location} holds schema version {manifest.schema_version}; this pipeline writes "
                f"version {SCHEMA_VERSION} (CHANGELOG.md says what changed). Rebuild it from raw/ with "
                "`begroting run --rebuild`, or write to a new folder with --warehouse."
            )

    def clear(self) -> None:
        """Remove every table, the run history and the manifest: a rebuild from raw/ follows."""
        for table in [*SCHEMAS, "runs"]:
            folder = self._path(table)
            if self._exists(folder):
                self.fs.delete_dir(folder)
        for name in (MANIFEST, PENDING):
            if self._exists(self._path(name)):
                self.fs.delete_file(self._path(name))

    def write_manifest(self, manifest: Manifest) -> None:
        data = manifest.to_json().encode("utf-8")

        def write(target: str) -> None:
            with self.fs.open_output_stream(target) as stream:
                stream.write(data)

        self._write_atomic(self._path(MANIFEST), write)

    # -- canonical files -------------------------------------------------------------------
    def set_canonical(self, canonical: set[str]) -> list[int | None]:
        """Set every row's `canonical` flag to whether its document is in `canonical`, rewriting
        only the partitions of budget years where a document's flag changes; those years."""
        documents = self.read_table("documents")
        ids = pa.array(sorted(canonical), pa.string())
        if documents.num_rows == 0:
            return []
        should = pc.is_in(documents["document_id"], value_set=ids)
        changed = pc.not_equal(documents["canonical"], should)
        years = set(pc.filter(documents[PARTITION_COLUMN], changed).to_pylist())
        for table in SCHEMAS:
            for year in sorted(years & set(self.partition_years(table)), key=lambda y: (y is None, y)):
                part = self.read_partition(table, year)
                flags = pc.is_in(part["document_id"], value_set=ids)
                if not part["canonical"].equals(flags):
                    index = part.schema.get_field_index("canonical")
                    self.write_partition(table, year, part.set_column(index, part.schema.field(index), flags))
        return sorted(years, key=lambda y: (y is None, y))

    # -- pending writes --------------------------------------------------------------------
    def write_pending(self, document_ids: set[str]) -> None:
        """Record the ids about to be written, before the first partition is touched."""
        data = json.dumps(sorted(document_ids)).encode("utf-8")

        def write(target: str) -> None:
            with self.fs.open_output_stream(target) as stream:
                stream.write(data)

        self._write_atomic(self._path(PENDING), write)

    def clear_pending(self) -> None:
        path = self._path(PENDING)
        if self._exists(path):
            self.fs.delete_file(path)

    def sweep_pending(self) -> list[str]:
        """Remove the rows a killed run wrote under ids its manifest never took; those ids."""
        path = self._path(PENDING)
        if not self._exists(path):
            return []
        with self.fs.open_input_stream(path) as stream:
            pending = set(json.loads(stream.read().decode("utf-8")))
        ghosts = sorted(pending - {e.document_id for e in self.read_manifest().entries.values()})
        if ghosts:
            ids = pa.array(ghosts, pa.string())
            for table in SCHEMAS:
                for year in self.partition_years(table):
                    existing = self.read_partition(table, year)
                    stale = pc.is_in(existing["document_id"], value_set=ids)
                    if pc.any(stale).as_py():
                        self.write_partition(table, year, existing.filter(pc.invert(stale)))
        self.clear_pending()
        return ghosts

    def partition_years(self, table: str) -> list[int | None]:
        folder = self.table_path(table)
        if self.fs.get_file_info(folder).type != pafs.FileType.Directory:
            return []
        years: list[int | None] = []
        for info in self.fs.get_file_info(pafs.FileSelector(folder)):
            name = posixpath.basename(info.path)
            if info.type == pafs.FileType.Directory and name.startswith(f"{PARTITION_COLUMN}="):
                key = name.split("=", 1)[1]
                years.append(None if key == NULL_PARTITION else int(key))
        return years

    # -- tables ----------------------------------------------------------------------------
    def read_partition(self, table: str, year: int | None) -> pa.Table:
        path = self.partition_path(table, year)
        schema = file_schema(table)
        if not self._exists(path):
            return schema.empty_table()
        return pq.read_table(path, filesystem=self.fs, schema=schema)

    def write_partition(self, table: str, year: int | None, rows: pa.Table) -> None:
        path = self.partition_path(table, year)
        if rows.num_rows == 0:
            if self._exists(path):
                self.fs.delete_file(path)
            return

        def write(target: str) -> None:
            pq.write_table(rows, target, filesystem=self.fs, compression="zstd")

        self._write_atomic(path, write)

    def replace_documents(
        self,
        new_tables: dict[str, list[pa.Table]],
        replaced_ids: set[str],
        touched_years: dict[str, set[int | None]],
    ) -> dict[str, dict[int | None, int]]:
        """Swap the rows of `replaced_ids` for `new_tables` in every touched partition.

        Returns the number of new rows per table and budget year.
        """
        written: dict[str, dict[int | None, int]] = {}
        id_list = pa.array(sorted(replaced_ids), pa.string())
        for table, pieces in new_tables.items():
            by_year: dict[int | None, list[pa.Table]] = defaultdict(list)
            for piece in pieces:
                for year, part in split_by_year(table, piece):
                    by_year[year].append(part)
            years = set(touched_years.get(table, set())) | set(by_year)
            for year in sorted(years, key=lambda y: (y is None, y)):
                existing = self.read_partition(table, year)
                keep = existing.filter(pc.invert(pc.is_in(existing["document_id"], value_set=id_list)))
                merged = pa.concat_tables([keep, *by_year.get(year, [])])
                merged = merged.take(pc.sort_indices(merged["document_id"]))  # stable: rows keep their order
                self.write_partition(table, year, merged)
                count = sum(p.num_rows for p in by_year.get(year, []))
                if count:
                    written.setdefault(table, {})[year] = count
        return written

    def append_run(self, row: pa.Table) -> None:
        """Add one row to the run history (`runs/runs.parquet`), rewritten whole and atomically."""
        from transforms.schema import RUNS_SCHEMA

        path = self._path("runs", "runs.parquet")
        history = pq.read_table(path, filesystem=self.fs, schema=RUNS_SCHEMA) if self._exists(path) else None
        merged = pa.concat_tables([history, row.cast(RUNS_SCHEMA)]) if history is not None else row.cast(RUNS_SCHEMA)
        self._write_atomic(path, lambda target: pq.write_table(merged, target, filesystem=self.fs))

    def read_runs(self) -> pa.Table:
        from transforms.schema import RUNS_SCHEMA

        path = self._path("runs", "runs.parquet")
        return pq.read_table(path, filesystem=self.fs, schema=RUNS_SCHEMA) if self._exists(path) else RUNS_SCHEMA.empty_table()

    def read_table(self, table: str) -> pa.Table:
        """A whole table with its partition column, as a BI reader would see it."""
        import pyarrow.dataset as ds

        path = self.table_path(table)
        if self.fs.get_file_info(path).type != pafs.FileType.Directory:
            return SCHEMAS[table].empty_table()
        dataset = ds.dataset(
            path,
            filesystem=self.fs,
            format="parquet",
            schema=SCHEMAS[table],
            partitioning=ds.partitioning(pa.schema([SCHEMAS[table].field(PARTITION_COLUMN)]), flavor="hive"),
            exclude_invalid_files=False,
            ignore_prefixes=[".", "_"],
        )
        return dataset.to_table()


def file_schema(table: str) -> pa.Schema:
    """The schema of a partition file: the declared one without the partition column."""
    schema = SCHEMAS[table]
    schema = schema.remove(schema.get_field_index(PARTITION_COLUMN))
    return schema.with_metadata({"table": table, "schema_version": str(SCHEMA_VERSION)})


def split_by_year(name: str, table: pa.Table) -> Iterable[tuple[int | None, pa.Table]]:
    """Split rows by budget year and drop the partition column, which lives in the path."""
    if table.num_rows == 0:
        return []
    target = file_schema(name)
    years = table[PARTITION_COLUMN].to_pylist()
    out = []
    for year in sorted(set(years), key=lambda y: (y is None, y)):
        mask = pc.is_null(table[PARTITION_COLUMN]) if year is None else pc.equal(table[PARTITION_COLUMN], year)
        part = table.filter(mask).drop_columns([PARTITION_COLUMN])
        out.append((year, part.cast(target)))
    return out
