"""Shared fixtures: the seeds, the gold files and a real (temporary) Prefect backend."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLD_DIR = Path(__file__).resolve().parent / "gold"  # every fact the seeds must give, written by hand
SEED_2020 = RAW / "dalfsen" / "2020" / "dalfsen_2020_sociaal-domein.txt"
SEED_2025 = RAW / "dalfsen" / "2025" / "dalfsen_2025_sociaal-domein.txt"
HTML_2025 = RAW / "dalfsen" / "2025" / "dalfsen_2025_sociaal-domein.html"
FACT_KEYS = ("section", "indicator", "measure", "area", "period", "value_text", "value", "unit", "comparator")


def extract_tables(path: Path, relative: str):
    """One file extracted as the pipeline does it, nothing written: (Document, DocumentTables)."""
    from extractors import extract
    from transforms.build import document_tables
    from transforms.identity import PathInfo, resolve, sha256_bytes

    data = Path(path).read_bytes()
    document = extract(path)
    meta = resolve(
        PathInfo.parse(relative), document, document_id=sha256_bytes(data), size=len(data), format=document.format
    )
    return document, document_tables(document, meta)


def gold(name: str) -> dict:
    """The hand-made gold file of a seed."""
    return json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))


def normalise(value):
    """Gold comparisons normalise case and white space of text fields only."""
    return " ".join(value.split()).lower() if isinstance(value, str) else value


def fact_set(rows, keys=FACT_KEYS) -> list[tuple]:
    return sorted((tuple(normalise(r[k]) for k in keys) for r in rows), key=repr)


@pytest.fixture(scope="session")
def prefect_backend(tmp_path_factory):
    """A throw-away Prefect API (SQLite in a temp folder): flows run for real, no server needed."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A private copy of the repository's raw/ folder."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target
