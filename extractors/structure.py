"""From a stream of headings and blocks to sections and questions.

Every extractor turns its format into a flat, ordered stream of `Heading`s, `TextBlock`s and
`Grid`s; `assemble` turns that stream into a `Document`: question headings set the question of
the blocks that follow, other headings open sections (numbered `7.3 Participatie` or not), and
each table is given the text around it (the heading it stands under, the short lines right
above and below it) for the table interpreter to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from core.issues import Issue
from core.model import Block, Document, Grid, Question, Section, TextBlock
from core.values import clean_text

# Budgets ask in the future tense; annual accounts (jaarstukken) answer the same questions in the
# past tense (`Wat wilden we bereiken?`, `Wat hebben we daarvoor gedaan?`, `Wat heeft het gekost?`).
_QUESTIONS: list[tuple[Question, re.Pattern[str]]] = [
    ("bereiken", re.compile(
        r"^(meerjarig doel:?\s*)?(wat (willen|wil|wilden|wilde) (we|wij) (bereiken|realiseren|bereikt hebben)"
        r"|wat te bereiken|wat is het doel|wat hebben (we|wij) bereikt)"
    )),
    ("bereiken", re.compile(r"^meerjarig doel$|^doelstelling(en)?$|^beoogd maatschappelijk effect")),
    ("doen", re.compile(
        r"^wat (gaan|zullen) (we|wij) (er ?voor|daarvoor|hiervoor) doen|^wat doen (we|wij)( ervoor)?|^wat gaan we doen"
        r"|^wat hebben (we|wij) (er ?voor |daarvoor |hiervoor )?gedaan"
    )),
    ("meten", re.compile(r"^hoe meten (we|wij) (dat|dit|het)|^hoe meten we|^hoe hebben (we|wij) (dat|dit|het) gemeten")),
    ("kosten", re.compile(r"^wat (mag|gaat) (het|dat) kosten|^wat kost (het|dat)|^wat heeft (het|dat) gekost")),
    ("overig", re.compile(r"^wat is (ons|het) beleid")),
]
# `7.3 Participatie`, `Beleidsveld 5.1 Jeugd`, and `3.2Wmo` where a page put number and title in
# separate spans.
_SECTION_NUMBER = re.compile(
    r"^((?P<word>beleidsveld|taakveld|deelprogramma|programmaonderdeel|thema|hoofdstuk|paragraaf)\s+)?"
    r"(?P<number>\d{1,2}(?:\.\d{1,2})*)[.:]?(\s+(?P<title>\S.*)|(?P<glued>(?-i:[A-Z][a-z]).*))$",
    re.IGNORECASE,
)
_LETTERED = re.compile(r"^(?P<number>[A-H])\.\s+(?P<title>[A-Z][a-zà-ÿ].*)$")
_MONTH_START = re.compile(r"(?i)^(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b")
_EXPORT_FOOTER = re.compile(
    r"gebouwd op (?P<built>\d{1,2}[/-]\d{1,2}[/-]\d{4}).*export van (?P<export>\d{1,2}[/-]\d{1,2}[/-]\d{4})",
    re.IGNORECASE,
)


def question_of(text: str) -> Question | None:
    """The question code of a question heading, or None if the text is no question heading."""
    normalized = clean_text(text).lower().rstrip("?: ").strip()
    if not normalized or len(normalized) > 80:
        return None
    for code, pattern in _QUESTIONS:
        if pattern.match(normalized):
            return code
    return None


def split_question(text: str) -> tuple[str, str] | None:
    """`Wat willen we bereiken? Iedereen doet mee.` -> (the question, the text after it).

    None when the text does not start with a question heading. A question without a question
    mark must be all of the text.
    """
    cleaned = clean_text(text)
    mark = cleaned.find("?")
    head, rest = (cleaned[: mark + 1], cleaned[mark + 1 :].strip()) if 0 < mark <= 100 else (cleaned, "")
    return (head, rest) if question_of(head) else None


def split_section_number(text: str) -> tuple[str | None, str]:
    """`7.3 Participatie` -> ('7.3', 'Participatie')."""
    cleaned = clean_text(text)
    lettered = _LETTERED.match(cleaned)
    if lettered and len(cleaned) <= 120:
        return lettered.group("number"), lettered.group("title")  # `A. Sociale structuur`
    match = _SECTION_NUMBER.match(cleaned)
    if match and len(cleaned) <= 120:
        title = match.group("title") or match.group("glued")
        # `3 Structurele toevoegingen …`, `Hoofdstuk 5 Financieel kader`: a number without a dot
        # numbers a heading when a word says so or a capitalised title of words follows
        single = "." not in match.group("number")
        if single and not match.group("word") and not (
            title[:1].isupper() and len(title.split()) >= 2 and not _MONTH_START.match(title) and not title.endswith((".", ";", ","))
        ):
            return None, cleaned
        return match.group("number"), title
    return None, cleaned


def is_numbered_heading(text: str) -> bool:
    number, title = split_section_number(text)
    return number is not None and title[:1].isalpha() and not title.rstrip().endswith((".", ";", ","))


def export_date(text: str) -> date | None:
    """The export date of a budget-platform page footer (`… met de export van 10/29/2024 …`)."""
    match = _EXPORT_FOOTER.search(text)
    if not match:
        return None
    parts = [int(x) for x in re.split(r"[/-]", match.group("export"))]
    month, day, year = parts
    if month > 12:  # day-first
        month, day = day, month
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int | None = None  # 0: the programme title; None: infer from the number
    page: int | None = None


Element = Heading | TextBlock | Grid


def assemble(elements: list[Element], document: Document) -> Document:
    """Fill `document.programme`, `.preamble` and `.sections` from the element stream."""
    question: Question = "overig"
    programme = document.programme
    current: Section | None = None
    open_sections: dict[int, Section] = {}
    # A page that answers the standard questions is a programme's page, and its title names the
    # programme; another page's title is the page's own first section.
    answers = any(isinstance(e, Heading) and question_of(e.text) for e in elements)
    previous: Element | None = None
    for element in elements:
        if isinstance(element, Heading):
            text = _ICON.sub("", clean_text(element.text))
            if not text or (isinstance(previous, Heading) and clean_text(previous.text) == clean_text(element.text)):
                continue  # the same heading printed twice in a row (page title and block title)
            previous = element
            if element.level == 0 and _DOCUMENT_TITLE.match(text):
                document.title = document.title or text  # `Jaarrekening 2018`: what the document is
                continue
            if element.level == 0 and not answers and not _PROGRAMME_TITLE.match(text) and document.programme is None:
                document.title = document.title or text
                element = replace(element, level=1)
            code = question_of(text)
            if code:
                question = code
                if current is not None and _is_table_caption(current) and document.sections.index(current) > 0:
                    # `Indicatoren` heads a table; the question after it belongs to the section
                    # the table stands in (`Wat mag het kosten?` of `3.1 Jeugd`).
                    current = document.sections[document.sections.index(current) - 1]
                    open_sections = {k: v for k, v in open_sections.items() if k < current.level}
                    open_sections[current.level] = current
                continue
            if element.level == 0:
                # A book holds several programmes; a programme page holds one.
                programme = text
                if document.programme is None:
                    document.programme = text
                    document.title = document.title or text
                open_sections = {}
                current = None
                question = "overig"
                continue
            number, title = split_section_number(text)
            if current is not None and current.title.casefold() == title.casefold() and number in (None, current.number):
                continue  # the page title over a block of the same title: one section
            level = element.level or (max(1, number.count(".")) if number else 1)
            parent_section = open_sections.get(level - 1)
            parent = parent_section.title if parent_section else programme
            current = Section(
                title=title, number=number, level=level, parent=parent, page=element.page, programme=programme
            )
            open_sections = {k: v for k, v in open_sections.items() if k < level}
            open_sections[level] = current
            document.sections.append(current)
            question = "overig"
            continue
        previous = element
        block: Block = replace(element, question=question)
        if isinstance(block, TextBlock) and not clean_text(block.text):
            continue
        (current.blocks if current else document.preamble).append(block)
    _attach_context(document)
    return document


_ICON = re.compile(r"^icon(?=[A-Z])")  # an icon's name glued to a heading by the page's text export
_DOCUMENT_TITLE = re.compile(
    r"^(programma)?(begroting|jaarrekening|jaarverslag|jaarstukken|kadernota|voorjaarsnota|najaarsnota|"
    r"perspectiefnota|programmabegroting|programmarekening)\s*[-–]?\s*((19|20)\d{2})(\s*[-–]\s*(19|20)?\d{2,4})?$",
    re.IGNORECASE,
)
_PROGRAMME_TITLE = re.compile(r"^(programma|prog\.)\s*\d", re.IGNORECASE)
_ABOVE = 6  # lines right above a table that may caption or name it
_BELOW = 8  # lines right under a table that may hold its footnotes, legend or source


def _texts(block: Block) -> list[str]:
    if isinstance(block, TextBlock):
        return [block.text]
    small = block.n_rows <= 3 and block.n_cols <= 3
    return [row for r in block.matrix() for row in r if row] if small else []


def _attach_context(document: Document) -> None:
    """Give every table the heading it stands under and the short lines around it."""
    groups = [(None, document.preamble)] + [(s, s.blocks) for s in document.sections]
    for section, blocks in groups:
        heading = section.title if section else document.programme
        for k, block in enumerate(blocks):
            if not isinstance(block, Grid):
                continue
            above: list[str] = []
            for earlier in reversed(blocks[max(0, k - _ABOVE) : k]):
                texts = _texts(earlier)
                if not texts:
                    break  # a table of its own stands above: what is above it is not about this one
                above[:0] = texts
            below: list[str] = []
            for later in blocks[k + 1 : k + 1 + _BELOW]:
                if not isinstance(later, TextBlock):
                    break
                below.append(later.text)
            blocks[k] = replace(
                block, heading=block.heading or heading, above=block.above or tuple(above[-_ABOVE:]), below=block.below + tuple(below)
            )


_TABLE_TITLE = re.compile(r"indicator|kengetal|kerncijfer|cijfers|\btabel|\boverzicht", re.IGNORECASE)


def _is_table_caption(section: Section) -> bool:
    """An unnumbered `Indicatoren` section holding only tables: its heading captions them."""
    return (
        section.number is None
        and bool(_TABLE_TITLE.search(section.title))
        and bool(section.blocks)
        and all(isinstance(b, Grid) for b in section.blocks)
    )


def add_issue(document: Document, severity: str, code: str, message: str, location: str | None = None) -> None:
    document.issues.append(Issue(severity, code, message, location))  # type: ignore[arg-type]
