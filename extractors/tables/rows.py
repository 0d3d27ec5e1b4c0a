"""What each body row of a table is: an indicator or line item, a group heading, a definition,
a repeated header, or a row that carries on the one above — and where its values go.

* An empty label cell continues the row above (a rowspan in HTML, a blank in text or PDF).
* A row of one label and no values is a group heading over the rows below it; a long sentence
  alone on its row is the definition of the indicator above it.
* A row labelled with a kind of figure (`Realisatie`, `Begroting`) or an area (`Nederland`)
  gives that measure or area to its values; the indicator is named above the table, or by the
  row before.
* A footnote marker ends a label only when a line below the table resolves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.issues import Issue
from core.values import clean_text, look, parse_value
from core.vocabulary import (
    area_of,
    is_header_word,
    column_word,
    continues_label,
    footnote_line,
    indicator_kind,
    looks_like_unit,
    marker_key,
    money_kind,
    scale_of,
    split_marker,
    year_of,
)

from extractors.tables.header import is_header_row
from extractors.tables.records import Column, Context, Row, TableKind, Value

_INLINE_SOURCE = re.compile(r"^(?P<name>.*?\S)\s*[,.;]?\s*\(?\b[Bb]ron:\s*(?P<source>[^)]+?)\)?\s*$")
_SOURCE_LINE = re.compile(r"^\(?\s*bron(nen)?\s*:\s*(?P<source>.+?)\)?\.?$", re.IGNORECASE)


@dataclass
class TableText:
    """The text around a table that the interpreter reads for names and notes."""

    caption: str | None = None
    heading: str | None = None
    above: tuple[str, ...] = ()
    below: tuple[str, ...] = ()
    footnotes: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    bracketed_numbers: bool = False  # a legend says the numbers in brackets are references
    subheaders: list[str] = field(default_factory=list)  # labels of sub-header rows inside the table

    @classmethod
    def of(cls, caption: str | None, heading: str | None, above: tuple[str, ...], below: tuple[str, ...]) -> "TableText":
        notes: dict[str, str] = {}
        source = None
        for line in (x for block in below for x in block.split("\n")):
            found = footnote_line(line)
            if found:
                notes.setdefault(marker_key(found[0]), found[1])
            elif (match := _SOURCE_LINE.match(clean_text(line))) and source is None:
                source = match.group("source").strip()
        bracketed = any(re.search(r"(?i)(nummer|nr\.?)s?\b.*tussen haakjes|tussen haakjes.*(nummer|nr)", x) for x in below)
        return cls(caption, heading, above, below, notes, source, bracketed)

    def name_above(self) -> tuple[str | None, str | None, str | None]:
        """(indicator name, unit, source) printed above a table whose rows carry no name."""
        name = unit = source = None
        lines = [clean_text(x) for x in self.above if clean_text(x)]
        i = len(lines) - 1
        while i >= 0:
            line = lines[i]
            word = column_word(line)
            if match := _SOURCE_LINE.match(line):
                source = source or match.group("source")
            elif i + 1 < len(lines) and word in ("unit", "source"):
                pass  # `Eenheid` / `Duizend euro`: the value was taken on the line below
            elif i > 0 and column_word(lines[i - 1]) == "unit":
                unit = unit or line
            elif i > 0 and column_word(lines[i - 1]) == "source":
                source = source or line
            elif word or scale_of(line) or look(line) in ("number", "year") or len(line) > 160:
                pass
            elif line.endswith((".", ":")) and len(line.split()) > 6:
                pass  # a sentence of explanation, not a name
            else:
                name = line
                break
            i -= 1
        return name or self.heading or self.caption, unit, source


_BULLET = re.compile(r"^[•·▪◦●■►]\s*")


def _label(cells: list[str]) -> list[str]:
    out: list[str] = []
    for text in cells:
        text = _BULLET.sub("", clean_text(text))
        if text and (not out or out[-1] != text):
            out.append(text)
    return out


def _resolve_marker(label: str, notes: dict[str, str]) -> tuple[str, str | None, str | None]:
    """(label without marker, footnote, unresolved marker)."""
    name, marker = split_marker(label)
    if marker is None:
        return label, None, None
    key = marker_key(marker)
    if key in notes:
        return name, notes[key], None
    if set(marker) <= set("*¹²³⁴⁵⁶⁷⁸⁹⁰") or re.fullmatch(r"\*+\d{1,2}\)", marker):
        return name, None, marker  # a star or superscript is a marker even when its note is cut
    return label, None, None


def _split_source(label: str) -> tuple[str, str | None]:
    match = _INLINE_SOURCE.match(label)
    if match and len(match.group("source")) <= 80:
        return match.group("name").rstrip(" ,.;"), match.group("source").strip()
    return label, None


def opens_money(cells: list[str]) -> bool:
    """A row of one label that names money: `Financiën (bedragen x € 1.000)`, `Totalen (x € 1.000)`;
    or such a label over new column labels (`D. Financiële structuur | | Per inwoner 2023:`)."""
    texts = [clean_text(t) for t in cells if clean_text(t)]
    if len(set(texts)) > 1 and is_subheader(cells):
        texts = texts[:1]
    return len(set(texts)) == 1 and bool(scale_of(texts[0]) or re.search(r"(?i)financi|bedragen", texts[0]))


def is_subheader(cells: list[str]) -> bool:
    """A label, then header words where figures stand (`D. Financiële structuur | | Per inwoner
    2023:`): the columns are labelled anew for the rows below."""
    texts = [clean_text(t) for t in cells[1:] if clean_text(t)]
    return (
        bool(clean_text(cells[0]) if cells else "")
        and bool(texts)
        and all(look(t) == "text" for t in texts)
        and all(t.endswith(":") or (is_header_word(t) and len(t) <= 40) for t in texts)
    )


def _kind_label(label: str) -> str | None:
    """The measure of a row labelled with a kind of figure alone (`Realisatie`, `Begroting 2024`)."""
    words = re.sub(r"[^a-zà-ÿ/ ]", " ", label.lower()).split()
    if not words or len(words) > 2:
        return None
    return indicator_kind(label)


def _is_definition(text: str) -> bool:
    return len(text) > 80 or (text.endswith(".") and len(text.split()) > 5)


def _dated_series(lines: list[str]) -> bool:
    periods = [parse_value(line).period for line in lines]
    return all(periods) and len(set(periods)) == len(periods)


def _stacked(text: str) -> list[str]:
    return [line for line in (clean_text(x) for x in text.split("\n")) if line]


def read_rows(
    body: list[list[str]],
    origin_spans: list[list[int]],
    columns: list[Column],
    kind: TableKind,
    context: Context,
    text: TableText,
    header_texts: list[list[str]],
    row_pages: list[int | None],
) -> tuple[list[Row], list[Issue]]:
    """The rows of a table whose columns have their meaning."""
    roles = [c.role for c in columns]
    # A money line item is all its label cells, its code among them (`01 | Veiligheid`); an
    # indicator's number is no part of its name.
    label_cols = [c.index for c in columns if c.role == "label" or (kind == "money" and c.role == "number")]
    value_cols = [c for c in columns if c.role == "value"]
    first_of = {
        role: next((c.index for c in columns if c.role == role), None)
        for role in ("number", "unit", "source", "period", "area", "group")
    }
    width = len(columns)
    rows: list[Row] = []
    issues: list[Issue] = []
    group: str | None = None
    previous_label: str | None = None
    above_name, above_unit, above_source = text.name_above()
    header_norm = [[clean_text(t).lower() for t in row] for row in header_texts]
    unresolved: set[str] = set()
    money_scale: float | None = None  # set from a group row that opens the money part of a table
    periods: dict[int, int] = {}  # column -> year, from a sub-header row of years (`A. Sociale structuur | 2018 | 2019`)
    relabel: dict[int, str] = {}  # column -> label, from a sub-header row of words (`| Per inwoner 2023:`)

    for r, cells in enumerate(body):
        index = r + 1
        where = f"row {index}"
        label_cells = _label([cells[c] for c in label_cols])
        values = [(col, clean_text(cells[col.index])) for col in value_cols if clean_text(cells[col.index])]
        if first_of["group"] is not None and clean_text(cells[first_of["group"]]):
            group = clean_text(cells[first_of["group"]])
        first = clean_text(cells[0]) if cells else ""
        if [clean_text(t).lower() for t in cells] in header_norm or (
            not rows and not values and is_header_row(cells, context.municipality) and (not first or column_word(first))
        ):
            continue  # the header printed again (a table continued on a new page)
        if values and all(re.fullmatch(r"(19|20)\d{2}", text) for _, text in values) and not first_of["period"]:
            # A row of years inside the table: a sub-header that dates the columns below it.
            periods = {col.index: int(text) for col, text in values}
            group = " ".join(label_cells) or group
            if label_cells:
                text.subheaders.append(" ".join(label_cells))
            continue
        if values and kind in ("indicator", "money") and is_subheader(cells):
            group = " ".join(label_cells) or group
            relabel.update({col.index: text for col, text in values})
            text.subheaders.append(group or "")
            if opens_money(cells) and kind == "indicator":
                money_scale = scale_of(" ".join(label_cells)) or money_scale or 1.0
            continue
        attributes = [first_of[r] for r in ("source", "unit", "number", "period") if first_of[r] is not None]
        if not values and kind == "indicator" and label_cells and any(clean_text(cells[c]) for c in attributes):
            # `Doel 6: aantal garantiebanen | Monitor UWV`: an indicator published without values
            label, footnote, marker = _resolve_marker(" ".join(label_cells), text.footnotes)
            if marker:
                unresolved.add(marker)
            pick = lambda c: clean_text(cells[c]) if c is not None else ""  # noqa: E731
            rows.append(Row(index=index, label=label, label_cells=tuple(label_cells), number=pick(first_of["number"]) or None,
                            group=group, source=pick(first_of["source"]) or text.source or None,
                            unit=pick(first_of["unit"]) or None, footnote=footnote, page=row_pages[r]))
            previous_label = label
            continue
        if not values:
            raw = " ".join(label_cells) or " ".join(_label(cells))
            if not raw:
                continue
            spans_all = max(origin_spans[r]) >= max(width - 1, 2)
            # The table's last row holds a label alone in lower case: a group heads rows below
            # it, so this is the label above wrapped onto a row of its own (`Geraamde resultaat`
            # over `programma`, split by a rule drawn through the cell).
            wrapped_last = r == len(body) - 1 and raw[:1].islower() and len(raw.split()) <= 3 and not raw.endswith(":")
            if rows and rows[-1].index == index - 1 and (continues_label(rows[-1].label, raw) or wrapped_last):
                last = rows[-1]  # `Aantal m² openbaar groen,` over `excl. sportcomplex`: one label
                rows[-1] = Row(**{**last.__dict__, "label": f"{last.label} {raw}", "label_cells": (*last.label_cells[:-1], f"{last.label_cells[-1]} {raw}" if last.label_cells else raw)})
                previous_label = rows[-1].label
            elif match := _SOURCE_LINE.match(raw):
                text.source = text.source or match.group("source")
            elif kind == "indicator" and rows and _is_definition(raw) and (spans_all or len(_label(cells)) == 1):
                last = rows[-1]
                rows[-1] = Row(**{**last.__dict__, "definition": raw})
            elif rows and not rows[-1].unit and looks_like_unit(raw) and rows[-1].index == index - 1:
                last = rows[-1]  # `Fte per 1.000 inwoners` on its own row under the indicator
                rows[-1] = Row(**{**last.__dict__, "unit": raw})
            elif kind == "definitions" and label_cells:
                rows.append(_text_row(index, label_cells, cells, first_of, columns, group, text, row_pages[r]))
            else:
                group = raw
                if opens_money([raw]) and (kind == "indicator" or scale_of(raw) or re.search(r"(?i)bedragen", raw)):
                    money_scale = scale_of(raw) or 1.0
            continue
        label = " ".join(label_cells)
        row_measure = row_area = None
        if label and kind == "indicator" and len(label.split()) <= 4:
            row_measure = _kind_label(label)
            row_area = None if row_measure else area_of(label, context.municipality)
            if row_area == "Gemeente":
                row_area = context.municipality
        if row_measure or row_area:
            # `Realisatie | 67 % | …`: the row is a measure (or an area) of the indicator named above
            # the table, or of the row before it.
            name = previous_label if (row_area and previous_label) else above_name
            if not name:
                issues.append(Issue("warning", "row-without-label", f"values of {label!r} without an indicator name", where))
                continue
            label, label_cells = name, [name]
        elif not label and not label_cols and above_name:
            label, label_cells = above_name, [above_name]  # a table of one indicator, named above it
        elif not label:
            if kind == "money" or previous_label is None:
                issues.append(Issue("warning", "row-without-label", f"row without a label skipped: {[v for _, v in values]}", where))
                continue
            label = previous_label
            label_cells = [label]
            issues.append(Issue("info", "label-carried", f"empty label cell continues {label!r}", where))
        source = clean_text(cells[first_of["source"]]) if first_of["source"] is not None else ""
        unit = clean_text(cells[first_of["unit"]]) if first_of["unit"] is not None else ""
        number = clean_text(cells[first_of["number"]]) if first_of["number"] is not None else ""
        footnote = None
        if kind == "indicator" and not unit and label_cols and not (row_measure or row_area):
            lines = _stacked(cells[label_cols[-1]])
            if len(lines) > 1 and looks_like_unit(lines[-1]) and label.endswith(lines[-1]):
                # `Vernielingen en beschadiging` over `Per 1.000 inwoners` in one cell: name and unit
                unit, label = lines[-1], clean_text(label[: -len(lines[-1])])
                label_cells = [*label_cells[:-1], clean_text(" ".join(lines[:-1]))]
        if kind == "indicator" and not (row_measure or row_area):
            if text.bracketed_numbers and (ref := re.match(r"^(?P<name>.*\S)\s*\((?P<nr>\d{1,3})\)$", label)):
                label, number = ref.group("name"), number or ref.group("nr")  # `… (35)`: `BBV nummer tussen haakjes`
            label, footnote, marker = _resolve_marker(label, text.footnotes)
            if marker:
                unresolved.add(marker)
            label, inline = _split_source(label)
            source = source or inline or ""
        elif kind == "money":
            # `Vaste schuld *2)`: a star is never part of a line item's name, its note may stand
            # under a later table
            name, note, unresolved_marker = _resolve_marker(label, text.footnotes)
            if note is not None or (unresolved_marker or "").startswith("*"):
                label, footnote = name, note
                label_cells = [*label_cells[:-1], split_marker(label_cells[-1])[0]] if label_cells else [label]
        if source and (found := _resolve_marker(source, text.footnotes))[1] and found[0] in ("", "*"):
            source = found[1]
        elif source in ("*", "**") and marker_key(source) in text.footnotes:
            source = text.footnotes[marker_key(source)]
        row_period = year_of(cells[first_of["period"]]) if first_of["period"] is not None else None
        areas = _stacked(cells[first_of["area"]]) if first_of["area"] is not None else []
        placed: list[Value] = []
        for col, printed in values:
            measure = row_measure or col.measure or "actual"
            if money_scale is not None:
                measure = col.money_measure or "actual"
            takes_row_area = first_of["area"] is not None and (
                col.area is None or (col.area == context.municipality and re.search(r"vergelijk|referentie", col.label.lower()))
            )
            lines = _stacked(cells[col.index])
            dated = row_period if col.row_dated else None
            if takes_row_area and len(areas) > 1 and len(lines) == len(areas):
                placed.extend(
                    Value(col.index, line, measure, area, col.period or dated) for line, area in zip(lines, areas)
                )
                continue
            if len(lines) > 1 and _dated_series(lines):
                # `2019 : 6` over `2018 : 6`: a figure per year stacked in one cell
                placed.extend(Value(col.index, line, measure, col.area or row_area, col.period or dated) for line in lines)
                continue
            area = col.area or row_area
            if takes_row_area and areas and re.search(r"vergelijk|referentie", col.label.lower()):
                area = areas[0]
            period = periods.get(col.index) or (year_of(relabel[col.index]) if col.index in relabel else None) or col.period or dated
            placed.append(Value(col.index, printed, measure, area, period, relabel.get(col.index)))
        rows.append(
            Row(
                index=index,
                label=label,
                label_cells=tuple(label_cells),
                number=number or None,
                group=group,
                source=source or above_source or text.source or None,
                unit=unit or above_unit or None,
                footnote=footnote,
                values=tuple(placed),
                page=row_pages[r],
                scale=money_scale,
            )
        )
        if not (row_measure or row_area):
            previous_label = label
        if kind == "money" and re.match(r"(?i)totaal\b", label):
            group = None  # a total closes the group it sums
    for marker in sorted(unresolved):
        issues.append(Issue("warning", "footnote-unresolved", f"footnote marker {marker!r} has no footnote text below the table"))
    if text.source:
        rows = [r if r.source else Row(**{**r.__dict__, "source": text.source}) for r in rows]
    return rows, issues


def _text_row(index, label_cells, cells, first_of, columns, group, text: TableText, page) -> Row:
    """A row of a definitions table: an indicator with its unit, source and definition, no values."""
    label, _, _ = _resolve_marker(" ".join(label_cells), text.footnotes)
    notes = [clean_text(cells[c.index]) for c in columns if c.role == "note" and clean_text(cells[c.index])]
    pick = lambda role: clean_text(cells[first_of[role]]) if first_of[role] is not None else ""  # noqa: E731
    return Row(
        index=index,
        label=label,
        label_cells=tuple(label_cells),
        group=group,
        source=pick("source") or text.source or None,
        unit=pick("unit") or None,
        definition=" ".join(notes) or None,
        page=page,
    )


__all__ = ["TableText", "read_rows", "money_kind"]
