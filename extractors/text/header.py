"""The header of a table whose cells were printed one after another (flattened text).

A flattened header is a run of labels: the corner (`Indicator`, or a caption standing in the
corner), column labels (`Eenheid`, `Bron`), and the labels over the value columns, band after
band (`Realisatie Realisatie Begroot Begroot` then `2016 2017 2018 2019`). Knowing from the
body how many value columns there are, the value labels are sorted into header rows: a band as
long as the columns is a row of its own, a shorter band stands over them with widths unknown
(a `Band`, spread by the interpreter), and a kind printed apart from its year (`Begroting`,
`2019`) is joined to it when that makes the count come out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import Band
from core.values import clean_text
from core.vocabulary import _MONEY_COLUMN, DATE, YEAR, area_of, year_of, column_word, fold, indicator_kind, is_header_word, money_kind, scale_of

_SCALE_ONLY = re.compile(r"^[\s(]*(bedragen|schaal|bedrag)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Template:
    """The columns of a flattened table and its header rows."""

    roles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # header rows, one text per column
    bands: tuple[Band, ...]
    captions: tuple[str, ...]
    irregular: int = 0  # years that fall back within a header row no band above explains

    @property
    def values(self) -> int:
        return sum(1 for r in self.roles if r == "value")


def _column_word(text: str) -> str | None:
    word = column_word(text)
    return None if word == "area" else word


def _unknown(texts: list[str], i: int) -> bool:
    """A cell that is no header word, unless it names an area among areas (`Urk` before `NL`)."""
    text = texts[i]
    if is_header_word(text) or column_word(text) or scale_of(text) is not None:
        return False
    following = texts[i + 1] if i + 1 < len(texts) else ""
    return not (area_of(following) and len(text.split()) <= 3)


def _type(text: str) -> str:
    """`Y` a year or date alone, `C` a year with words, `K` anything else."""
    rest = clean_text(YEAR.sub(" ", DATE.sub(" ", text)).replace("/", " ").replace("(", " ").replace(")", " "))
    if rest == clean_text(text):
        return "K"
    return "Y" if not rest else "C"


def is_scale_caption(text: str) -> bool:
    """`x € 1.000`, `(Bedragen x €1.000)`, `programma (bedragen x € 1.000)`: a caption that gives
    the money scale, beside at most the label of the row labels."""
    if scale_of(text) is None:
        return False
    rest = re.sub(r"(?i)(x|in)?\s*€?\s*(1[.\s]?000|1000|mln|miljoen)(\s*,-)?|x\s*€\s*1\.000|€", " ", text)
    rest = clean_text(rest.replace(")", " ").replace("(", " "))
    return bool(_SCALE_ONLY.match(rest)) or column_word(re.sub(r"(?i)\b(bedragen|schaal)\b", " ", rest)) == "label"


def _runs(items: list[tuple[int, str, str]], breaks: frozenset[int] = frozenset()) -> list[list[tuple[int, str, str]]]:
    """Value labels split where their type changes or a column label (at `breaks`) stands
    between them."""
    runs: list[list[tuple[int, str, str]]] = []
    for item in items:
        if runs and runs[-1][-1][2] == item[2] and not any(runs[-1][-1][0] < k < item[0] for k in breaks):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _pair_kinds_with_years(labels: list[tuple[int, str, str]]) -> list[str]:
    """`Begroting`, `2019` printed as two cells of one header cell: join each kind of figure to
    the year right after it."""
    out: list[str] = []
    i = 0
    while i < len(labels):
        _, text, kind = labels[i]
        if (
            i + 1 < len(labels)
            and kind == "K"
            and labels[i + 1][2] == "Y"
            and (indicator_kind(text) or money_kind(text))
        ):
            out.append(f"{text} {labels[i + 1][1]}")
            i += 2
        else:
            out.append(text)
            i += 1
    return out


# Words a header cell cannot end with: `per` over `inwoner` is one cell wrapped over two lines.
_OPEN_END = frozenset({"per", "van", "in", "op", "naar", "voor", "de", "het", "een", "en", "of", "tot", "t/m", "aan", "met", "bij", "x"})


def _join_wrapped(labels: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for item in labels:
        last_word = (fold(out[-1][1]).split() or [""])[-1] if out else ""
        abbreviated = bool(re.fullmatch(r"[a-z]{2,5}\.", last_word)) and item[2] == "K"  # `Gem.` over `inwoners`
        if out and (last_word in _OPEN_END or abbreviated) and out[-1][0] == item[0] - 1:
            i, text, _ = out.pop()
            joined = f"{text} {item[1]}"
            out.append((item[0], joined, _type(joined)))
        else:
            out.append(item)
    return out


def _scale_in_columns(texts: list[str]) -> tuple[list[str], set[str]]:
    """A scale printed under every column of a band (`totaal` / `x € 1.000` / `per inwoner`,
    twice) is part of its column's label, not a caption of the table."""
    scales = [t for t in texts if scale_of(t) is not None and not YEAR.search(t)]
    repeated = {t for t in scales if scales.count(t) > 1}
    out: list[str] = []
    joined: set[str] = set()
    for t in texts:
        if t not in repeated:
            out.append(t)
        elif _SCALE_ONLY.match(clean_text(re.sub(r"(?i)x|€|[\d.,()]", " ", t))) and out and out[-1] not in repeated and not is_scale_caption(out[-1]) and not column_word(out[-1]):
            out[-1] = f"{out[-1]} {t}"
            joined.add(out[-1])
        else:
            out.append(t)  # `totaal x € 1.000` under each year: a column of its own
            joined.add(t)
    return out, joined


def _heading_over_label(first: str, second: str) -> bool:
    """`Indicatoren` over `Indicator`, `Beleidsindicatoren` over `Naam indicator`: the plural is
    the table's heading, the other the label column's."""
    a, b = fold(first), fold(second)
    singular = a[:-2] if a.endswith("en") else a
    return a.startswith(b) or b.startswith(a) or (a != singular and bool(b.split()) and singular.endswith(b.split()[-1]))


def parse_header(blocks: list[str], values: int) -> Template | None:
    """The template of a flattened table from its header cells and its number of value columns."""
    texts, scaled_columns = _scale_in_columns([clean_text(b.replace("\n", " ")) for b in blocks])
    captions: list[str] = []
    start = 0
    while start < len(texts) and is_scale_caption(texts[start]):
        captions.append(texts[start])
        start += 1
    # `Indicatoren` over `Indicator`: the first is the table's heading, not a column
    while (
        start + 1 < len(texts)
        and column_word(texts[start]) == "label"
        and column_word(texts[start + 1]) == "label"
        and _heading_over_label(texts[start], texts[start + 1])
    ):
        captions.append(texts[start])
        start += 1
    # `Regio` among the areas is an area column; as a column word it would hold names.
    words = [(i, _column_word(t)) for i, t in enumerate(texts) if i >= start]
    labels_at = [i for i, w in words if w == "label"]
    for a, b in zip(labels_at, labels_at[1:]):
        first, second = fold(texts[a]), fold(texts[b])
        if (b - a > 1 and first.endswith("en")) or first.startswith(second) or second.startswith(first):
            return None  # `Beleidsindicatoren … Indicator`, `Kengetallen | Kengetal`: a heading above
    has_label = bool(labels_at)
    # A caption that names the scale may stand anywhere in the header (`Overzicht van baten en
    # lasten (bedragen x € 1.000)`); it names no column.
    for i in range(start, len(texts)):
        legend = "=" in texts[i] and re.search(r"(?i)nadeel|voordeel|negatief|positief", texts[i])
        if (
            (scale_of(texts[i]) is not None or legend)
            and not YEAR.search(texts[i])
            and column_word(texts[i]) is None
            and texts[i] not in scaled_columns
        ):
            captions.append(texts[i])  # `bedragen x € 1.000`, `("-"=nadeel/"+"= voordeel)`
    scaled = {t for t in captions}
    if has_label and start < len(texts) and _unknown(texts, start) and texts[start] not in scaled:
        return None  # a heading above a header that has its own label column
    corner: str | None = None
    if not has_label and start < len(texts) and not is_header_word(texts[start]) and not column_word(texts[start]):
        corner = texts[start]  # a caption in the corner: `Algemene Indicatoren`, `SOCIALE STRUCTUUR`
        start += 1
    value_labels = [
        (i, texts[i], _type(texts[i])) for i in range(start, len(texts)) if not _column_word(texts[i]) and texts[i] not in scaled
    ]
    unjoined = list(value_labels)
    value_labels = _join_wrapped(value_labels)
    if value_labels and fold(value_labels[-1][1]).split()[-1:] and fold(value_labels[-1][1]).split()[-1] in _OPEN_END:
        return None  # the header goes on: its last cell is cut after `per`
    trailing_area: list[tuple[int, str, str]] = []
    if (
        len(value_labels) == values + 1
        and column_word(value_labels[-1][1]) == "area"
        and all(_column_word(t) for t in texts[value_labels[-1][0] + 1 :])
    ):
        # `… | Vergelijkend cijfer | Vergelijking`: one label too many, the last names the area
        # the figures are compared with, a column of names
        i, text, _ = value_labels.pop()
        trailing_area.append((i, "area", text))
    last_value = value_labels[-1][0] if value_labels else start - 1
    before = [(w, texts[i]) for i, w in words if w and i < last_value and i >= start]
    after = [(w, text) for _, w, text in sorted([(i, w, texts[i]) for i, w in words if w and i > last_value] + trailing_area)]
    # The label column's header may be printed after the years (a second header row under a
    # caption): row labels still come first.
    before += [x for x in after if x[0] == "label"]
    after = [x for x in after if x[0] != "label"]

    rows: list[list[str]] = []
    bands: list[tuple[str, ...]] = []
    mixed = len({k for _, _, k in value_labels}) > 1
    stacked = [[t for _, t, _ in unjoined[k : k + values]] for k in range(0, len(unjoined), values)] if values >= 2 else []
    if (
        len(value_labels) != values
        and len(unjoined) > values
        and len(unjoined) % values == 0
        and all(k != "C" for _, _, k in unjoined)
        and all(sum(1 for row in stacked if YEAR.search(row[c])) <= 1 for c in range(values))
        and any(YEAR.search(t) for _, t, _ in unjoined)
    ):
        # header rows printed one after the other, a cell per column each (`2018 | Per | 2019 |
        # Per` over `totaal | inwoner | totaal | inwoner`): no column gets two years
        rows.extend(stacked)
    elif len(value_labels) == values and not (mixed and any(_MONEY_COLUMN.match(fold(t)) for _, t, _ in value_labels)):
        # one header row; `Lasten`/`Baten` stand over years only as a band of their own
        rows.append([t for _, t, _ in value_labels])
    else:
        runs = _runs(value_labels, frozenset(i for i, w in words if w))
        if runs and len(runs[-1]) == values and all(len(r) <= values for r in runs[:-1]):
            # Above the lowest band, labels with and without a year make one band
            # (`Primitieve begroting | Bijgestelde begroting 2021 | Realisatie 2021`).
            upper = [(i, t, "Y" if k == "Y" else "K") for run in runs[:-1] for i, t, k in run]
            for run in _runs(upper):
                labels = tuple(t for _, t, _ in run)
                if len(labels) == values:
                    rows.append(list(labels))
                else:
                    bands.append(labels)
            rows.append([t for _, t, _ in runs[-1]])
        elif len(paired := _pair_kinds_with_years(value_labels)) == values and len(paired) < len(value_labels):
            rows.append(paired)
        else:
            return None

    inner = [i for i, w in words if w and w != "label" and value_labels and value_labels[0][0] < i < value_labels[-1][0]]
    if len(rows) == 1 and not bands and inner:
        # `Culemborg | Vergelijk* | Periode | Begroot 2017 | Bron`: a column of words between the
        # value columns keeps its place
        lead = ([("label", corner)] if corner is not None else []) + [x for x in before if x[0] == "label"]
        if not lead:
            lead = [("label", "")]
        entries = sorted(
            [(i, "value", t) for (i, _, _), t in zip(value_labels, rows[0])]
            + [(i, w, texts[i]) for i, w in words if w and w != "label" and i >= start]
        )
        ordered = [*lead, *((role, text) for _, role, text in entries), *((role, text) for _, role, text in trailing_area)]
        return Template(tuple(r for r, _ in ordered), (tuple(t for _, t in ordered),), (), tuple(captions), 0)
    lead: list[tuple[str, str]] = []
    if corner is not None:
        lead.append(("label", corner))
    lead.extend(before)
    if not any(role == "label" for role, _ in lead):
        lead.insert(0, ("label", ""))
    roles = tuple([r for r, _ in lead] + ["value"] * values + [r for r, _ in after])
    width = len(roles)
    header_rows: list[tuple[str, ...]] = []
    for n, row in enumerate(rows):
        last = n == len(rows) - 1
        left = [t for _, t in lead] if last else [""] * len(lead)
        right = [t for _, t in after] if last else [""] * len(after)
        header_rows.append(tuple(left + row + right))
    if not header_rows:
        header_rows.append(tuple([t for _, t in lead] + [""] * values + [t for _, t in after]))
    first = len(lead)
    band_records = tuple(Band(labels, first, first + values - 1) for labels in bands)
    assert all(len(r) == width for r in header_rows)
    irregular = 0
    if len(rows) == 1 and not bands:
        years = [y for y in (year_of(t) for t in rows[0]) if y]
        irregular = sum(1 for a, b in zip(years, years[1:]) if b < a)
    return Template(roles, tuple(header_rows), band_records, tuple(captions), irregular)
