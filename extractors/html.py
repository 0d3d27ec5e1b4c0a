"""Budget-platform web pages: one programme per HTML page.

The page is walked in document order and turned into the same flat stream of headings, text blocks
and tables the text extractor produces: `<h1>` is the programme, `<h2>`… open sections (question
headings among them are recognised by `structure.assemble`), paragraphs and list items become text
blocks and each `<table>` becomes a `Grid`: its cells with their spans and header hints (`<th>`,
`<thead>`, a cell in bold), for the table interpreter to read.
Pages can be nested arbitrarily deep, so every walk uses an explicit stack, never recursion.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import EncodingDetector
from bs4.element import PreformattedString

from core.issues import Issue
from core.model import Cell, Document, ExtractionError, Grid, TextBlock
from core.values import clean_text

from extractors.encoding import decode, looks_binary, utf16_without_bom
from extractors.hints import infer_hints
from extractors.limits import Limits, check_table_rows
from extractors.structure import Element, Heading, assemble, export_date, question_of, split_question

# Platforms print question headings as bold paragraphs: `<p><strong>Wat willen we bereiken?</strong></p>`.
_EMPHASIS = {"strong", "b"}
# Not content: code, navigation, and widgets a reader never sees as budget text.
_SKIP = {"script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "button", "select"}
_LISTS = {"ul", "ol"}
_HEADINGS = {f"h{n}": n - 1 for n in range(1, 7)}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "header", "hr", "html", "main", "p", "pre", "section", "summary",
    *_LISTS, *_HEADINGS,
}  # fmt: skip
# `werk<sup>1</sup>`: a footnote marker (or `m<sup>2</sup>`) is read as the superscript it shows.
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BR = "\n"  # kept until footnotes are split off, then collapsed to a space like all white space
_WHITESPACE = re.compile(r"\s+")
# What browsers read a declared charset as (WHATWG): Latin-1 labels mean Windows-1252, and a
# UTF-16 label in a page that can declare it in ASCII bytes is wrong, so UTF-8.
_DECLARED_AS = {
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"), "windows-1252"),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be"), "utf-8"),
}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 marks start with these too


def _decode(data: bytes) -> tuple[str, list[Issue]]:
    """A BOM wins, then the declared charset, then UTF-8, then the Dutch Windows-1252 fallback."""
    if not data.strip():
        raise ExtractionError("empty", "file is empty")
    if data.lstrip().startswith(b"%PDF"):
        raise ExtractionError("wrong-format", "file is a PDF, not HTML")
    if not data.startswith(_BOMS) and utf16_without_bom(data) is None and looks_binary(data):
        raise ExtractionError("not-text", "file holds binary data, not HTML")
    issues = []
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    declared = _DECLARED_AS.get((declared or "").lower(), declared)
    if declared and not data.startswith(_BOMS):
        try:
            return data.decode(declared), []
        except (LookupError, UnicodeDecodeError):
            issues.append(Issue("warning", "encoding-mismatch", f"page declares charset {declared!r} but does not decode as such"))
    text, fallback = decode(data)  # no statistical guessing: it misreads short Dutch pages
    return text, issues + fallback


def _skipped(node: Tag) -> bool:
    return node.name in _SKIP or node.has_attr("hidden")


def _superscript(node: Tag) -> str | None:
    """The text of a `<sup>` holding only a number, as superscript digits; else None."""
    if node.name != "sup":
        return None
    text = node.get_text().strip()
    return text.translate(_SUPERSCRIPT) if re.fullmatch(r"\d{1,2}", text) else None


def _text(node: Tag, stop: set[str] = frozenset(), buttons: bool = False) -> tuple[str, list[Tag]]:
    """The raw text under `node` and the descendants named in `stop`, which are left out.

    `buttons`: read the text of `<button>`s too (accordion headings hold their title in one).
    """
    parts: list[str] = []
    stopped: list[Tag] = []
    stack: list = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Tag):
            if _skipped(item) and not (buttons and item.name == "button" and not item.has_attr("hidden")):
                continue
            if item is not node and item.name in stop:
                stopped.append(item)
                continue
            if item.name == "br":
                parts.append(_BR)
                continue
            if (sup := _superscript(item)) is not None:
                parts.append(sup)
                continue
            # Block and cell boundaries separate words, inline tags (`<b>Wo</b>rd`) do not.
            sep = " " if item.name in _BLOCKS or item.name in ("td", "th", "li", "tr", "table") else ""
            parts.append(sep)
            stack.append(sep)
            stack.extend(reversed(item.contents))
        elif isinstance(item, NavigableString):
            if not isinstance(item, PreformattedString):  # comments, CDATA, doctype
                parts.append(_WHITESPACE.sub(" ", item))
        else:
            parts.append(item)  # a separator pushed above
    return "".join(parts), stopped


def _span(cell: Tag, name: str, limit: int) -> int:
    match = re.match(r"\s*(\d+)", str(cell.get(name) or ""))
    value = int(match.group(1)) if match else 1
    return min(value, limit) if value > 0 else limit  # rowspan="0": to the end of the table


def _table_rows(table: Tag) -> tuple[list[tuple[Tag, bool]], str | None]:
    """The table's `<tr>`s in order, each with whether it stands in `<thead>`; and its caption."""
    rows: list[tuple[Tag, bool]] = []
    caption = None
    stack = [(child, False) for child in reversed(table.contents)]
    while stack:
        node, in_head = stack.pop()
        if not isinstance(node, Tag) or _skipped(node) or node.name == "table":
            continue  # a nested table belongs to its cell
        if node.name == "tr":
            rows.append((node, in_head))
        elif node.name == "caption":
            caption = clean_text(_text(node)[0])
        else:  # thead, tbody, tfoot and whatever tag soup wraps rows
            stack.extend((child, in_head or node.name == "thead") for child in reversed(node.contents))
    return rows, caption


def _bold(cell: Tag) -> bool:
    """A `<td>` whose text is all in `<strong>` / `<b>`: a header cell on platforms without `<th>`."""
    text = clean_text(_text(cell)[0])
    if not text:
        return False
    bold = "".join(clean_text(_text(b)[0]) for b in cell.find_all(_EMPHASIS))
    return bold.replace(" ", "") == text.replace(" ", "")


def _cell_text(cell: Tag) -> str:
    """The cell's text with its line breaks (`Realisatie<br>2023`), white space otherwise collapsed."""
    raw, _ = _text(cell)
    lines = [clean_text(line) for line in raw.split(_BR)]
    return "\n".join(line for line in lines if line)


def read_table(table: Tag) -> Grid | None:
    """The table's cells at their grid positions, spans kept, with their header hints."""
    rows, caption = _table_rows(table)
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    header_rows = 0
    in_header = True
    for r, (tr, in_head) in enumerate(rows):
        tds = [c for c in tr.contents if isinstance(c, Tag) and c.name in ("td", "th")]
        hinted = bool(tds) and (in_head or all(c.name == "th" for c in tds))
        if in_header and hinted:
            header_rows += 1
        else:
            in_header = False
        c = 0
        for td in tds:
            while (r, c) in taken:
                c += 1
            colspan, rowspan = _span(td, "colspan", 1000), _span(td, "rowspan", len(rows) - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            text = _cell_text(td)
            header = in_head or td.name == "th" and (in_header or c > 0) or _bold(td)
            if text:
                cells.append(Cell(text, r, c, rowspan, colspan, header=header))
            c += colspan
    if not cells:
        return None
    width = max(c for _, c in taken) + 1
    return Grid(tuple(cells), len(rows), width, header_rows=header_rows or None, caption=caption)


class _Walker:
    def __init__(self, document: Document):
        self.document = document
        self.elements: list[Element] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if not clean_text(text):
            return
        date = export_date(text)
        if date:  # the platform footer dates the export; it is not budget text
            self.document.export_date = self.document.export_date or date
            return
        # Line breaks stay in the block (a footnote per line under a table); white space is collapsed.
        lines = [clean_text(line) for line in text.split(_BR) if clean_text(line)]
        question = split_question(lines[0])
        if question:  # a paragraph that starts with the question: `<p>Wat willen we bereiken?<br>…`
            self.elements.append(Heading(question[0]))
            lines = ([question[1]] if question[1] else []) + lines[1:]
            if not lines:
                return
        self.elements.append(TextBlock(_BR.join(lines)))

    def walk(self, root: Tag) -> list[Element]:
        flush = object()
        stack: list = [(root, 0)]  # (node, list depth)
        while stack:
            node, depth = stack.pop()
            if node is flush:
                self.flush()
            elif isinstance(node, NavigableString):
                if not isinstance(node, PreformattedString):
                    self.buffer.append(_WHITESPACE.sub(" ", node))
            elif not isinstance(node, Tag) or _skipped(node):
                continue
            elif node.name == "br":
                self.buffer.append(_BR)
            elif (sup := _superscript(node)) is not None:
                self.buffer.append(sup)
            elif node.name in _HEADINGS:
                self.flush()
                # An unclosed `<h1>` swallows what follows it; that is no part of the title.
                text, swallowed = _text(node, stop=_BLOCKS | {"table"}, buttons=True)
                self.elements.append(Heading(clean_text(text), level=_HEADINGS[node.name]))
                stack.extend((child, depth) for child in reversed(swallowed))
            elif node.name == "table":
                self.flush()
                table = read_table(node)
                if table is not None:
                    self.elements.append(table)
            elif node.name in _EMPHASIS and not clean_text("".join(self.buffer)) and question_of(_text(node)[0]):
                # `<p><strong>Wat willen we bereiken?</strong><br>Iedereen doet mee.</p>`
                self.flush()
                self.elements.append(Heading(clean_text(_text(node)[0])))
            elif node.name == "li":
                self.flush()
                text, nested = _text(node, stop=_LISTS)
                text = _BR.join(clean_text(line) for line in text.split(_BR) if clean_text(line))
                self.elements.append(TextBlock(text, "list_item", max(depth, 1)))
                stack.extend((child, depth) for child in reversed(nested))
            else:
                if node.name in _BLOCKS:
                    self.flush()
                    stack.append((flush, depth))
                inner = depth + 1 if node.name in _LISTS else depth
                stack.extend((child, inner) for child in reversed(node.contents))
        self.flush()
        return self.elements


def extract_html(path: str | Path, limits: Limits = Limits()) -> Document:
    """Read a budget web page into a `Document`."""
    path = Path(path)
    text, issues = _decode(path.read_bytes())
    # Counted before the page is parsed: a table of 100,000 rows costs a gigabyte to build.
    check_table_rows(len(re.findall(r"<tr[\s>]", text, flags=re.IGNORECASE)), limits)
    soup = BeautifulSoup(text, "lxml")
    document = Document(source_path=str(path), format="html", issues=issues)
    elements = _Walker(document).walk(soup.body or soup)
    assemble(elements, document)
    # The <title> names municipality, year and document type more often than the body does.
    # Table cells (`Jaarrekening 2023 | Begroting 2024`) say nothing about what the document is.
    visible = [clean_text(soup.title.get_text()) if soup.title else ""]
    visible.extend(element.text for element in elements if not isinstance(element, Grid))
    infer_hints(document, "\n".join(visible))
    return document
