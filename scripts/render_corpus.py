"""Write the HTML form of every corpus page: `corpus/layout/<stem>.json` -> `corpus/html/<stem>.html`.

Each page is served the way budget platforms serve theirs, in one of three house styles chosen
by the page's name, so the corpus holds all of them:

* `thead`  — `<thead>` with `<th>` cells, a `<caption>`;
* `strong` — no `<thead>`, header cells are `<td><strong>…</strong></td>`;
* `th`     — header rows of `<th>` without `<thead>`, and each body row's first cell a `<th scope=row>`.

Cells end in a no-break space on every second page (as exports do), spans are kept, footnote
markers written `^1` become `<sup>1</sup>`, and the page carries a platform's chrome: a menu,
breadcrumbs, a "Terug naar navigatie" link and an export footer, none of which is content.

usage: python scripts/render_corpus.py [corpus]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from lxml import etree
from lxml.html import builder as E
from lxml.html import tostring

STYLES = ("thead", "strong", "th")
_SUP = re.compile(r"\^(\d{1,2}|\*{1,3})")


def style_of(stem: str) -> str:
    return STYLES[int(hashlib.sha256(stem.encode()).hexdigest(), 16) % len(STYLES)]


def _inline(text: str, nbsp: bool = False) -> list:
    """Text with `\\n` as `<br>` and `^1` as `<sup>1</sup>`, as lxml children."""
    parts: list = []
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if n:
            parts.append(E.BR())
        pos = 0
        for match in _SUP.finditer(line):
            parts.append(line[pos : match.start()])
            parts.append(E.SUP(match.group(1)))
            pos = match.end()
        parts.append(line[pos:])
    if nbsp:
        parts.append("\xa0")
    return parts


def _cell(spec, tag: str, *, bold: bool = False, nbsp: bool = False, scope: str | None = None) -> etree._Element:
    if isinstance(spec, str):
        spec = {"text": spec}
    text = spec.get("text", "")
    content = _inline(text, nbsp=nbsp and bool(text))
    if bold and text:
        content = [E.STRONG(*content)]
    element = etree.Element(tag)
    for child in content:
        if isinstance(child, str):
            if len(element):
                element[-1].tail = (element[-1].tail or "") + child
            else:
                element.text = (element.text or "") + child
        else:
            element.append(child)
    if spec.get("colspan", 1) > 1:
        element.set("colspan", str(spec["colspan"]))
    if spec.get("rowspan", 1) > 1:
        element.set("rowspan", str(spec["rowspan"]))
    if scope:
        element.set("scope", scope)
    return element


def render_table(table: dict, style: str, nbsp: bool) -> list[etree._Element]:
    out = []
    header = table.get("header") or []
    body = table.get("body") or []
    children = []
    if table.get("caption"):
        if style == "thead":
            children.append(E.CAPTION(*_inline(table["caption"])))
        else:
            out.append(E.P(E.STRONG(*_inline(table["caption"]))))
    head_rows = []
    for row in header:
        if style == "strong":
            head_rows.append(E.TR(*[_cell(c, "td", bold=True, nbsp=nbsp) for c in row]))
        else:
            head_rows.append(E.TR(*[_cell(c, "th", nbsp=nbsp) for c in row]))
    body_rows = []
    for row in body:
        cells = []
        for k, c in enumerate(row):
            if style == "th" and k == 0 and len(row) > 1:
                cells.append(_cell(c, "th", nbsp=nbsp, scope="row"))
            else:
                cells.append(_cell(c, "td", nbsp=nbsp))
        body_rows.append(E.TR(*cells))
    if style == "thead" and head_rows:
        children.append(E.THEAD(*head_rows))
        children.append(E.TBODY(*body_rows))
    else:
        children.append(E.TBODY(*head_rows, *body_rows))
    out.append(E.TABLE(E.CLASS("table"), *children))
    for line in table.get("below") or []:
        out.append(E.P(*_inline(line)))
    return out


def _list(items: list) -> etree._Element:
    ul = E.UL()
    for item in items:
        if isinstance(item, list):
            if len(ul):
                ul[-1].append(_list(item))
            else:
                ul.append(E.LI(_list(item)))
        else:
            ul.append(E.LI(*_inline(item)))
    return ul


def render_page(layout: dict) -> bytes:
    stem = layout["document"]
    style = style_of(stem)
    nbsp = int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 2 == 0
    municipality = stem.split("_")[0].capitalize()
    year = stem.split("_")[1]
    main = E.MAIN()
    if layout.get("title"):
        main.append(E.H1(*_inline(layout["title"])))
    main.append(E.P(E.A("Terug naar navigatie", href="#nav"), E.CLASS("skip")))
    for block in layout.get("blocks", []):
        if "heading" in block:
            level = min(max(int(block.get("level", 2)), 2), 6)
            main.append(etree.Element(f"h{level}"))
            for child in _inline(block["heading"]):
                if isinstance(child, str):
                    main[-1].text = (main[-1].text or "") + child
                else:
                    main[-1].append(child)
        elif "paragraph" in block:
            main.append(E.P(*_inline(block["paragraph"])))
        elif "list" in block:
            main.append(_list(block["list"]))
        elif "table" in block:
            for element in render_table(block["table"], style, nbsp):
                main.append(element)
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(f"{layout.get('title') or stem} - {municipality} {year}")),
        E.BODY(
            E.HEADER(E.NAV(E.UL(E.LI(E.A("Home", href="/")), E.LI(E.A("Programma's", href="/p")), E.LI(E.A("Menu", href="#"))), id="nav")),
            E.DIV(E.CLASS("breadcrumbs"), E.A("Home", href="/"), " › ", E.SPAN(layout.get("title") or "")),
            main,
            E.FOOTER(E.P(f"Deze pagina is gebouwd op 10/29/{int(year) - 1} 09:54:19 met de export van 10/29/{int(year) - 1} 09:52:10")),
        ),
    )
    return tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", pretty_print=True)


def main(corpus: Path) -> None:
    out = corpus / "html"
    out.mkdir(exist_ok=True)
    for path in sorted((corpus / "layout").glob("*.json")):
        layout = json.loads(path.read_text(encoding="utf-8"))
        (out / f"{path.stem}.html").write_bytes(render_page(layout))
    print(f"wrote {len(list(out.glob('*.html')))} pages to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "corpus")
