"""Put printed cells back into their columns when the empty cells were dropped.

Text copied from a web page or a PDF keeps the order of a row's cells but not their places: an
empty cell leaves no trace, and a space-separated row does not even say where one cell ends and
the next begins. Given what each column holds (a label, a unit, a year, figures, a source), the
cells are placed by what they look like: the placement that fits best wins (`align_row`), and a
run of cells with no row breaks is cut into rows the same way (`cut_rows`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.values import NULL_MARKERS, clean_text, look
from core.vocabulary import _UNIT, area_of, fold, is_header_word, is_money_row_label

_SOURCE = re.compile(
    r"(cbs|duo|ggd|rivm|monitor|eigen|registrat|administratie|gegevens|onderzoek|enqu[eê]te|peiling|waarstaatjegemeente"
    r"|vng|politie|uwv|gws|ingrado|divosa|rijksoverheid|vektis|kadaster|coa|coelo|halt|lisa|abf|klimaatmonitor"
    r"|basisregistrat|bag\b|brp|suites|gemeente|veiligheidnl|omnibus|waarderingskamer|rijkswaterstaat|klpd|verwey)"
)
_CODE = re.compile(r"^([ivx]+\.)?\d{1,3}([.\-]\d{1,3})*\.?$|^[a-z]\.?$|^[ivx]+\.?$", re.IGNORECASE)
_MEASURED = re.compile(r"^[<>]?\s*\d+(?:[.,]\d+)?\s*%?\s+(dagen|weken|werkdagen|maanden|jaar|uur|minuten|km|kg|ha|euro)\b[^\d]{0,20}$", re.IGNORECASE)
_RANGE = re.compile(r"^[<>]?\s*\d+([.,]\d+)?\s*%?\s*[-–]\s*\d+([.,]\d+)?\s*%?$")  # `23-25`, `5-10%`
_TEXT_VALUE = re.compile(
    r"^(gelijk|stijging|daling|stijgend|dalend|minimaal gelijk|onbekend|nvt|n\.v\.t\.?|zie .{0,40}|geen .{0,20}"
    r"|ja|nee|voldoet.{0,30}|n\.n\.b\.?|nnb|volgt|nieuw|niet .{0,25})$",
    re.IGNORECASE,
)

# Costs of placing a cell in a column of each role; lower is a better fit.
SKIP = {"label": 1.6, "number": 0.5, "unit": 0.35, "source": 0.35, "period": 0.6, "area": 0.35, "note": 0.3, "value": 0.45}
GROUP_ROW = 0.8  # a label alone on its row: a group heading
BAD = 6.0


@lru_cache(maxsize=50_000)
def fit(role: str, text: str) -> float:
    """How badly `text` fits a column of `role`."""
    kind = _look(text)  # before cleaning: the line breaks of stacked figures tell them apart
    lines = [clean_text(x) for x in text.split("\n") if clean_text(x)]
    text = clean_text(text)
    folded = fold(text)
    if re.fullmatch(r"\*+\)?", text):
        # a lone `*` points to a footnote below: in a source column that names the source
        return 0.2 if role in ("source", "note") else 0.5 if role == "value" else 3.0
    if role == "value":
        if kind in ("number", "null"):
            return 0.0
        if kind == "year":
            return 0.5
        if _TEXT_VALUE.match(folded) or _RANGE.match(text) or re.fullmatch(r"[<>≤≥]=?\s*(19|20)\d\d", text):
            return 0.7
        if len(text) <= 60 and re.search(r"\d\s*%|€\s*-?\d", text):
            return 0.7  # `1% (woningen) en 5,5% (niet woningen)`: figures written out in words
        return 1.6 if len(text) <= 35 else BAD
    if kind in ("number", "null") and role != "number":
        return BAD if role in ("unit", "source", "area", "period") else 3.0
    if role == "label":
        if kind == "year" or _RANGE.match(text):
            return 2.5
        if text.endswith(":") and not re.search(r"\d", text):
            return 1.5  # a title that introduces the rows under it
        if re.match(r"(als |in )?%|x ?€|€|per \d", folded):
            return 1.8  # `Als % van totale loonsom`: a unit, never a name
        if _UNIT.match(folded) and len(folded) < 40:
            return 1.2
        # `aantal woningen` in lower case beside a name: what the figures count, not a name
        return 1.2 if text[:1].islower() and re.match(r"(aantal|percentage) \w+$", folded) else 0.0
    if role == "number":
        return 0.0 if _CODE.match(text) else 2.5
    if role == "unit":
        return 0.0 if _UNIT.match(folded) or len(folded.split()) <= 3 else 0.9
    if role == "source":
        return 0.0 if _SOURCE.search(folded) else 0.6
    if role == "period":
        return 0.0 if kind == "year" or re.match(r"^(19|20)\d\d\s*[-/]\s*(19|20)?\d\d$", text) else 4.0
    if role == "area":
        return 0.0 if all(area_of(x) or x[:1].isupper() for x in lines) else 1.0
    return 0.2  # note


def _look(text: str) -> str:
    """`look`, where a cell of stacked figures (`219 (2018)` over `190 (2018)`) is a figure and
    an amount printed `4.977-` or `(1.234)` is one too; `(2015)` alone is a year."""
    cleaned = clean_text(text)
    if re.fullmatch(r"\(\s*(19|20)\d{2}\s*\)", cleaned):
        return "year"
    seen = look(text, money=True)
    if seen == "text" and _MEASURED.match(cleaned):
        return "number"  # `28 dagen gemiddeld`: a figure with its unit written out
    return seen


@dataclass(frozen=True)
class Placed:
    cells: tuple[str, ...]  # one text per column, "" where empty
    cost: float
    values: int  # cells placed in value columns


def align_row(pieces: tuple[str, ...], roles: tuple[str, ...], joinable: tuple[bool, ...] = (), pack_left: bool = False) -> Placed | None:
    """The best placement of a row's pieces, in order, into columns of `roles`.

    `joinable[i]`: piece i and i+1 were only a space apart (a space-separated row), so they may
    be one cell. A value cell is never made of two pieces (those were joined when the row was
    cut into pieces). `pack_left`: of placements that fit as well, the one that leaves the later
    value columns empty (a web page's table drops the cells of figures not yet known: a target,
    a later year). None when the pieces cannot be placed.
    """
    k, w = len(pieces), len(roles)
    join = joinable or (False,) * k
    inf = float("inf")
    best = [[inf] * (w + 1) for _ in range(k + 1)]
    back: list[list[tuple[int, int, int] | None]] = [[None] * (w + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(w):
        for i in range(k + 1):
            here = best[i][j]
            if here == inf:
                continue
            skip = here + SKIP[roles[j]] - (1e-4 * j if pack_left and roles[j] == "value" else 0.0)
            if skip < best[i][j + 1]:
                best[i][j + 1], back[i][j + 1] = skip, (i, j, 0)
            end = i + 1
            while end <= k:
                text = " ".join(pieces[i:end])
                cost = here + fit(roles[j], text)
                if cost < best[end][j + 1]:
                    best[end][j + 1], back[end][j + 1] = cost, (i, j, 1)
                if roles[j] == "value" or end >= k or not join[end - 1]:
                    break
                end += 1
    if best[k][w] == inf:
        return None
    cells = [""] * w
    i, j = k, w
    values = 0
    while j > 0:
        step = back[i][j]
        assert step is not None
        pi, pj, used = step
        if used:
            cells[pj] = " ".join(pieces[pi:i])
            values += roles[pj] == "value"
        i, j = pi, pj
    return Placed(tuple(cells), best[k][w], values)


def cut_rows(blocks: list[str], roles: tuple[str, ...], label_slots: int = 1) -> list[tuple[str, ...] | str]:
    """Cut a run of cells printed one per line into rows: each a tuple of column texts, or a
    group heading (a str). The cut that fits best over the whole run wins."""
    return cut_rows_cost(blocks, roles, label_slots)[0]


def cut_rows_cost(blocks: list[str], roles: tuple[str, ...], label_slots: int = 1) -> tuple[list[tuple[str, ...] | str], float]:
    """`cut_rows`, with the cost of the cut (lower: the cells fit the columns better)."""
    n = len(blocks)
    width = len(roles)
    longest = width + label_slots + 1
    inf = float("inf")
    best = [inf] * (n + 1)
    back: list[tuple[int, tuple[str, ...] | str] | None] = [None] * (n + 1)
    best[0] = 0.0
    first_label = roles.index("label") if "label" in roles else None
    # Columns of words after the figures (area, source) anchor a row's right end: the cells it
    # drops are among the figures, and the later ones are the likelier to be empty.
    anchored = "value" in roles and any(r != "value" for r in roles[max(i for i, r in enumerate(roles) if r == "value") :])
    for i in range(n):
        if best[i] == inf:
            continue
        text = blocks[i]
        if _look(text) == "text":
            # `BBV indicatoren:` introduces the rows under it: a group row, header word or not
            introduces = text.rstrip().endswith(":") and not re.search(r"\d", text)
            cost = best[i] + GROUP_ROW + (0.6 if (is_money_row_label(text) or is_header_word(text)) and not introduces else 0.0)
            if cost < best[i + 1]:
                best[i + 1], back[i + 1] = cost, (i, text)
        for end in range(i + 1, min(n, i + longest) + 1):
            row = _label_run(blocks[i:end], roles, first_label, label_slots)
            if row is None:
                continue
            placed = align_row(row, roles, pack_left=anchored)
            if placed is None:
                continue
            extra = 0.0
            if placed.values == 0:
                # a row whose figures were left out (`Bezetting | Fte per 1.000 inwoners | *`):
                # a label with its unit and source, never a label alone
                filled = [r for r, c in zip(roles, placed.cells) if c]
                if "label" not in filled or not {"unit", "source"} & set(filled) or len(filled) < 3:
                    continue
                extra = 0.3
            cost = best[i] + placed.cost + extra
            if cost < best[end]:
                best[end], back[end] = cost, (i, placed.cells)
    if best[n] == inf:
        return [], inf
    out: list[tuple[str, ...] | str] = []
    j = n
    while j > 0:
        step = back[j]
        assert step is not None
        out.append(step[1])
        j = step[0]
    return out[::-1], best[n]


def _label_run(pieces: list[str], roles: tuple[str, ...], first_label: int | None, slots: int) -> tuple[str, ...] | None:
    """Join the leading text pieces that fill one label column (`01 Sociaal domein` + `lasten`
    in a money table with two label cells per row); None when too many stand before a value."""
    if first_label is None or slots <= 1:
        return tuple(pieces)
    lead = 0
    while lead < len(pieces) and _look(pieces[lead]) == "text" and lead < slots:
        lead += 1
    if lead <= 1:
        return tuple(pieces)
    labels = sum(1 for r in roles if r == "label")
    if lead <= labels:
        return tuple(pieces)
    # Two label cells of one row: a programme and its `lasten` / `baten`, or a code and a name;
    # anything else before the label is a group heading of its own.
    second, first = pieces[lead - 1], pieces[lead - 2]
    if _CODE.match(clean_text(first)) and "number" in roles[:first_label]:
        return tuple(pieces)  # the code has a column of its own
    if is_money_row_label(second) or _CODE.match(clean_text(first)):
        return (*pieces[: lead - 2], f"{first} {second}", *pieces[lead:])
    return tuple(pieces)


def is_null_marker(text: str) -> bool:
    return clean_text(text).lower() in NULL_MARKERS
