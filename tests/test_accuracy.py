"""Accuracy on real budget pages holds its floor: facts and money F1 per form of the corpus,
scored by the reference scorer's rules (`corpus/score.py`), can only go up.

Each page is read as the pipeline reads it (`process_file`: extractor, interpreter,
transforms); `make accuracy` runs the Prefect flow over the same pages and prints the figures
per page. When a change raises the figures, raise `corpus/floor.json` with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import accuracy
from transforms.files import process_file

FLOOR = json.loads((accuracy.CORPUS / "floor.json").read_text(encoding="utf-8"))


def score_form(form: str, tmp_path: Path) -> dict:
    raw = tmp_path / "raw"
    found = accuracy.materialise(form, raw)
    tables: dict[str, list[dict]] = {"indicator_facts": [], "sections": [], "financials": []}
    for page in found:
        result = process_file(raw, f"{page.folder}/{page.stem}{accuracy.FORMS[form][1]}")
        assert result.status != "rejected", f"{page.stem} ({form}) rejected"
        for name in tables:
            tables[name].extend(result.tables[name].to_pylist())
    return accuracy.summarise(accuracy.score_rows(found, tables))


@pytest.mark.parametrize("form", sorted(FLOOR))
def test_accuracy_holds_its_floor(form, tmp_path):
    figures = score_form(form, tmp_path)
    floor = FLOOR[form]
    assert figures["pages"] >= floor["pages"]
    assert figures["facts"]["f1"] >= floor["facts"] - 1e-9, figures
    assert figures["money"]["f1"] >= floor["money"] - 1e-9, figures
    assert (figures["sections_in_order"] or 0) >= floor["sections"] - 1e-9, figures


def test_corpus_is_real_and_wide():
    pages = accuracy.pages()
    municipalities = {p.gold["municipality"] for p in pages}
    assert len(pages) >= 60 and len(municipalities) >= 50
    reserved = (Path(__file__).resolve().parent.parent / "corpus" / "reserved.txt")
    if reserved.exists():
        slugs = {line.strip() for line in reserved.read_text().splitlines() if line.strip() and not line.startswith("#")}
        assert not {p.stem.split("_")[0] for p in pages} & slugs
