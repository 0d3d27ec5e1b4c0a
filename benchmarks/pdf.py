"""PDF extraction against its floor, on a generated ~300-page budget book.

Every figure comes from a fresh process (so peak RSS is that stage's own) and all of them from
the same run on the same pages, so the ratios hold on a noisy machine:

* the floor: pypdfium2 plain text, and pdfplumber's `extract_text` alone;
* `extract_pdf` (layout, tables, structure) and the whole pipeline for one document
  (extraction plus every warehouse table);
* the same against pdfplumber on the book without its tables: prose, headings and lists;
* peak memory of `extract_pdf` on books of 100 and 300 pages (it should not grow with pages);
* a flow run over several books, serial against processes on all cores.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PAGES = 300


def _peak_mb() -> float:
    from tests.isolated import peak_rss_mb

    return peak_rss_mb()


def _pdfium_text(path: str) -> tuple[float, float, int]:
    import pypdfium2

    started = time.perf_counter()
    pdf = pypdfium2.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        page.get_textpage().get_text_range()
        page.close()
    pages = len(pdf)
    pdf.close()
    return time.perf_counter() - started, _peak_mb(), pages


def _plumber_text(path: str) -> tuple[float, float, int]:
    import pdfplumber

    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_text()
            page.close()
    return time.perf_counter() - started, _peak_mb(), pages


def _extract(path: str) -> tuple[float, float, int]:
    from extractors.pdf import extract_pdf

    started = time.perf_counter()
    document = extract_pdf(path)
    return time.perf_counter() - started, _peak_mb(), document.pages or 0


def _pipeline(path: str) -> tuple[float, float, int]:
    from transforms.files import process_file

    source = Path(path)
    started = time.perf_counter()
    result = process_file(source.parent, source.name)
    assert result.status != "rejected", result.tables["documents"]["error"][0]
    return time.perf_counter() - started, _peak_mb(), result.tables["documents"]["pages"][0].as_py()


def _fresh(function, *args):
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def _book(path: Path, pages: int, tables: bool = True) -> Path:
    from tests.pdf_fixtures import budget_book

    budget_book(path, pages=pages, renderer="reportlab", ruled=False, tables=tables)
    return path


def _stages(book: Path, stages: dict, figures: dict[str, float], prefix: str = "") -> dict[str, float]:
    """Each stage in a fresh process: its seconds; pages/s and peak MB go to `figures`."""
    seconds: dict[str, float] = {}
    print(f"{'stage':34} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}")
    for name, function in stages.items():
        elapsed, peak, pages = _fresh(function, str(book))
        seconds[name] = elapsed
        figures[f"{prefix}{name} pages/s"] = pages / elapsed
        figures[f"{prefix}{name} peak MB"] = peak
        print(f"{name:34} {pages:6d} {elapsed:8.2f} {pages / elapsed:8.1f} {peak:8.0f}")
    return seconds


def main() -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        book = _book(Path(tmp) / "boek-300.pdf", PAGES)
        small = _book(Path(tmp) / "boek-100.pdf", 100)
        prose = _book(Path(tmp) / "proza.pdf", PAGES, tables=False)
        stages = {
            "pypdfium2 plain text": _pdfium_text,
            "pdfplumber extract_text": _plumber_text,
            "extract_pdf (extraction alone)": _extract,
            "whole pipeline, one document": _pipeline,
        }
        print(f"\n== PDF: a generated budget book of {PAGES} pages ==")
        seconds = _stages(book, stages, figures)
        # Speed against speed (pages/s over pages/s): above 1 is faster than the reference.
        floor = seconds["pdfplumber extract_text"]
        figures["pipeline speed / pdfplumber extract_text"] = floor / seconds["whole pipeline, one document"]
        figures["extraction speed / pdfplumber extract_text"] = floor / seconds["extract_pdf (extraction alone)"]
        figures["pipeline speed / pypdfium2 text"] = seconds["pypdfium2 plain text"] / seconds["whole pipeline, one document"]
        for name in (
            "pipeline speed / pdfplumber extract_text",
            "extraction speed / pdfplumber extract_text",
            "pipeline speed / pypdfium2 text",
        ):
            print(f"{name:42} {figures[name]:6.2f}x")
        print("\n== PDF: the same book without its tables (prose, headings and lists) ==")
        prose_seconds = _stages(
            prose,
            {name: stages[name] for name in ("pdfplumber extract_text", "whole pipeline, one document")},
            figures,
            "prose: ",
        )
        name = "prose: pipeline speed / pdfplumber extract_text"
        figures[name] = prose_seconds["pdfplumber extract_text"] / prose_seconds["whole pipeline, one document"]
        print(f"{name:42} {figures[name]:6.2f}x\n")
        _, peak_small, pages_small = _fresh(_extract, str(small))
        figures["extract_pdf peak MB, 100 pages"] = peak_small
        print(f"{'extract_pdf peak MB, ' + str(pages_small) + ' pages':42} {peak_small:6.0f}")
        print(f"{'extract_pdf peak MB, ' + str(PAGES) + ' pages':42} {figures['extract_pdf (extraction alone) peak MB']:6.0f}")
        figures.update(_parallel(Path(tmp), small))
    return figures


def _parallel(tmp: Path, book: Path, copies: int = 4) -> dict[str, float]:
    """A flow run over several books and text documents: one worker against all cores."""
    import os

    from flows.pipeline import run_pipeline

    raw = tmp / "raw"
    for index in range(copies):
        folder = raw / f"gemeente-{index}" / "2025"
        folder.mkdir(parents=True)
        data = book.read_bytes() + f"\n% kopie {index}\n".encode()  # distinct bytes, same content
        (folder / "begroting.pdf").write_bytes(data)
    seeds = Path(__file__).resolve().parent.parent / "raw"
    shutil.copytree(seeds, raw, dirs_exist_ok=True)
    (tmp / "empty").mkdir()
    run_pipeline(raw_dir=str(tmp / "empty"), warehouse_dir=str(tmp / "warmup"))  # starts Prefect's API
    timings = {}
    for label, workers in (("serial", 1), ("all cores", os.cpu_count() or 1)):
        started = time.perf_counter()
        summary = run_pipeline(raw_dir=str(raw), warehouse_dir=str(tmp / f"wh-{workers}"), runner="process", workers=workers)
        timings[label] = time.perf_counter() - started
        assert not summary.rejected
    ratio = timings["all cores"] / timings["serial"]
    print(f"\n== flow over {copies} PDF books of {book.stem} and 3 text/HTML documents ==")
    print(f"{'one worker (s)':42} {timings['serial']:6.1f}")
    print(f"{'processes on all cores (s)':42} {timings['all cores']:6.1f}")
    print(f"{'all cores / one worker':42} {ratio:6.2f}")
    return {"flow one worker s": timings["serial"], "flow all cores s": timings["all cores"], "flow parallel ratio": ratio}


if __name__ == "__main__":
    main()
