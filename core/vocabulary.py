"""The words Dutch budget tables are printed with (DOMAIN.md §5), and what each one says.

A header cell names a column's kind of figure (`Realisatie`, `Streefwaarde`, `Begroting na
wijziging`), the area it is about (`Nederland`, `25.000 - 50.000 inwoners`, the municipality),
its year, or a column that is no figure at all (`Eenheid`, `Bron`, `Periode`). Readers use these
words to tell a header from a body row; the table interpreter uses them to give each column its
meaning. Everything here is a pure function of text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from core.values import clean_text, look

Measure = Literal["baseline", "target", "actual", "forecast"]
MoneyMeasure = Literal["actual", "budget", "amended", "forecast", "difference"]
ColumnWord = Literal["label", "number", "unit", "source", "period", "area", "note"]


def fold(text: str | None) -> str:
    """Lower case, accents off, white space collapsed: the form every word list compares."""
    ascii_text = unicodedata.normalize("NFKD", clean_text(text)).encode("ascii", "ignore").decode("ascii")
    return ascii_text.lower().strip(" :.;")


YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]\d)")
# `31-12-2018`, `1-1-2019`: a stand on a date (a column of measured values on that date).
_MONTHS = r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
DATE = re.compile(
    rf"(?<!\d)\d{{1,2}}[-/.]\d{{1,2}}[-/.]((?:19|20)\d{{2}})(?!\d)|(?<!\d)\d{{1,2}}\s+{_MONTHS}\s+((?:19|20)\d{{2}})(?!\d)"
    rf"|(?<![\d\-/.])(?:0?[1-9]|1[0-2])[-/]((?:19|20)\d{{2}})(?!\d)"
    rf"|\b(?:ultimo|stand|per)\s+{_MONTHS}\s+((?:19|20)\d{{2}})",
    re.IGNORECASE,
)
# `2021/2022`, `2019-2022`, `'19`: a period that runs over years names its last year.
YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-/–]\s*((?:19|20)?\d{2})(?!\d)")
SHORT_YEAR = re.compile(r"^(?:'|’)(\d{2})$")


def years_in(text: str | None) -> list[int]:
    """Every year a text names, in order; a date names its year."""
    folded = clean_text(text)
    return [int(m.group(0)[-4:]) for m in re.finditer(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]\d)", folded)]


# `2024 (o.b.v. JR 2023)`: what follows names the source the figure was taken from.
_BASED_ON = re.compile(r"(?i)\b(o\.?\s?b\.?\s?v\.?|op basis van|volgens|bron)\b.*$")


def year_of(text: str | None) -> int | None:
    """The year a header names (the last one: `2021/2022` is about 2022), not the year of the
    source it was based on (`Peilwaarde (2024 o.b.v. JR 2023)` is about 2024)."""
    found = years_in(_BASED_ON.sub("", text)) if text else []
    found = found or years_in(text)
    return found[-1] if found else None


# ---------------------------------------------------------------------------------------- kinds
# Order matters: the first pattern that matches a header decides. `Prognose/streefwaarden` is a
# target column (a target is what the municipality commits to); `Begroting na wijziging` is
# amended before it is a budget.
_INDICATOR_KINDS: list[tuple[Measure, re.Pattern[str]]] = [
    ("baseline", re.compile(
        r"\b(nulmeting|0-?meting|nul-?waarde|0-?waarde|uitgangs(situatie|waarde|positie|punt)|start(waarde|situatie)"
        r"|basis(waarde|jaar|meting)|beginwaarde|referentiejaar|ijkpunt|peil(waarde|meting))")),
    ("target", re.compile(
        r"\b(streef(waarde|waarden|cijfer|getal)?|streven|doel(waarde|stelling)?|norm(waarde)?|ambitie|begroting|begroot"
        r"|geraamd|raming|target|beoogd|gewenst|te bereiken|opgave|taakstelling)\b")),
    ("actual", re.compile(
        r"\b(realisatie|realisaties|gerealiseerd|werkelijk|werkelijke|rekening|jaarrekening|jr\.?\s?rek|behaald|uitkomst"
        r"|actueel|actuele|huidige (waarde|stand|situatie)|stand|resultaat|resultaten|gemeten|meting|metingen|score|peiling|waarde"
        r"|ultimo|feitelijk)\b")),
    ("forecast", re.compile(r"\b(prognose|prognoses|verwachting|verwacht|trend|raming)\b")),
]
_MONEY_KINDS: list[tuple[MoneyMeasure, re.Pattern[str]]] = [
    ("amended", re.compile(
        r"(na (begrotings)?wijziging|gewijzigd|actuele begroting|bijgestelde? begroting|begroting incl|na amendement"
        r"|geactualiseerd|na bijstelling|begroting\s*\+\s*wijz|na wijz)")),
    ("difference", re.compile(r"\b(verschil|afwijking|saldo afwijking|voordeel|nadeel|mutatie|begrotingswijziging(en)?|wijzigingen)\b")),
    ("actual", re.compile(r"\b(rekening|jaarrekening|realisatie|werkelijk|gerealiseerd|jr\.?\s?rek|resultaat|uitkomst)\b")),
    ("forecast", re.compile(r"\b(meerjarenraming|meerjarenbegroting|raming|prognose|verwachting|mjr|mjb)\b")),
    ("budget", re.compile(r"\b(begroting|begroot|primitie[fv]e?|primaire|oorspronkelijke?|vastgestelde)\b")),
]


_REFERENCE = re.compile(r"\s*\b(t\.\s?o\.\s?v\.?|tov|ten opzichte van|vergeleken met|in vergelijking met)(\s|$).*$")


def _before_reference(folded: str) -> str:
    """`ambitie 2018 t.o.v. 0-waarde` -> `ambitie 2018`: what a figure is relative to does not
    say what kind of figure it is."""
    head = _REFERENCE.sub("", folded)
    return head or folded


def indicator_kind(text: str | None) -> Measure | None:
    """The measure a header word names in an indicator table, or None."""
    folded = _before_reference(fold(text))
    if not folded:
        return None
    if "prognose" in folded and re.search(r"streef|doel|norm|ambitie", folded):
        return "target"
    for measure, pattern in _INDICATOR_KINDS:
        if pattern.search(folded):
            return measure
    return None


def money_kind(text: str | None) -> MoneyMeasure | None:
    """The measure a header word names in a money table, or None."""
    folded = fold(text)
    for measure, pattern in _MONEY_KINDS:
        if pattern.search(folded):
            return measure
    return None


# ---------------------------------------------------------------------------------------- areas
PROVINCES = {
    "groningen": "Groningen", "friesland": "Friesland", "fryslan": "Fryslân", "drenthe": "Drenthe",
    "overijssel": "Overijssel", "flevoland": "Flevoland", "gelderland": "Gelderland", "utrecht": "Utrecht",
    "noord-holland": "Noord-Holland", "zuid-holland": "Zuid-Holland", "zeeland": "Zeeland",
    "noord-brabant": "Noord-Brabant", "brabant": "Brabant", "limburg": "Limburg",
}  # fmt: skip
_NATION = re.compile(r"^(nederland|nl|ned\.?|landelijk( gemiddelde)?|gemiddelde? nederland|nederland gemiddeld|nationaal|rijk)$")
_OWN = re.compile(r"^(de |eigen |onze )?gemeente$")
# Size classes and peer groups keep their printed name.
_PEER = re.compile(
    r"(\d{1,3}[.\s]?\d{3}\s*(?:[-–]|tot|en)\s*\d{1,3}[.\s]?\d{3}|\d{1,3}[.\s]?\d{3}\s*\+|(?<!per )(?<!per)\b\d{1,3}(?:[.\s]?\d{3})+\s*inwoners"
    r"|[<>≤≥]\s*\d{1,3}(?:[.\s]?\d{3})+|\bgemeenten\b"
    r"|\bg\s?\d{1,2}\b|\bstedelijk|\bregio\b|\bgrootteklasse|\bklasse\b|vergelijkbare|referentie|\bprovincie\b"
    r"|\bcentrumgemeente|\bplatteland|\bbenchmark\b"
    r"|\bgemiddeld(e)?\b(?=.*\b(gemeenten?|nederland|land|regio|provincie|grootteklasse|klasse|vergelijkbare|inwoners)\b)"
    r"|^gem(iddeld(e)?|\.)$)"
)
_AREA_PREFIX = re.compile(r"^(waarde|referentiewaarde|referentie|cijfer|score)\s+", re.IGNORECASE)


def _squash(text: str) -> str:
    """`Meierij- stad` and `Meierij-\nstad` are `Meierijstad`: letters only, for comparing names."""
    return re.sub(r"[^a-z]", "", fold(text))


def area_of(text: str | None, municipality: str | None = None) -> str | None:
    """The area a header names: `Nederland`, the municipality, a province or a peer group.

    None when the text names no area (a kind word, a year, a label).
    """
    cleaned = clean_text(text)
    folded = fold(cleaned)
    if not folded:
        return None
    bare = _AREA_PREFIX.sub("", cleaned)
    bare_folded = fold(bare)
    if _NATION.match(bare_folded):
        return "Nederland"
    if municipality and (_OWN.match(bare_folded) or _squash(bare) == _squash(municipality)
                         or _squash(bare) == _squash(f"gemeente {municipality}")):
        return municipality
    if _OWN.match(bare_folded):
        return "Gemeente"  # resolved to the municipality by the caller that knows it
    if bare_folded in PROVINCES or bare_folded.removeprefix("provincie ") in PROVINCES:
        return PROVINCES[bare_folded.removeprefix("provincie ")]
    if _PEER.search(bare_folded) and not YEAR.fullmatch(bare_folded) and indicator_kind(bare_folded) is None:
        return bare
    return None


def is_own_municipality(text: str | None, municipality: str | None) -> bool:
    area = area_of(text, municipality)
    return area is not None and area in ("Gemeente", municipality)


# --------------------------------------------------------------------------- non-value columns
_COLUMN_WORDS: list[tuple[ColumnWord, re.Pattern[str]]] = [
    ("number", re.compile(r"^(nr|no|nummer|progr|prog|programma ?nr|p|#|bbv ?nr|bbv-nummer|volgnr|taakveld ?nr)$")),
    ("unit", re.compile(r"^(eenheid|eenheden|meet ?-?eenheid|maat ?-?eenheid|soort eenheid|indicator eenheid)$")),
    ("source", re.compile(r"^(bron|bronnen|databron|bron gegevens|gegevensbron|bron / verwijzingen|bron/verwijzingen|bronvermelding)$")),
    ("period", re.compile(
        r"^(periode|peiljaar|peildatum|meetjaar|jaar|jaartal|meetmoment|peilmoment|jaar van meting|laatste meting|laatste jaar( van)? meting|actualiteit"
        r"|jaar waarop (het )?cijfer betrekking heeft|jaar meting)$")),
    ("area", re.compile(r"^(regio|gebied|vergelijking|vergelijken met|vergelijkingsgebied|niveau)$")),
    ("note", re.compile(
        r"^(toelichting|beschrijving|definitie|definities|opmerking|opmerkingen|bijzonderheden|informatie indicator"
        r"|wat wordt bedoeld|uitleg|trend|ontwikkeling|beleidsdoel|relatie met doel|toelichting indicator"
        r"|(bbv )?verplicht( volgens (het )?bbv)?( \(?j/n\)?| ja/nee)?)$")),
    ("label", re.compile(
        r"^((naam )?(indicator|indicatoren)( naam)?|(effect|prestatie|beleids|maatschappelijke?|output|outcome|resultaat|bbv)"
        r"[- ]?indicator(en)?|omschrijving|kengetal(len)?|naam|onderwerp|maatschappelijk effect|doelstelling|doel"
        r"|product(/dienst)?|dienst|servicenorm(/indicator)?|prestatie|programma|deelprogramma|subprogramma|programmaonderdeel|taakveld|taakvelden|thema|type"
        r"|beleidsveld|activiteit|kerngegevens|kpi|meetbare doelstelling|effect|indicator/ eenheid)$")),
]


def column_word(text: str | None) -> ColumnWord | None:
    """What a header label says its column holds, when it holds no figures."""
    folded = fold(text)
    folded = re.sub(r"\s*[:*]$", "", folded)
    folded = re.sub(r"\s*/\s*", "/", folded)  # `Servicenorm/ indicator`, wrapped after its slash
    for word, pattern in _COLUMN_WORDS:
        if pattern.match(folded):
            return word
    return None


def card_attributes(text: str | None) -> list[tuple[str, str]]:
    """`Eenheid Duizend euro`, `Bron: CBS`, both on one line: the attributes (unit, source,
    date) a line of an indicator card names and gives, as (name, value); [] for other text."""
    words = clean_text(text).split()
    starts = [k for k, w in enumerate(words) if w[:1].isupper() and column_word(w) in ("unit", "source", "period")]
    if not starts or starts[0] != 0:
        return []
    found = []
    for a, b in zip(starts, [*starts[1:], len(words)]):
        key, value = words[a].rstrip(":"), " ".join(words[a + 1 : b])
        if not value or column_word(value) or is_header_word(value):
            return []
        found.append((key, value))
    return found


def plain_header_word(text: str | None) -> bool:
    """A header cell of a table headed by plain words (`raadsleden | wethouders`): short, no
    figure, no sentence, not the title of a part of the page."""
    text = clean_text(text)
    return (
        0 < len(text) <= 30
        and len(text.split()) <= 3
        and not re.search(r"\d", text)
        and not text.endswith((".", ":", ";", ",", "?"))
        and look(text) == "text"
        and not is_part_title(text)
    )


# What a unit cell looks like; a label seldom starts like this.
_UNIT = re.compile(
    r"^(%|in %|als %|x ?€|€|euro|dzd|aantal per|per |kosten (in|per)|fte|km|ha\b|kg|uren|dagen|score|rapportcijfer"
    r"|index|ratio|percentage|tussen de|schaal|verhouding|#|cijfer|gemiddeld|duizend|mln|m2|m³|aantal$|aantal \(|in euro|stuks$)"
)


def looks_like_unit(text: str | None) -> bool:
    """`Fte per 1.000 inwoners`, `% van totale lasten`, `aantal per 1.000 woningen`."""
    folded = fold(text)
    return bool(folded) and len(folded) <= 80 and (bool(_UNIT.match(folded)) or bool(re.match(r"^\w+ per \d", folded)))


# ------------------------------------------------------------------------------------- money
_SCALE = re.compile(
    r"(?:x|×|in|maal|\*)\s*(?:€|eur|euro)?\s*(1[.\s]?000[.\s]?000|1[.\s]?000|1000|mln|miljoen|1\s*mln|1\s*miljoen|dzd)\b|[x×]\s*€\s*1(?![\d.,])"
    r"|(duizenden|miljoenen)\s+euro|\b(k€|€\s*k)\b|€\s*x\s*(1[.\s]?000|mln)",
    re.IGNORECASE,
)
_MONEY_ROW = re.compile(
    r"^(totaal\s+)?(lasten|baten|saldo|resultaat|onttrekking(en)?|toevoeging(en)?|mutatie(s)?|uitgaven|inkomsten"
    r"|geraamd resultaat|saldo van|reserves?|dotatie|storting|bestemming)\b"
)
_MONEY_HEADER = re.compile(
    r"\b(lasten|baten|saldo|begroting|rekening|jaarrekening|meerjarenraming|raming|realisatie|primitie[fv]|na wijziging"
    r"|uitgaven|inkomsten|verschil|bedragen|x\s*€|€)\b"
)


def scale_of(text: str | None) -> float | None:
    """`bedragen x € 1.000` gives 1000, `x € 1 mln` 1,000,000; None when the text names no scale."""
    cleaned = clean_text(text)
    match = _SCALE.search(cleaned)
    if not match:
        return None
    if re.search(r"(?i)\bniet\b[^.;]*$", cleaned[: match.start()]):
        return None  # `niet afgerond op duizenden euro's`
    unit = re.sub(r"[.\s€]", "", match.group(0).lower())
    if "000000" in unit or "mln" in unit or "miljoen" in unit:
        return 1_000_000.0
    if not re.search(r"000|dzd|duizend|k", unit):
        return 1.0  # `bedragen x € 1`: whole euros
    return 1000.0


# Titles of the parts of a budget page; standing alone on a line they are headings.
_PART_TITLE = re.compile(
    r"(?i)^(toelichting( per regel| op de cijfers| indicator(en)?| ontwikkeling(en)?)?|bronnen|definities( indicatoren)?|activiteiten|inleiding"
    r"|samenvatting|leeswijzer|kerngegevens|(verplichte |beleids|prestatie-?|effect)?indicatoren|betrokken partners"
    r"|verbonden partijen|financi[eë]n|ontwikkelingen|risico'?s)$"
)


def is_part_title(text: str | None) -> bool:
    """`Toelichting`, `Bronnen`, `Verbonden partijen`: the title of a part of a budget page."""
    return bool(_PART_TITLE.match(clean_text(text)))


_AFTER_TABLE = re.compile(r"(?i)^(toelichting( per regel| op de cijfers| indicator(en)?| ontwikkeling(en)?)?|bronnen|definities( indicatoren)?)$")


def follows_table(text: str | None) -> bool:
    """`Toelichting`, `Bronnen`, `Definities`: the title of a part printed under a table, never
    a group row inside one (as `Financiën` or `Indicatoren` can be)."""
    return bool(_AFTER_TABLE.match(clean_text(text)))


_CONTINUATION = re.compile(r"^(excl|incl|exclusief|inclusief|en|of|met|zonder|van|voor|per|waarvan niet)\b")


def continues_label(label: str, line: str) -> bool:
    """A label-only line that goes on with the label above it: that one breaks off after a comma
    or a hyphen, or this one starts in lower case with `excl.`, `incl.`, `en` …."""
    if not label or not line or line.endswith(":") or len(line) > 60:
        return False
    return label.rstrip().endswith((",", "-", "(")) or (line[:1].islower() and bool(_CONTINUATION.match(line)))


def is_money_row_label(text: str | None) -> bool:
    return bool(_MONEY_ROW.match(fold(text)))


def names_money(text: str | None) -> bool:
    return bool(_MONEY_HEADER.search(fold(text))) or scale_of(text) is not None


# ----------------------------------------------------------------------------- header words
_MONEY_COLUMN = re.compile(r"^(lasten|baten|saldo|uitgaven|inkomsten|totaal|per inwoner|bedrag|bedragen|incidenteel|structureel)$")


def column_groups(labels: list[tuple[int, str]]) -> list[list[int]]:
    """The groups of columns under a header line that repeats its labels: `baten | lasten |
    saldo` under each year, years under each area. A group starts where the first label comes
    again or the years start over; a column after the years is in none. `labels` are (column,
    text) in order; [] when the line does not repeat itself in groups of two or more."""
    if len(labels) < 4:
        return []
    first = clean_text(labels[0][1]).lower()
    groups: list[list[int]] = []
    previous = None
    by_year = year_of(first) is not None
    for column, text in labels:
        text = clean_text(text).lower()
        year = year_of(text)
        if by_year and not year:
            break  # `Bron` after the years of each area: a column of no group
        if not groups or text == first or (year and previous and year <= previous):
            groups.append([])
        groups[-1].append(column)
        previous = year
    if len(groups) < 2 or any(len(g) < 2 for g in groups):
        return []
    return groups


def is_line_kind(text: str | None) -> bool:
    """`lasten`, `baten`, `saldo`: which side of a money line a row or column holds."""
    return bool(re.fullmatch(r"lasten|baten|saldo", fold(clean_text(text))))


def is_header_word(text: str | None, municipality: str | None = None) -> bool:
    """A cell that only ever stands in a table's header: a year, a kind of figure, an area,
    a column label, or both (`Realisatie 2023`, `2017 Nederland`)."""
    cleaned = clean_text(text)
    if not cleaned or len(cleaned) > 70:
        return False
    if column_word(cleaned) or scale_of(cleaned):
        return True
    rest = cleaned
    for pattern in (DATE, YEAR_RANGE, YEAR):
        rest = pattern.sub(" ", rest)
    rest = clean_text(rest.replace("/", " "))
    had_year = rest != cleaned
    if not rest:
        return had_year
    words = _before_reference(fold(rest))
    if _MONEY_COLUMN.match(words):
        return True  # `Lasten | Baten | Saldo` under each year of a money table
    if indicator_kind(words) or money_kind(words):
        # `Realisatie`, `Begroting 2025`, `Prognose/streefwaarden`, but no label that names one
        return len(re.findall(r"[a-z0-9]+", words)) <= 4
    return area_of(rest, municipality) is not None and (had_year or len(words.split()) <= 8)


def looks_like_header(texts: list[str], municipality: str | None = None) -> bool:
    """A table row that is a header: every cell after the first is a header word (years, kinds,
    areas, column labels) or empty, and at least one is there. The first cell is the corner,
    where any label can stand; a figure that only a body row holds rules the row out."""
    rest = [clean_text(t) for t in texts[1:] if clean_text(t)]
    if not rest:
        return False
    corner_label = bool(texts) and column_word(texts[0]) == "label"  # `Indicator | …`: a header however its cells wrap
    if not corner_label and any(look(t) in ("number", "null") and t not in ("-", "–", "*") for t in rest):
        return False
    words = sum(is_header_word(t, municipality) for t in rest)
    return words >= max(1, (len(rest) + 1) // 2)


# --------------------------------------------------------------------------------- footnotes
MARKER = re.compile(r"^(?P<name>.*?\S)\s*(?P<marker>\*+\d{1,2}\)|\*+|(?<=\s)\d{1,2}\)|\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|(?<=[a-z).])\d)$")
FOOTNOTE_LINE = re.compile(r"^(?P<marker>\*+\d{1,2}\)|\*+|\d{1,2}\)|\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}(?=[.:\s]))[.:]?\s*(?P<text>\S.*)$")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def marker_key(marker: str) -> str:
    """`¹`, `1)`, `(1)` and `1` are the same footnote."""
    return marker.translate(_SUPERSCRIPT).strip("()")


def split_marker(name: str) -> tuple[str, str | None]:
    """`Aantal banen*` -> (`Aantal banen`, `*`); `…voorzieningen.1` -> (`…voorzieningen.`, `1`).

    A candidate only: a marker is a marker when a footnote below the table resolves it.
    """
    cleaned = clean_text(name)
    match = MARKER.match(cleaned)
    if not match:
        return cleaned, None
    stem, marker = match.group("name"), match.group("marker")
    if marker.endswith(")") and not marker.startswith("(") and stem.count("(") > stem.count(")"):
        return cleaned, None  # `(type 1)` closes a parenthesis
    return stem.rstrip(), marker


def footnote_line(text: str) -> tuple[str, str] | None:
    """`**Garantiebanen: …` -> (`**`, `Garantiebanen: …`); None when the line is no footnote."""
    match = FOOTNOTE_LINE.match(clean_text(text))
    if not match:
        return None
    return match.group("marker"), match.group("text")


# ------------------------------------------------------------------------------ document types
_DOCUMENT_TYPES = [
    ("jaarrekening", re.compile(r"jaarrekening|jaarverslag|jaarstukken|programmarekening", re.IGNORECASE)),
    ("kadernota", re.compile(r"kadernota|voorjaarsnota|perspectiefnota|voorjaarsbrief", re.IGNORECASE)),
    ("tussenrapportage", re.compile(
        r"tussenrapportage|bestuursrapportage|burap|voortgangsrapportage|najaarsnota|turap|marap", re.IGNORECASE)),
    ("begroting", re.compile(r"begroting", re.IGNORECASE)),
]


def document_type_of(text: str | None) -> str | None:
    """The kind of document a title or path names (`Jaarstukken 2019` -> `jaarrekening`);
    the first one named wins, as a title comes before what its text mentions."""
    found = [(m.start(), code) for code, pattern in _DOCUMENT_TYPES if (m := pattern.search(text or ""))]
    return min(found)[1] if found else None
