"""Render the 2025 text seed as the budget-platform web page it was copied from.

The text seed is the text of an HTML page export; real inputs are the pages themselves. This
script reads the seed with the project's own text extractor and publishes the resulting
`Document` the way a budget platform does: a full HTML5 page with navigation, the programme as
`<h1>`, sections as `<h2>`, question headings as `<h3>`, nested `<ul>` lists, indicator tables as
real `<table>`s (empty `<td>`s where the text copy dropped empty cells), a script, a style sheet
and the export footer. Everything is built as an element tree and serialised by lxml.

    PYTHONPATH=. .venv/bin/python scripts/render_seed_html.py [seed.txt] [out.html]
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree
from lxml.html import builder as E
from lxml.html import tostring

from core.model import Document, Grid, Section, TextBlock
from extractors.structure import export_date, question_of
from extractors.text import extract_text
from core.values import clean_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw/dalfsen/2025/dalfsen_2025_sociaal-domein.txt"
OUT = ROOT / "raw/dalfsen/2025/dalfsen_2025_sociaal-domein.html"
TITLE = "Sociaal Domein - Begroting 2025 - Gemeente Dalfsen"
STYLE = """
body { font-family: "Open Sans", Arial, sans-serif; margin: 0; color: #222; }
nav ul { list-style: none; display: flex; gap: 1.5em; background: #00594f; padding: .8em 2em; margin: 0; }
nav a { color: #fff; text-decoration: none; }
main { max-width: 60em; margin: 2em auto; }
table.indicator-table { border-collapse: collapse; width: 100%; margin: 1em 0; }
table.indicator-table th, table.indicator-table td { border: 1px solid #ccc; padding: .3em .5em; }
footer { font-size: .8em; color: #666; text-align: center; padding: 2em; }
"""
SCRIPT = """
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.indicator-table").forEach(function (t) { t.classList.add("js-ready"); });
});
"""


class SeedLines:
    """What the extracted `Document` does not keep: question headings as printed, the footer."""

    def __init__(self, text: str, document: Document):
        lines = [clean_text(line) for line in text.splitlines() if clean_text(line)]
        self.questions: dict[str, str] = {}
        for line in lines:
            code = question_of(line)
            if code and code not in self.questions:
                self.questions[code] = line
        first_section = document.sections[0].title if document.sections else None
        head = lines[: lines.index(first_section)] if first_section in lines else []
        self.programme_questions = [line for line in head if question_of(line)]
        self.footer = next((line for line in lines if export_date(line)), None)


def render_list(items: list[TextBlock]) -> etree._Element:
    """Consecutive list items, nested by level: a deeper item opens a `<ul>` in the item above."""
    top = E.UL()
    open_lists = [(top, 1)]
    for item in items:
        while len(open_lists) > 1 and open_lists[-1][1] > item.level:
            open_lists.pop()
        parent, level = open_lists[-1]
        if item.level > level and len(parent):
            nested = etree.SubElement(parent[-1], "ul")
            open_lists.append((nested, item.level))
            parent = nested
        etree.SubElement(parent, "li").text = item.text
    return top


def render_table(table: Grid) -> list[etree._Element]:
    matrix = table.matrix()
    header = table.header_rows or 0
    head = E.THEAD(*[E.TR(*[E.TH(cell) for cell in row]) for row in matrix[:header]])
    body = E.TBODY(*[E.TR(*[E.TD(cell) for cell in row]) for row in matrix[header:]])
    return [E.TABLE(E.CLASS("indicator-table"), head, body)]


def render_section(section: Section, lines: SeedLines) -> etree._Element:
    out = E.SECTION(E.CLASS("beleidsveld"), E.H2(section.title))
    question = "overig"
    items: list[TextBlock] = []

    def close_list() -> None:
        if items:
            out.append(render_list(items))
            items.clear()

    for block in section.blocks:
        if block.question != question:
            close_list()
            question = block.question
            out.append(E.H3(lines.questions.get(question, question)))
        if isinstance(block, Grid):
            close_list()
            out.extend(render_table(block))
        elif block.kind == "list_item":
            items.append(block)
        else:
            close_list()
            out.append(E.P(block.text))
    close_list()
    return out


def render(seed: Path) -> bytes:
    text = seed.read_text(encoding="utf-8")
    document = extract_text(seed)
    lines = SeedLines(text, document)
    nav = E.NAV(
        E.UL(
            *[
                E.LI(E.A(label, href=href))
                for label, href in [
                    ("Home", "/"),
                    ("Programma's", "/programmas"),
                    ("Sociaal Domein", "/programmas/sociaal-domein"),
                    ("Samen Werken", "/programmas/samen-werken"),
                    ("Financiën", "/financien"),
                ]
            ]
        ),
        E.CLASS("site-nav"),
    )
    main = E.E.main(E.H1(document.programme or ""))
    main.extend(E.H2(question) for question in lines.programme_questions)
    main.extend(render_section(section, lines) for section in document.sections)
    footer = E.E.footer(E.P(lines.footer)) if lines.footer else E.E.footer()
    page = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width, initial-scale=1"),
            E.TITLE(TITLE),
            E.STYLE(STYLE),
        ),
        E.BODY(nav, main, footer, E.SCRIPT(SCRIPT)),
        lang="nl",
    )
    return tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", pretty_print=True)


def main(argv: list[str]) -> None:
    seed = Path(argv[0]) if argv else SEED
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render(seed))
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
