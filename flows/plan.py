"""What a run has to do: which raw files are new, changed, unchanged or gone.

A file is unchanged when its size and mtime match the manifest and the pipeline version is the
same; only then is it skipped without reading. A touched file whose bytes hash the same is
unchanged too. A copy of bytes another path holds (status `duplicate`) is loaded when that
path is removed. A selection (years, municipalities) limits both what is processed and what may be
removed, so a backfill of 2024 never touches 2023.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from extractors import format_of
from flows.warehouse import Manifest, ManifestEntry
from transforms.identity import PathInfo, sha256_file, slugify


@dataclass(frozen=True)
class RawFile:
    relative_path: str  # posix path under the raw folder (bytes that are no UTF-8 as `\xe9`)
    size: int
    mtime_ns: int
    name_is_text: bool = True  # False: the name's bytes are no UTF-8; the file is not read

    @property
    def path_info(self) -> PathInfo:
        return PathInfo.parse(self.relative_path)


@dataclass
class Plan:
    to_process: list[RawFile] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[ManifestEntry] = field(default_factory=list)
    touched_only: dict[str, ManifestEntry] = field(default_factory=dict)  # same bytes, new mtime


def discover(raw_dir: str | Path) -> list[RawFile]:
    """Every regular file under `raw_dir`, hidden files and folders excluded, in path order."""
    root = Path(raw_dir)
    found: list[RawFile] = []
    for folder, folders, files in os.walk(root, followlinks=False):
        folders[:] = sorted(d for d in folders if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                stat = None  # a dangling link: still listed, so its rejection is recorded
            relative = path.relative_to(root).as_posix()
            try:
                relative.encode("utf-8")
                shown, is_text = relative, True
            except UnicodeEncodeError:
                # Prefect, Parquet and JSON carry text only: such a name is shown escaped, and
                # the file is recorded as rejected, not read.
                shown, is_text = os.fsencode(relative).decode("utf-8", "backslashreplace"), False
            found.append(RawFile(shown, stat.st_size if stat else 0, stat.st_mtime_ns if stat else 0, is_text))
    return found


def selected(path: str, years: set[int] | None, municipalities: set[str] | None, year_hint: int | None = None) -> bool:
    info = PathInfo.parse(path)
    if years is not None and (info.budget_year or year_hint or info.file_year) not in years:
        return False
    if municipalities is not None and info.municipality_slug not in municipalities:
        return False
    return True


def make_plan(
    raw_dir: str | Path,
    files: list[RawFile],
    manifest: Manifest,
    *,
    pipeline_version: str,
    years: set[int] | None = None,
    municipalities: set[str] | None = None,
    force: bool = False,
) -> Plan:
    municipalities = {slugify(m) for m in municipalities} if municipalities else None
    plan = Plan()
    present = set()
    version_changed = manifest.pipeline_version != pipeline_version
    for raw in files:
        present.add(raw.relative_path)
        entry = manifest.entries.get(raw.relative_path)
        if not selected(raw.relative_path, years, municipalities, entry.budget_year if entry else None):
            continue
        if entry is None:
            plan.new.append(raw.relative_path)
            plan.to_process.append(raw)
            continue
        stale = force or version_changed or entry.pipeline_version != pipeline_version
        if not stale and entry.size == raw.size and entry.mtime_ns == raw.mtime_ns:
            plan.unchanged.append(raw.relative_path)
            continue
        if not stale and entry.size == raw.size and _same_bytes(Path(raw_dir) / raw.relative_path, entry.sha256):
            plan.unchanged.append(raw.relative_path)
            plan.touched_only[raw.relative_path] = ManifestEntry(**{**entry.__dict__, "mtime_ns": raw.mtime_ns})
            continue
        plan.changed.append(raw.relative_path)
        plan.to_process.append(raw)
    for path, entry in sorted(manifest.entries.items()):
        if path not in present and selected(path, years, municipalities, entry.budget_year):
            plan.removed.append(entry)
    # A copy that was not loaded because another path held its bytes is loaded now that the
    # other path is gone.
    gone = {e.document_id for e in plan.removed}
    by_path = {raw.relative_path: raw for raw in files}
    for path in list(plan.unchanged):
        entry = manifest.entries[path]
        if entry.status == "duplicate" and entry.document_id in gone:
            plan.unchanged.remove(path)
            plan.touched_only.pop(path, None)
            plan.changed.append(path)
            plan.to_process.append(by_path[path])
    return plan


def _same_bytes(path: Path, sha256: str) -> bool:
    try:
        return sha256_file(path) == sha256
    except OSError:
        return False
