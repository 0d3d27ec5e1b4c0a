"""Table logic shared by every extractor.

Extractors hand over what they saw — header labels and body rows of cell texts — and get back a
`Table` whose rows are aligned to typed columns. This module decides:

* whether a row is a header, and what each column is (`classify_columns`);
* which form a table has: target (`Nulmeting | 2023 | …`), BBV benchmark
  (`Eenheid | Periode | Bron | <gemeente> | Nederland | <grootteklasse>`) or money;
* how cells of a row with dropped empty cells line up with the columns (`align_cells`), judged
  by what each cell looks like, not by counting;
* which footnote markers end an indicator name and which lines below a table resolve them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.model import Column, Issue, Question, Table, TableForm
from transforms.values import clean_text, parse_value

_YEAR_IN = re.compile(r"(?:19|20)\d{2}")
_INDICATOR_LABEL = re.compile(
    r"^(indicator(en)?|(effect|prestatie|beleids)[- ]?indicator(en)?|omschrijving|doel(stelling)?(en)?"
    r"|kengetal(len)?|naam|onderwerp|maatschappelijk effect|resultaat ?indicator)$"
)
_SOURCE_LABEL = re.compile(r"^(bron(nen)?|databron|bron gegevens)$")
_UNIT_LABEL = re.compile(r"^(eenheid|meeteenheid|eenheden)$")
_PERIOD_LABEL = re.compile(r"^(periode|peildatum|peiljaar|jaar|meetjaar)$")
_BASELINE_LABEL = re.compile(
    r"^(nulmeting|uitgangssituatie|startwaarde|basiswaarde|referentiewaarde|beginwaarde|huidige situatie)\b"
)
# The year may come first: stacked header cells (`2023` over `Streefwaarde`) join to `2023 Streefwaarde`.
_TARGET_LABEL = re.compile(
    r"^(streefwaarde|streven|doel|norm|ambitie|prognose|raming)?\s*(?:19|20)\d{2}$"
    r"|^(?:19|20)\d{2}\s*(streefwaarde|streven|doel|norm|ambitie|prognose|raming)$"
)
_ACTUAL_LABEL = re.compile(
    r"^(realisatie|werkelijk|gerealiseerd|resultaat|rekening|behaald)\s*(?:19|20)\d{2}"
    r"|^(?:19|20)\d{2}\s*(realisatie|werkelijk|gerealiseerd|resultaat|rekening|behaald)$"
)
_MONEY_LABEL = re.compile(
    r"(bedragen|x\s*€|€\s*x|x\s*1\.000|\bbegroting\b|\brekening\b|\bjaarrekening\b|\bmeerjarenraming\b|lasten|baten|saldo)"
)
_MONEY_ROW = re.compile(r"^(totaal\s+)?(lasten|baten|saldo|resultaat|onttrekking|toevoeging|mutatie)")
_NEDERLAND = re.compile(r"^nederland$")
_PEER_GROUP = re.compile(
    r"(inwoners|gemeenten|provincie|regio|klasse|groep|gemiddeld|^g\d+$|\d\.\d{3}\s*[-–]|stedelijk)"
)
_UNIT_WORDS = re.compile(
    r"(^%$|aantal per|per \d|^aantal|percentage|procent|score|index|rapportcijfer|^€|euro|^km|uur|dagen"
    r"|gemiddeld|ratio|cijfer|per inwoner|per huishouden|^ha$|^m2|^m³)"
)
_SOURCE_WORDS = re.compile(
    r"(cbs|duo|ggd|rivm|monitor|eigen|registrat|administratie|gegevens|onderzoek|enqu[eê]te|peiling"
    r"|waarstaatjegemeente|vng|politie|uwv|gws|ingrado|divosa|rijksoverheid|/|vektis|kadaster|coa)"
)
_MARKER = re.compile(r"^(?P<name>.*?\S)\s*(?P<marker>\*+|(?<=\s)\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹])$")
_FOOTNOTE_LINE = re.compile(r"^(?P<marker>\*+|\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹])\s*(?P<text>\S.*)$")
_MONEY_CAPTION = re.compile(r"^\(?\s*(bedragen|omschrijving|x\s*€|€\s*x|lasten en baten|exploitatie)")
_SCALE = re.compile(r"x\s*€?\s*(1\.000\.000|1\.000|1000|1 000|mln|miljoen)", re.IGNORECASE)


def _norm(label: str) -> str:
    return clean_text(label).lower().rstrip(":")


_OWN_MUNICIPALITY = re.compile(r"^(de |eigen |onze )?gemeente$")


def is_own_municipality(label: str) -> bool:
    """`Gemeente` as a benchmark column: the publishing municipality, not named."""
    return bool(_OWN_MUNICIPALITY.match(_norm(label)))


def label_year(label: str) -> int | None:
    years = _YEAR_IN.findall(label)
    return int(years[-1]) if years else None


def is_known_label(label: str) -> bool:
    """A header label that only ever stands in a header row."""
    text = _norm(label)
    return bool(
        _INDICATOR_LABEL.match(text)
        or _SOURCE_LABEL.match(text)
        or _UNIT_LABEL.match(text)
        or _PERIOD_LABEL.match(text)
        or _BASELINE_LABEL.match(text)
        or _ACTUAL_LABEL.match(text)
        or _TARGET_LABEL.match(text)
    )


def is_indicator_label(label: str) -> bool:
    return bool(_INDICATOR_LABEL.match(_norm(label)))


def is_header_row(cells: Sequence[str]) -> bool:
    """Indicator headers start with an `Indicator`-like label or carry two known labels."""
    labels = [c for c in (clean_text(x) for x in cells) if c]
    if not labels:
        return False
    if is_indicator_label(labels[0]) and len(labels) >= 2:
        return True
    return sum(is_known_label(c) and not _TARGET_LABEL.match(_norm(c)) for c in labels) >= 2


def is_money_header(cells: Sequence[str], question: Question | None = None) -> bool:
    labels = [_norm(c) for c in cells if clean_text(c)]
    if not labels:
        return False
    # `Omschrijving` heads the line items of many money tables; the other labels only indicators.
    if any((_INDICATOR_LABEL.match(x) and x != "omschrijving") or _SOURCE_LABEL.match(x) for x in labels):
        return False
    if any(_UNIT_LABEL.match(x) or _PERIOD_LABEL.match(x) or _BASELINE_LABEL.match(x) for x in labels):
        return False
    money_words = sum(bool(_MONEY_LABEL.search(x)) for x in labels)
    years = sum(bool(_YEAR_IN.search(x)) for x in labels)
    if len(labels) >= 2 and table_scale(labels[:1]) != 1.0:
        return True  # `Bedragen x € 1.000 | Begroting primitief | Realisatie`: annual accounts name no year
    return years >= 1 and (money_words >= 1 or question == "kosten")


def table_scale(texts: Sequence[str]) -> float:
    """`bedragen x € 1.000` anywhere in the caption or header gives 1000."""
    for text in texts:
        match = _SCALE.search(text or "")
        if match:
            unit = match.group(1).lower().replace(" ", "").replace(".", "")
            return 1_000_000.0 if unit in ("1000000", "mln", "miljoen") else 1000.0
    return 1.0


def classify_columns(labels: Sequence[str], question: Question | None = None) -> tuple[tuple[Column, ...], TableForm]:
    """Give each header label a role; the first column always holds the row label."""
    labels = [clean_text(x) for x in labels]
    if is_money_header(labels, question):
        columns = [Column(labels[0], "indicator")]
        for label in labels[1:]:
            columns.append(Column(label, "amount", period=label_year(label)))
        return tuple(columns), "money"

    normalized = [_norm(x) for x in labels]
    # BBV tables name their areas (`Dalfsen | Nederland | G40`); a year label is a target year,
    # also next to an `Eenheid` column, unless a `Periode` column dates the rows.
    periodic = any(_PERIOD_LABEL.match(x) for x in normalized)
    benchmark = periodic or any(_UNIT_LABEL.match(x) for x in normalized)
    columns = [Column(labels[0], "indicator")]
    for label, text in zip(labels[1:], normalized[1:]):
        if _SOURCE_LABEL.match(text):
            columns.append(Column(label, "source"))
        elif _UNIT_LABEL.match(text):
            columns.append(Column(label, "unit"))
        elif _PERIOD_LABEL.match(text):
            columns.append(Column(label, "period"))
        elif _BASELINE_LABEL.match(text):
            columns.append(Column(label, "baseline", period=label_year(label)))
        elif _ACTUAL_LABEL.match(text):
            columns.append(Column(label, "actual", period=label_year(label)))
        elif _TARGET_LABEL.match(text) and not periodic:
            columns.append(Column(label, "target", period=label_year(label)))
        elif benchmark and text:
            columns.append(Column(label, "actual", area=label))
        else:
            columns.append(Column(label, "other"))
    roles = {c.role for c in columns}
    if any(c.area for c in columns):
        form: TableForm = "benchmark"
    elif roles & {"baseline", "target", "actual"}:
        form = "target"
    else:
        form = "unknown"
    return tuple(columns), form


def starts_money_header(label: str) -> bool:
    """`Bedragen x € 1.000` or `Omschrijving`: the corner cell of a money table."""
    return bool(_MONEY_CAPTION.match(_norm(label)))


def may_start_table(label: str) -> bool:
    """Whether a flattened table's header can start with this cell."""
    return is_indicator_label(label) or starts_money_header(label)


def _read_money_header(texts: Sequence[str], question: Question | None) -> int:
    """A money header is its corner cell and the year columns after it (`Rekening 2023`, `2025`)."""
    count = 1
    while count < len(texts) and label_year(texts[count]) and len(texts[count]) <= 40:
        count += 1
    return count if count >= 2 and is_money_header(texts[:count], question) else 0


def read_header(cells: Sequence[str], question: Question | None = None) -> int:
    """How many of the leading cells of a flattened table form its header (0: no header).

    The header ends where the first body row begins. Target headers end after their year
    columns; benchmark headers after `Nederland` and the peer-group labels that follow it;
    money headers after their year columns.
    """
    texts = [clean_text(c) for c in cells]
    if texts and starts_money_header(texts[0]) and not is_indicator_label(texts[0]):
        return _read_money_header(texts, question)
    if texts and _norm(texts[0]) == "omschrijving" and (count := _read_money_header(texts, question)):
        return count
    if not texts or not is_indicator_label(texts[0]):
        return 0
    if len(texts) > 1 and is_indicator_label(texts[1]):
        return 0  # `Indicatoren` above an `Indicator` header is a heading
    count = 1
    while count < len(texts) and is_known_label(texts[count]):
        count += 1
    known = [_norm(x) for x in texts[:count]]
    if not any(_PERIOD_LABEL.match(x) or _UNIT_LABEL.match(x) for x in known):
        return count if count >= 2 else 0
    # Benchmark form: area columns follow; the municipality stands before `Nederland`.
    lookahead = texts[count : count + 6]
    for offset, text in enumerate(lookahead):
        if _NEDERLAND.match(_norm(text)):
            count += offset + 1
            while count < len(texts) and _PEER_GROUP.search(_norm(texts[count])):
                count += 1
            return count
    return count


def cell_kind(text: str, money: bool = False) -> str:
    """What a cell looks like: empty, period, value or text (`money`: `(1.234)` is a value too)."""
    parsed = parse_value(text, money=True) if money else parse_value(text, baseline=True)
    if parsed.kind == "empty":
        return "empty"
    if parsed.kind == "year" or re.fullmatch(r"(?:19|20)\d{2}\s*[-/–]\s*(?:19|20)?\d{2}", parsed.value_text):
        return "period"
    if parsed.kind in ("number", "null"):
        return "value"
    return "text"


def _fits_text_column(role: str, cells: Sequence[str], i: int) -> bool:
    cell = cells[i]
    if cell_kind(cell) != "text":
        return False
    lowered = clean_text(cell).lower()
    if role == "source":
        return True
    # A unit is optional and easily confused with the source that follows it.
    following = cell_kind(cells[i + 1]) if i + 1 < len(cells) else "empty"
    if following in ("period", "text"):
        return True
    return bool(_UNIT_WORDS.search(lowered)) and not _SOURCE_WORDS.search(lowered)


VALUE_ROLES = ("baseline", "target", "actual", "amount", "other")


def align_cells(cells: Sequence[str], columns: Sequence[Column]) -> tuple[tuple[str, ...], int]:
    """Line up a row whose empty cells were dropped; return the row and the cells it used.

    The first cell is the row label. Each following column takes the next cell only if the cell
    looks like what the column holds; otherwise the column stays empty. The row ends when the
    cells run out or a cell fits no remaining column (it starts the next row).
    """
    row = [""] * len(columns)
    if not cells:
        return tuple(row), 0
    row[0] = clean_text(cells[0])
    i = 1
    for j, column in enumerate(columns[1:], start=1):
        if i >= len(cells):
            break
        kind = cell_kind(cells[i], money=column.role == "amount")
        if column.role in ("source", "unit"):
            if _fits_text_column(column.role, cells, i):
                row[j] = clean_text(cells[i])
                i += 1
        elif column.role == "period":
            if kind == "period":
                row[j] = clean_text(cells[i])
                i += 1
        elif kind in ("value", "period"):
            row[j] = clean_text(cells[i])
            i += 1
        elif kind == "text":
            # Short words such as `stijging` can stand between values; anything else is the
            # label of the next row.
            later_values = any(c.role in VALUE_ROLES for c in columns[j + 1 :])
            next_kind = cell_kind(cells[i + 1]) if i + 1 < len(cells) else "empty"
            if later_values and len(cells[i]) <= 30 and next_kind == "value" and row[j - 1]:
                row[j] = clean_text(cells[i])
                i += 1
            else:
                break
    return tuple(row), i


def is_plausible_label(text: str) -> bool:
    """A row label is short and is not a sentence or a number."""
    cleaned = clean_text(text)
    return 0 < len(cleaned) <= 200 and cell_kind(cleaned) == "text" and not is_indicator_label(cleaned)


@dataclass
class FlattenedRead:
    table: Table | None
    consumed: int
    issues: list[Issue]


def read_flattened(cells: Sequence[str], question: Question = "overig", page: int | None = None) -> FlattenedRead:
    """Read a table printed one cell per line, empty cells dropped.

    `cells` are the lines from the header on; reading stops at the first cell that cannot
    start a row, and `consumed` tells the caller how many cells the table used.
    """
    header_size = read_header(cells, question)
    if header_size == 0:
        return FlattenedRead(None, 0, [])
    columns, form = classify_columns(cells[:header_size], question)
    scale = table_scale(cells[:header_size]) if form == "money" else 1.0
    rows: list[tuple[str, ...]] = []
    issues: list[Issue] = []
    i = header_size
    while i < len(cells):
        if not is_plausible_label(cells[i]) or len(clean_text(cells[i])) > 150:
            break
        row, used = align_cells(cells[i:], columns)
        if not any(row[1:]):
            break
        if used < 2 or len(clean_text(row[0])) > 150:
            break
        rows.append(row)
        i += used
    if not rows:
        issues.append(Issue("warning", "table-without-rows", f"table header {list(cells[:header_size])} has no rows"))
    return FlattenedRead(
        Table(columns=columns, rows=tuple(rows), form=form, question=question, page=page, scale=scale),
        i,
        issues,
    )


def build_table(
    header: Sequence[str],
    body: Sequence[Sequence[str]],
    *,
    question: Question = "overig",
    page: int | None = None,
    row_pages: Sequence[int | None] = (),
    caption: str | None = None,
    positional: bool = True,
) -> tuple[Table, list[Issue]]:
    """Build a table from a header row and body rows of cells.

    `positional`: cells stand in their columns (pipe rows, HTML grids, ruled PDF tables); short
    rows are padded on the right. Otherwise rows are aligned by what their cells look like.
    Header rows repeated in the body (a table broken over pages) are dropped.
    """
    issues: list[Issue] = []
    columns, form = classify_columns(header, question)
    header_norm = [_norm(x) for x in header]
    rows: list[tuple[str, ...]] = []
    pages: list[int | None] = []
    for index, cells in enumerate(body):
        cells = [clean_text(c) for c in cells]
        while cells and not cells[-1] and len(cells) > len(columns):
            cells.pop()
        if not any(cells):
            continue
        if [_norm(c) for c in cells[: len(header_norm)]] == header_norm:
            continue
        if len(cells) > len(columns):
            issues.append(
                Issue(
                    "warning",
                    "row-too-long",
                    f"row has {len(cells)} cells under {len(columns)} columns; extra cells dropped: {cells[len(columns):]}",
                    f"row {index}",
                )
            )
            cells = cells[: len(columns)]
        if len(cells) < len(columns) and not positional:
            row, _ = align_cells(cells, columns)
        else:
            row = tuple(cells + [""] * (len(columns) - len(cells)))
        rows.append(row)
        pages.append(row_pages[index] if index < len(row_pages) else page)
    scale = table_scale([caption or "", *header]) if form == "money" else 1.0
    table = Table(
        columns=columns,
        rows=tuple(rows),
        form=form,
        question=question,
        page=page,
        row_pages=tuple(pages),
        scale=scale,
        caption=caption,
    )
    return table, issues


def split_marker(name: str) -> tuple[str, str | None]:
    """`Doel 5: aantal personen met Beschut Werk*` -> (`… Beschut Werk`, `*`)."""
    cleaned = clean_text(name)
    match = _MARKER.match(cleaned)
    if not match:
        return cleaned, None
    name, marker = match.group("name"), match.group("marker")
    if marker.endswith(")") and name.count("(") > name.count(")"):
        return cleaned, None  # `(type 1)` closes a parenthesis, it is no marker
    return name, marker


def footnote_line(text: str) -> tuple[str, str] | None:
    """`**Garantiebanen: …` -> (`**`, `Garantiebanen: …`); None when the line is no footnote."""
    match = _FOOTNOTE_LINE.match(clean_text(text))
    if not match:
        return None
    return match.group("marker"), match.group("text")


def table_markers(table: Table) -> set[str]:
    markers = set()
    for row in table.rows:
        _, marker = split_marker(row[0])
        if marker:
            markers.add(marker)
    return markers
