"""What each column of a table holds: a role, and for value columns measure × area × period.

A column's meaning is read from all of its header text plus context (DOMAIN.md §5): kind words
give the measure, area words the area, a year or a date the period. What the header leaves open
follows from the rest of the table and the document: a per-row period column makes the value
columns areas; a bare year is measured in a report on that year, a target in a budget unless
the year was over before the budget was written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.values import clean_text, look
from core.vocabulary import (
    DATE,
    YEAR,
    area_of,
    column_word,
    fold,
    indicator_kind,
    is_header_word,
    is_line_kind,
    is_money_row_label,
    looks_like_unit,
    money_kind,
    year_of,
)

from extractors.tables.records import Column, Context, Role, TableKind

_UNIT_LOOK = re.compile(
    r"(^%$|^in %|aantal|per \d|per (inwoner|leerling|woning|huishouden|jaar|maand|week)|percentage|procent|score"
    r"|index|rapportcijfer|^€|euro|^x ?€|^km|uren?\b|dagen|ratio|cijfer|^ha$|^m2|^m³|fte|tussen de|schaal|^dzd"
    r"|^kg|^ton|^gram|verhouding|^#|gemiddeld)"
)
_MONEY_ONLY = re.compile(
    r"\b(lasten|baten|saldo|primitie[fv]e?|primaire|na wijziging|gewijzigde|meerjarenraming|uitgaven|inkomsten"
    r"|verschil|afwijking|voordeel|nadeel|bedragen|bedrag|mutaties?|vermeerderingen|verminderingen|onttrekkingen|toevoegingen)\b"
)
_MONEY_ROW_WORD = re.compile(
    r"\b(saldo|begrotingssaldo|lasten|baten|reserves?|onttrekkingen?|toevoegingen?|kapitaallasten|exploitatie|dekkingsmiddelen)\b"
)
_RATE = re.compile(r"%|percentage|procent|\bper\b|\bals\b|\bvan totale\b")
# Row labels of a table of counts and rates (kerngegevens, indicators), not of money.
_COUNT_ROW = re.compile(r"^(aantal|percentage|%|oppervlakte|lengte|gemiddelde?|inwoners|woningen|ha\.?\b)|per 1\.?000|\bin %")
_INDICATOR_ONLY = re.compile(r"\b(streefwaarde|streef|nulmeting|0-waarde|prognose|norm|ambitie|peiljaar|eenheid|bron)\b")


_GOAL = re.compile(r"^(wat willen we bereiken\??|(beleids)?doel(stelling)?(en)?|maatschappelijk(e)? (effect|doel)(en)?|ambitie|speerpunt(en)?|opgave)$")
_INDICATOR_HEADER = re.compile(r"\bindicator(en)?\b|kengetal|kpi")


def _profile(cells: list[str]) -> tuple[int, int]:
    """(value-looking cells, text cells) among a column's non-empty body cells."""
    values = texts = 0
    for text in cells:
        kind = look(text, money=True)
        if kind in ("number", "null", "year"):
            values += 1
        elif kind == "text":
            # `Stijging`, `Gelijk`: a short word can stand where a figure is expected
            texts += 1
    return values, texts


_ROW_NUMBER = re.compile(r"^([ivx]+\.)?\d{1,3}\.?$|^[ivx]+\.?$|^[a-z]\.$", re.IGNORECASE)
_YES_NO = {"ja", "nee", "j", "n", "x", "v", "yes", "no", "bbv", "lokaal", "eigen", "verplicht"}


def _all(cells: list[str], test) -> bool:
    return bool(cells) and all(test(clean_text(t)) for t in cells)


def column_roles(paths: list[list[str]], body: list[list[str]], municipality: str | None) -> list[Role]:
    """A role per column, from its header words, else from what its body cells look like."""
    roles: list[Role] = []
    for c, path in enumerate(paths):
        cells = [row[c] for row in body if clean_text(row[c])]
        words = [w for w in (column_word(t) for t in path) if w]
        if not cells and not path:
            roles.append("empty")
            continue
        if not path and c == 0 and len(cells) >= 2 and [clean_text(t).rstrip(".") for t in cells] == [str(i) for i in range(1, len(cells) + 1)]:
            roles.append("number")  # rows numbered 1, 2, 3 … in an unheaded first column
            continue
        if words and words[-1] == "area" and cells and _profile(cells)[0] > _profile(cells)[1]:
            roles.append("value")  # `Gemeente | Regio | Nederland`: a column of figures for the region
            continue
        if words and words[-1] != "label":
            roles.append(words[-1])  # the lowest band wins: `Informatie indicator` over `Bron`
            continue
        if _all(cells, lambda t: bool(re.fullmatch(r"(19|20)\d{2}", t))) and not any(year_of(t) for t in path):
            roles.append("period")  # `actualiteit`, `laatste jaar meting`: a year per row
            continue
        if not path and c > 0 and roles[-1] in ("label", "text") and len(cells) >= 2 and _all(cells, is_line_kind):
            # `01 Sociaal domein | lasten`, `| baten`, `| saldo`: the side of the line is part of
            # its name, under a label header that spans both columns or stands over the first.
            roles.append("label")
            continue
        if c > 0 and not words and len(cells) >= 2 and _all(cells, lambda t: is_header_word(t) and look(t) == "text"):
            roles.append("note")  # a column of labels (`Begroting 2021`, `Begroting 2022`, …) holds no figures
            continue
        values, texts = _profile(cells)
        if c > 0 and texts >= 2 and values == 0 and not words and sum(map(looks_like_unit, cells)) * 3 >= len(cells) * 2:
            roles.append("unit")  # `Resultaat` over `aantal woningen`, `dzd euro`, `euro`: units whatever the header says
            continue
        if words:  # a label word: `Indicator`, `Omschrijving`, `Programma`
            roles.append("label" if texts >= values or c == 0 else "value")
            continue
        header_says_value = any(is_header_word(t, municipality) for t in path)
        long_text = sum(len(clean_text(t)) > 60 for t in cells) * 2 > len(cells)
        if header_says_value and (values >= texts or (c > 0 and not long_text)):
            roles.append("value")  # `Streefwaarde` holds `zie toelichting` and `n.v.t.` too
        elif values > texts:
            roles.append("value")
        elif c == 0 or not cells or texts:
            roles.append("text")  # type: ignore[arg-type]  # decided below
        else:
            roles.append("empty")
    first_value = next((c for c, r in enumerate(roles) if r == "value"), len(roles))
    labels = [c for c, r in enumerate(roles) if r in ("label", "text") and c < first_value]
    if len(labels) >= 2:
        for c in list(labels):
            cells = [row[c] for row in body if clean_text(row[c])]
            if _all(cells, lambda t: bool(_ROW_NUMBER.match(t))):
                roles[c] = "number"  # `1`, `2`, `I.17.`: the row's number, no part of its name
            elif _all(cells, lambda t: fold(t) in _YES_NO):
                roles[c] = "note"  # `Ja` / `Nee`, `BBV` / `Lokaal`: a type, no part of the name
        labels = [c for c in labels if roles[c] in ("label", "text")]
    if len(labels) >= 2:
        # `Wat willen we bereiken | Effect indicator | …`: the goal groups the indicators named
        # beside it.
        goal = next((c for c in labels if _GOAL.search(fold(" ".join(paths[c])))), None)
        named = next((c for c in labels if _INDICATOR_HEADER.search(fold(" ".join(paths[c])))), None)
        if goal is not None and named is not None and goal < named:
            roles[goal] = "group"  # type: ignore[call-overload]
            labels = [c for c in labels if c != goal]
    if len(labels) >= 2 and not paths[labels[0]]:
        # An unheaded first label column whose cells repeat down the rows (a rowspan) groups them.
        cells = [clean_text(row[labels[0]]) for row in body if clean_text(row[labels[0]])]
        if cells and len(set(cells)) * 2 <= len(cells):
            roles[labels[0]] = "group"  # type: ignore[call-overload]
    out: list[Role] = []
    for c, role in enumerate(roles):
        if role != "text":
            out.append(role)
            continue
        cells = [clean_text(row[c]) for row in body if clean_text(row[c])]
        unitish = cells and sum(bool(_UNIT_LOOK.search(fold(t))) for t in cells) * 2 > len(cells)
        if c > 0 and unitish and any(r == "label" for r in out):
            out.append("unit")
        elif c < first_value:
            out.append("label")
        else:
            out.append("note")
    return out


def table_kind(
    paths: list[list[str]], roles: list[Role], body: list[list[str]], *, scaled: bool, question: str, above: str
) -> TableKind:
    value_columns = [c for c, r in enumerate(roles) if r == "value"]
    labels = [clean_text(row[c]) for row in body for c, r in enumerate(roles) if r == "label" and clean_text(row[c])]
    if not value_columns:
        if any(r == "label" for r in roles) and any(r in ("note", "source", "unit") for r in roles) and labels:
            return "definitions"
        return "unknown"
    header = " ".join(fold(t) for c in value_columns for t in paths[c])
    everything = " ".join(fold(t) for path in paths for t in path)
    money = 3 * scaled + 2 * (question == "kosten") + 2 * bool(_MONEY_ONLY.search(header))
    money += 2 * (sum(is_money_row_label(x) for x in labels) >= 1)
    money += 2 * (sum(bool(_MONEY_ROW_WORD.search(fold(x))) and not _RATE.search(fold(x)) for x in labels) >= 2)
    money += 1 * bool(_MONEY_ONLY.search(fold(above)))
    amounts = [clean_text(row[c]) for row in body for c in value_columns if clean_text(row[c])]
    money += 2 * (sum("€" in t for t in amounts) * 3 >= 2 * max(len(amounts), 1))  # `€ -23.743.118` in every cell
    indicator = 2 * (sum(bool(_COUNT_ROW.search(fold(x))) for x in labels) * 3 >= max(len(labels), 1))
    indicator += 2 * (question == "meten") + 2 * bool(_INDICATOR_ONLY.search(everything))
    indicator += 2 * any(r in ("unit", "source", "period", "area") for r in roles)
    cells = [clean_text(row[c]) for row in body for c in value_columns if clean_text(row[c])]
    indicator += 1 * any("%" in t for t in cells)
    if any(area_of(re.sub(YEAR, " ", t), None) for c in value_columns for t in paths[c]):
        indicator += 2
    return "money" if money > indicator else "indicator"


def _bare_year_measure(year: int, years: list[int], context: Context) -> tuple[str, str]:
    """The measure of a column headed by a year alone, and why."""
    y = context.budget_year
    if y is None:
        return ("actual" if context.reports else "target"), "no budget year known"
    if context.reports:
        return ("actual" if year <= y else "target"), f"a {context.document_type} reports on {y}"
    if years and all(other < y for other in years):
        # A budget sets no targets for years that were over or ending when it was written.
        return "actual", f"every year of the table is before the budget year {y}"
    return "target", f"a bare year in a {context.document_type or 'begroting'} is a target"


_PUBLISHED_IN = re.compile(r"\b(meting|stand|cijfer|waarde)\b.*\b(begroting|jaarrekening|jaarverslag|rekening)\s+(19|20)\d\d\b")


def indicator_columns(
    paths: list[list[str]], roles: list[Role], context: Context
) -> tuple[list[Column], bool]:
    """Value columns of an indicator table placed on measure × area × period; and whether a
    per-row period column dates the rows."""
    periodic = "period" in roles
    dated = {year_of(" ".join(p)) for p, r in zip(paths, roles) if r == "value"} - {None}
    # A row's period dates the value columns that name no year; when several columns name
    # their years (a series), the period column is about something else (`Jaar realisatie`).
    series = len(dated) >= 2
    columns: list[Column] = []
    bare_years = [
        year_of(" ".join(p))
        for p, r in zip(paths, roles)
        if r == "value" and year_of(" ".join(p)) and not any(indicator_kind(DATE.sub(" ", t)) for t in p)
    ]
    explicit_areas = False
    for c, (path, role) in enumerate(zip(paths, roles)):
        label = " ".join(path)
        if role != "value":
            columns.append(Column(c, label, role))
            continue
        period = year_of(label)
        stripped = [clean_text(YEAR.sub(" ", DATE.sub(" ", t))) for t in path]
        kind = next((k for k in (indicator_kind(t) for t in stripped) if k), None)
        area = next((a for a in (area_of(t, context.municipality) for t in stripped if t) if a), None)
        if area is None and any(column_word(t) == "area" for t in path):
            area = label  # `Regio` heading a column of figures
        if area == "Gemeente":
            area = context.municipality or area
        explicit_areas = explicit_areas or area is not None
        guessed = None
        row_dated = True
        if _PUBLISHED_IN.search(fold(label)):
            # `meting begroting 2017`: the figure as printed in that budget; the year names the
            # publication, not the measurement. A per-row period dates it, unless it dates a
            # current figure beside it (`laatste jaar meting` over `huidige meting`).
            current = any(
                r == "value" and i != c and year_of(" ".join(p)) is None and not _PUBLISHED_IN.search(fold(" ".join(p)))
                and not any(area_of(t, context.municipality) for t in p) and not re.search(r"vergelijk|referentie", fold(" ".join(p)))
                for i, (p, r) in enumerate(zip(paths, roles))
            )
            columns.append(Column(c, label, "value", "actual", context.municipality if periodic else None, None, row_dated=not current))
            continue
        if periodic and series and period is None and kind is not None:
            measure = kind  # `Streefwaarde` next to `Jaar realisatie`: dated by the row
        elif periodic and period is not None and kind not in (None, "actual"):
            measure = kind  # `Begroot 2017` beside `Periode`: a target for its own year
            row_dated = False
        elif periodic and not series and area is None and not re.search(r"vergelijk|referentie", fold(label)):
            measure, period = "actual", None  # the row's period; the column is the municipality's
            area = context.municipality
        elif periodic and not series and area is None:
            measure, period = "actual", None
        elif kind is not None and not (area is not None and kind == "actual"):
            measure = kind
        elif area is not None or (periodic and not series):
            measure = "actual"
        elif any(DATE.search(t) for t in path):
            measure = "actual"  # a stand on a date: `31-12-2018`
        elif period is not None:
            measure, why = _bare_year_measure(period, [y for y in bare_years if y], context)
            guessed = why
        else:
            measure = "actual" if context.reports else "target"
            guessed = "the column names no kind of figure"
        money = next((k for k in (money_kind(t) for t in path) if k), None) or _money_year_measure(period, context)
        columns.append(Column(c, label, "value", measure, area, period, guessed, money, row_dated=row_dated))
    if explicit_areas:
        # In a table of areas, a value column with a name that is no kind or year is an area too
        # (a neighbouring municipality, a region).
        for i, column in enumerate(columns):
            if column.role != "value" or column.area is not None:
                continue
            name = clean_text(YEAR.sub(" ", column.label))
            if name and indicator_kind(name) is None and column_word(name) is None and len(name.split()) <= 4:
                columns[i] = replace(column, area=name, measure="actual", guessed="an area column with an unknown name")
    return columns, periodic


def _money_year_measure(year: int | None, context: Context) -> str:
    y = context.budget_year
    if year is None or y is None:
        return "actual" if context.reports else "budget"
    if context.reports:
        return "actual" if year <= y else "forecast"
    return "actual" if year < y - 1 else "budget" if year <= y else "forecast"


def money_columns(paths: list[list[str]], roles: list[Role], context: Context) -> list[Column]:
    columns: list[Column] = []
    for c, (path, role) in enumerate(zip(paths, roles)):
        label = " ".join(path)
        if role != "value":
            columns.append(Column(c, label, role))
            continue
        period = year_of(label)
        kind = next((k for k in (money_kind(t) for t in path) if k), None)
        guessed = None if kind else "the column names no kind of figure"
        columns.append(Column(c, label, "value", kind or _money_year_measure(period, context), None, period, guessed))
    return columns
