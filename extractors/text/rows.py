"""Rows whose cells are separated by nothing but spaces (text copied out of a PDF).

A row is cut into pieces: a figure with what belongs to it (`67 %`, `€ 3.736.833`,
`7.4 (2010)`, `Geen data`) is one piece, any other word is a piece that may join its
neighbours into a text cell. A header line is cut into its labels the same way: column words
(`Indicator`, `Eenheid`, `Bron`) and years stand alone, and the words between them make as many
labels as there are value columns, cut before capitals where the names of areas start.
"""

from __future__ import annotations

import itertools
import re

from core.values import clean_text, look
from core.vocabulary import _MONEY_COLUMN, DATE, area_of, column_word, fold, indicator_kind, is_header_word

_GLUE_BEFORE = {"€", "€-", "-€", "eur", "<", ">", "≥", "≤", "<=", ">=", "-/-", "minimaal", "maximaal", "max.", "min."}
_GLUE_AFTER = re.compile(r"^(%|%%|procent|\((?:19|20)\d{2}\)|\*+\)?|\d\))$", re.IGNORECASE)
_NULL_PHRASES = [("geen", "data"), ("niet", "beschikbaar"), ("nog", "niet", "bekend"), ("geen", "gegevens"), ("n.", "b.")]
_AREA_START = re.compile(r"^(waarde|referentiewaarde|referentie|gemiddelde|gem\.)$", re.IGNORECASE)


def pieces(line: str) -> list[str]:
    """The pieces of a space-separated row."""
    tokens = clean_text(line).split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        phrase = next((p for p in _NULL_PHRASES if tuple(t.lower() for t in tokens[i : i + len(p)]) == p), None)
        if phrase:
            out.append(" ".join(tokens[i : i + len(phrase)]))
            i += len(phrase)
            continue
        if token.lower() in _GLUE_BEFORE and i + 1 < len(tokens) and look(tokens[i + 1], money=True) == "number":
            token = f"{token} {tokens[i + 1]}"
            i += 1
        i += 1
        while i < len(tokens) and _GLUE_AFTER.match(tokens[i]) and look(token, money=True) in ("number", "null"):
            if tokens[i] == "%" and i + 1 < len(tokens) and re.fullmatch(r"(19|20)\d{2}", tokens[i + 1]):
                break  # `3 % 2019`: a number, then `%` in the unit column before the year
            token = f"{token} {tokens[i]}"
            i += 1
        out.append(token)
    return out


def is_figure(piece: str) -> bool:
    return look(piece, money=True) in ("number", "null") and piece not in ("x", "*")


def figure_run(parts: list[str]) -> int:
    """The longest run of figures in a row: how many value columns it fills."""
    best = run = 0
    for piece in parts:
        run = run + 1 if is_figure(piece) else 0
        best = max(best, run)
    return best


def is_space_row(line: str, figures: int = 2) -> bool:
    """A line of a table: a label and at least two figures (`figures`; one inside a table,
    where a row may leave columns empty, and where `2000` under a year is a figure), no sentence."""
    text = clean_text(line)
    if not text or len(text) > 300 or "|" in text or text.endswith((".", ":", ";")):
        return False
    parts = pieces(text)
    run = figure_run(parts)
    if figures == 1 and run < 2:
        run = figure_run(["0" if re.fullmatch(r"(19|20)\d{2}", p) else p for p in parts])
    if run < figures or (run == 1 and not is_figure(parts[-1])):
        return False  # one figure only at the end of the line: `III. Actualisatie jaarschijf 2029 465.000`
    # a label (after a code such as `0.3` or `12-1-1`) and then figures, or figures only
    words = [p for p in parts if not is_figure(p)]
    return not words or not is_figure(parts[0]) or any(not is_figure(p) for p in parts[1:3])


def is_header_line(line: str) -> bool:
    """`Type 2020 2022 2023`, `Indicator P eenheid periode …`, `Baten Lasten Saldo …`: labels
    and years, no figures."""
    parts = clean_text(line).split(" ")
    years = sum(1 for p in parts if look(p) == "year" or DATE.fullmatch(p))
    figures = sum(1 for p in parts if look(p) in ("number", "null"))
    words = sum(1 for p in parts if column_word(p) or is_header_word(p))
    return figures == 0 and (years >= 2 or words >= 2) and len(parts) <= 40 and "|" not in line


def _split_names(words: list[str], count: int) -> list[str] | None:
    """Cut a run of header words into `count` labels at capitals, the cut that names areas best."""
    starts = [i for i, w in enumerate(words) if i > 0 and w[:1].isupper()]
    if count == 1:
        return [" ".join(words)]
    if len(starts) < count - 1 or len(starts) > 14:
        return None
    best: tuple[float, list[str]] | None = None
    for cut in itertools.combinations(starts, count - 1):
        bounds = [0, *cut, len(words)]
        labels = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
        score = 0.0
        for label in labels:
            first = label.split(" ")[0]
            if area_of(label) and not _AREA_START.match(first):
                score += 2
            if _AREA_START.match(first) and len(label.split()) >= 2:
                score += 1.5
            if indicator_kind(label):
                score += 0.5
            if _AREA_START.match(label):
                score -= 3  # `Waarde` alone names nothing
        if best is None or score > best[0]:
            best = (score, labels)
    return best[1] if best else None


_KIND_NOUN = re.compile(
    r"^(begroting|begroot|rekening|jaarrekening|realisatie|raming|prognose|streefwaarde|verwachting|saldo|lasten|baten"
    r"|meerjarenraming|uitkomst|werkelijk|nulmeting)$"
)


def _kind_phrase(words: list[str]) -> bool:
    """`Realisatie`, `Primaire begroting`, `Bijgestelde begroting`, `Saldo`: a kind of figure."""
    text = " ".join(words)
    return bool(indicator_kind(text) or _money_word(text) or _MONEY_COLUMN.match(fold(text)))


def header_cells(line: str, values: int) -> list[str]:
    """The labels of a space-separated header line, given how many value columns its rows fill.

    Column words (`Indicator`, `eenheid`, `Bron`) stand alone; a kind of figure starts a label
    and a year ends it (`Primaire begroting 2022`, `Realisatie 2019`); words in parentheses and
    `na wijziging` belong to the label before them. The words left over make the remaining value
    labels, cut before capitals where names of areas start (`Waarde Doesburg | Referentiewaarde
    gemeenten weinig stedelijk | Gelderland | Nederland`).
    """
    words = clean_text(line).split(" ")
    cells: list[str] = []
    loose: list[str] = []
    loose_at: list[int] = []  # where each run of words that is no label of its own stands

    def flush(as_loose: bool = True) -> None:
        if loose:
            label = len(loose) <= 3 and any(_kind_phrase([w]) for w in loose)
            if as_loose and not label and not any(look(w) == "year" for w in loose):
                loose_at.append(len(cells))
            cells.append(" ".join(loose))
            loose.clear()

    i = 0
    while i < len(words):
        word = words[i]
        pair = " ".join(words[i : i + 2])
        if loose and (word.startswith("(") or (word.lower() == "na" and i + 1 < len(words) and words[i + 1].lower().startswith("wijziging"))):
            end = i
            while end < len(words) and not words[end].endswith(")") and word.startswith("("):
                end += 1
            end = end + 1 if word.startswith("(") else i + 2
            loose.extend(words[i:end])  # `(in € 1.000)`, `na wijzigingen`
            i = end
        elif not loose and cells and (word.startswith("(") or (word.lower() == "na" and i + 1 < len(words) and words[i + 1].lower().startswith("wijziging"))):
            end = i
            while end < len(words) and not words[end].endswith(")") and word.startswith("("):
                end += 1
            end = end + 1 if word.startswith("(") else i + 2
            cells[-1] = " ".join([cells[-1], *words[i:end]])
            i = end
        elif i + 1 < len(words) and column_word(pair):
            flush()
            cells.append(pair)
            i += 2
        elif column_word(word) and look(word) != "year":
            flush()
            loose.append(word)  # a label of its own, that a parenthesis may follow
            flush(as_loose=False)
            i += 1
        elif look(word) == "year" or DATE.fullmatch(word):
            if loose and _kind_phrase(loose[-2:] if len(loose) > 1 else loose) or (loose and _kind_phrase(loose[-1:])):
                loose.append(word)
                flush(as_loose=False)
            else:
                flush()
                cells.append(word)
            i += 1
        elif word[:1].isupper() and (_kind_phrase([word]) or _kind_phrase(words[i : i + 2])) and (
            not loose or any(_KIND_NOUN.match(fold(w)) for w in loose) or not _kind_phrase(loose)
        ):
            flush()
            loose.append(word)  # `Primaire begroting`, `Realisatie`: a new label starts
            i += 1
        elif _MONEY_COLUMN.match(fold(word)) and not (i + 1 < len(words) and look(words[i + 1]) == "year"):
            flush()
            cells.append(word)  # `Baten Lasten Saldo`, one column each
            i += 1
        else:
            loose.append(word)
            i += 1
    flush()
    dated = sum(1 for c in cells if re.search(r"(19|20)\d{2}", c) or (len(c.split()) <= 3 and _kind_phrase(c.split(" "))))
    missing = values - dated
    if missing <= 0 or not loose_at:
        return cells
    # The longest run of loose words names the value columns the labels above do not.
    at = max(loose_at, key=lambda k: len(cells[k].split()))
    corner = at == 0 and not any(column_word(c) == "label" for c in cells)
    split = _split_names(cells[at].split(" "), missing + 1 if corner else missing)
    if split is None:
        return cells
    return cells[:at] + split + cells[at + 1 :]


def _money_word(word: str) -> bool:
    from core.vocabulary import money_kind

    return money_kind(word) is not None


__all__ = ["pieces", "is_space_row", "is_header_line", "header_cells", "figure_run", "fold"]
