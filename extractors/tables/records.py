"""What the table interpreter hands to the transforms: a table's meaning, column by column and
row by row, with every value cell already placed on measure × area × period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.issues import Issue

TableKind = Literal["indicator", "money", "definitions", "unknown"]
Role = Literal["label", "group", "number", "unit", "source", "period", "area", "note", "value", "empty"]


@dataclass(frozen=True)
class Context:
    """What the interpreter knows of the document a table stands in."""

    municipality: str | None = None
    budget_year: int | None = None
    document_type: str | None = None  # begroting, jaarrekening, kadernota, …

    @property
    def reports(self) -> bool:
        """A jaarverslag / jaarrekening / jaarstukken reports on its year: its years are measured."""
        return (self.document_type or "") in ("jaarrekening", "jaarverslag", "jaarstukken")


@dataclass(frozen=True)
class Column:
    index: int
    label: str  # the header text over the column, top to bottom (`Primaire begroting 2022 Lasten`)
    role: Role
    measure: str | None = None  # value columns: what kind of figure the column holds
    area: str | None = None
    period: int | None = None
    guessed: str | None = None  # why the measure or area is an inference, when it is
    money_measure: str | None = None  # in an indicator table: the measure of money rows under it
    scale: float | None = None  # `totaal x € 1.000` beside `per inwoner`: a scale of this column alone
    row_dated: bool = True  # a per-row period column dates this column's values when it names no year


@dataclass(frozen=True)
class Value:
    """One value cell, placed."""

    column: int
    text: str
    measure: str
    area: str | None  # None: the municipality
    period: int | None  # the column's or the row's year; the cell's own `(2017)` wins downstream
    label: str | None = None  # a sub-header row's label over the column, where one renamed it


@dataclass(frozen=True)
class Row:
    index: int  # 1-based position among the table's body rows
    label: str  # indicator name or line item, footnote marker removed
    label_cells: tuple[str, ...] = ()
    number: str | None = None  # the row's `Nr.` / `Progr.` cell
    group: str | None = None  # the group row the row stands under
    source: str | None = None
    unit: str | None = None
    footnote: str | None = None
    definition: str | None = None
    values: tuple[Value, ...] = ()
    page: int | None = None
    scale: float | None = None  # a money line inside an indicator table (`Financiën (bedragen x € 1.000)`)


@dataclass(frozen=True)
class TableReading:
    kind: TableKind
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    scale: float = 1.0  # money: `x € 1.000` gives 1000
    caption: str | None = None
    header_rows: int = 0
    issues: tuple[Issue, ...] = ()
    titles: tuple[str, ...] = ()  # what the table prints as its titles: caption, corner, sub-headers
