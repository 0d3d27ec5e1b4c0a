"""`make accuracy`: the real pipeline over every form of every corpus page, scored against the gold.

For each form the corpus holds (the page's text, its HTML, its PDF prints) the pages are laid out
as a landing zone (`raw/<municipality>/<year>/<stem>.<ext>`), the Prefect flow runs over it into
a fresh warehouse, and the warehouse is scored with the reference scorer's matching rules
(`corpus/score.py`): per page and per form precision, recall and F1 of indicator facts and of
money cells, and whether the sections come out in order. The figures go to stdout and to
`corpus/accuracy.json`; `tests/test_accuracy.py` holds them as a floor.

usage: python -m benchmarks.accuracy [form …]
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# form -> (folder in the corpus, file ending)
FORMS: dict[str, tuple[str, str]] = {
    "text": ("docs", ".txt"),
    "html": ("html", ".html"),
    "pdf-chromium": ("pdf-chromium", ".pdf"),
    "pdf-writer": ("pdf-writer", ".pdf"),
    # Whole real PDF books, scored on the pages their gold covers (`pages` in the gold).
    "pdf-book": ("books", ".pdf"),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


score = _scorer()


@dataclass(frozen=True)
class Page:
    stem: str
    gold: dict
    gold_path: Path

    @property
    def folder(self) -> str:
        """`raw/<municipality>/<year>/`: the municipality as a slug of its name."""
        name = re.sub(r"[^a-z0-9]+", "-", _ascii(self.gold["municipality"]).lower()).strip("-")
        return f"{name}/{int(self.gold['budget_year'])}"


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def pages(corpus: Path = CORPUS, gold: str = "gold") -> list[Page]:
    return [
        Page(path.stem, json.loads(path.read_text(encoding="utf-8")), path)
        for path in sorted((corpus / gold).glob("*.json"))
    ]


def materialise(form: str, raw: Path, corpus: Path = CORPUS) -> list[Page]:
    """Lay the pages of one form out as a landing zone; the pages that have that form."""
    folder, ending = FORMS[form]
    found = []
    for page in pages(corpus, "books" if form == "pdf-book" else "gold"):
        source = corpus / folder / f"{page.stem}{ending}"
        if not source.exists():
            continue
        target = raw / page.folder / f"{page.stem}{ending}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        found.append(page)
    return found


@dataclass
class PageScore:
    stem: str
    facts_tp: int = 0
    facts_fp: int = 0
    facts_fn: int = 0
    money_tp: int = 0
    money_fp: int = 0
    money_fn: int = 0
    money_scored: bool = False
    sections_ok: bool | None = None
    misses: list[str] = field(default_factory=list)


def _norm_key(text) -> str:
    return re.sub(r"\W+", "", score.norm(text) or "")


def score_page(page: Page, facts: list[dict], sections: list[dict], money: list[dict]) -> PageScore:
    """One page's rows against its gold, by the reference scorer's rules."""
    gold = page.gold
    mun, year = _norm_key(gold["municipality"]), int(gold["budget_year"])

    def mine(rows: list[dict]) -> list[dict]:
        return [r for r in rows if _norm_key(r.get("municipality")) == mun and r.get("budget_year") is not None and int(r["budget_year"]) == year]

    result = PageScore(page.stem)
    if gold.get("pages"):
        # A book is scored on the pages its gold covers.
        covered = set(gold["pages"])
        facts = [r for r in facts if r.get("page") in covered]
        money = [r for r in money if r.get("page") in covered]
    got: dict = {}
    for row in mine(facts):
        got.setdefault(score.key(row), []).append(row)
    for fact in score.facts_of(gold):
        candidates = got.get(score.key(fact), [])
        hit = next((r for r in candidates if score.same(fact, r)), None)
        if hit is not None:
            result.facts_tp += 1
            candidates.remove(hit)
        else:
            result.facts_fn += 1
            result.misses.append(f"missed fact {score.key(fact)} = {fact.get('value')!r}; got {[c.get('value_text') for c in candidates]}")
    extra = [r for rows in got.values() for r in rows]
    result.facts_fp = len(extra)
    result.misses.extend(f"extra fact {score.key(r)} = {r.get('value_text')!r}" for r in extra[:10])
    money_scores = score.score_money(gold, page.gold_path, mine(money))
    if money_scores is not None:
        tp, fp, fn, misses, _ = money_scores
        result.money_tp, result.money_fp, result.money_fn, result.money_scored = tp, fp, fn, True
        result.misses.extend(f"missed money {m}" for m in misses[:10])
    wanted = [score.norm(t[-1] if isinstance(t, list) else t) for t in gold.get("sections", []) if t]
    if wanted:
        ordered = sorted(mine(sections), key=lambda r: r.get("position", 0))
        have = [score.norm(r.get("section")) for r in ordered]
        result.sections_ok = [h for h in have if h in set(wanted)] == wanted
    return result


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def summarise(scores: list[PageScore]) -> dict:
    ftp, ffp, ffn = (sum(getattr(s, f"facts_{k}") for s in scores) for k in ("tp", "fp", "fn"))
    mtp, mfp, mfn = (sum(getattr(s, f"money_{k}") for s in scores) for k in ("tp", "fp", "fn"))
    p, r, f = f1(ftp, ffp, ffn)
    mp, mr, mf = f1(mtp, mfp, mfn)
    with_sections = [s for s in scores if s.sections_ok is not None]
    return {
        "pages": len(scores),
        "facts": {"f1": round(f, 4), "precision": round(p, 4), "recall": round(r, 4), "tp": ftp, "fp": ffp, "fn": ffn},
        "money": {"f1": round(mf, 4), "precision": round(mp, 4), "recall": round(mr, 4), "tp": mtp, "fp": mfp, "fn": mfn},
        "sections_in_order": round(sum(bool(s.sections_ok) for s in with_sections) / len(with_sections), 4) if with_sections else None,
    }


def score_rows(pages_: list[Page], tables: dict[str, list[dict]]) -> list[PageScore]:
    return [score_page(p, tables["indicator_facts"], tables["sections"], tables["financials"]) for p in pages_]


def read_warehouse(warehouse: Path) -> dict[str, list[dict]]:
    return {name: score.load(warehouse, name) for name in ("indicator_facts", "sections", "financials")}


def run_form(form: str, corpus: Path = CORPUS) -> tuple[list[PageScore], float] | None:
    """The real pipeline (the Prefect flow) over one form of the corpus, scored."""
    from flows.pipeline import run_pipeline

    with tempfile.TemporaryDirectory(prefix=f"accuracy-{form}-") as tmp:
        raw, warehouse = Path(tmp) / "raw", Path(tmp) / "warehouse"
        found = materialise(form, raw, corpus)
        if not found:
            return None
        started = time.perf_counter()
        run_pipeline(raw_dir=str(raw), warehouse_dir=str(warehouse), runner="thread")
        seconds = time.perf_counter() - started
        return score_rows(found, read_warehouse(warehouse)), seconds


def _figures(name: str, x: dict) -> str:
    if not (x["tp"] or x["fp"] or x["fn"]):
        return f"{name} {'-':>5}{'':21}"
    return f"{name} F1 {x['f1']:.3f} (P {x['precision']:.3f} R {x['recall']:.3f})"


def _line(label: str, s: dict) -> str:
    sections = "-" if s["sections_in_order"] is None else f"{s['sections_in_order']:.2f}"
    return f"{label:58} {_figures('facts', s['facts'])}  {_figures('money', s['money'])}  sections {sections}"


def main(forms: list[str]) -> dict:
    report: dict = {"forms": {}, "pages": {}}
    for form in forms:
        ran = run_form(form)
        if ran is None:
            print(f"{form}: the corpus holds no pages in this form")
            continue
        scores, seconds = ran
        print(f"\n== {form}: {len(scores)} pages, pipeline {seconds:.1f} s")
        for s in scores:
            one = summarise([s])
            print(_line(f"  {s.stem}", one))
            report["pages"].setdefault(s.stem, {})[form] = one
        total = summarise(scores)
        report["forms"][form] = total
        print(_line(f"{form} (all pages)", total))
    print("\n== per form")
    for form, total in report["forms"].items():
        print(_line(form, total))
    (CORPUS / "accuracy.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main(sys.argv[1:] or [f for f, (folder, _) in FORMS.items() if (CORPUS / folder).is_dir()])


__all__ = ["Page", "PageScore", "pages", "materialise", "score_rows", "summarise", "asdict"]
