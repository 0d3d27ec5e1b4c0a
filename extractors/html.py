"""Budget-platform web pages: one programme per HTML page.

The page is walked in document order and turned into the same flat stream of headings, text blocks
and tables the text extractor produces: `<h1>` is the programme, `<h2>`… open sections (question
headings among them are recognised by `structure.assemble`), paragraphs and list items become text
blocks and `<table>`s are expanded to a grid before `tables.build_table` gives their columns a role.
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

from extractors import tables
from extractors.encoding import decode, looks_binary
from extractors.hints import infer_hints
from extractors.model import Document, ExtractionError, Issue, Table, TextBlock
from extractors.structure import Element, Heading, assemble, export_date, question_of, split_question
from transforms.values import clean_text

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
    if not data.startswith(_BOMS) and looks_binary(data):
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


def read_table(table: Tag) -> tuple[Table | None, list[Issue]]:
    """Expand spans to a grid, take the header rows, and let `build_table` align the rest."""
    rows, caption = _table_rows(table)
    grid: dict[tuple[int, int], str] = {}
    header_rows = 0
    for r, (tr, in_head) in enumerate(rows):
        cells = [c for c in tr.contents if isinstance(c, Tag) and c.name in ("td", "th")]
        if r == header_rows and cells and (in_head or all(c.name == "th" for c in cells)):
            header_rows += 1
        c = 0
        for cell in cells:
            while (r, c) in grid:
                c += 1
            text = clean_text(_text(cell)[0])
            colspan, rowspan = _span(cell, "colspan", 1000), _span(cell, "rowspan", len(rows) - r)
            # A body label spanning the value columns is a group heading, not a value of each.
            across = 1 if (c == 0 and r >= header_rows) else colspan
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dc < across else ""
            c += colspan
    if not any(grid.values()):
        return None, []
    width = max(c for _, c in grid) + 1
    matrix = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    issues = []
    if header_rows == 0:
        header_rows = 1
        if not tables.is_header_row(matrix[0]) and not tables.is_money_header(matrix[0]):
            issues.append(Issue("warning", "table-unknown-layout", f"table without a recognised header: {matrix[0]}"))
    header = []
    for c in range(width):
        # Stacked header cells (`Streefwaarde` over `2025`) make one label; spans repeat a label.
        parts: list[str] = []
        for row in matrix[:header_rows]:
            if row[c] and row[c] not in parts:
                parts.append(row[c])
        header.append(" ".join(parts))
    built, build_issues = tables.build_table(header, matrix[header_rows:], caption=caption, positional=True)
    return built, issues + build_issues


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
        lines = [line for line in text.split(_BR) if clean_text(line)]
        question = split_question(lines[0])
        if question:  # a paragraph that starts with the question: `<p>Wat willen we bereiken?<br>…`
            self.elements.append(Heading(question[0]))
            text = _BR.join(([question[1]] if question[1] else []) + lines[1:])
            if not clean_text(text):
                return
        self.elements.append(TextBlock(text))

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
                table, issues = read_table(node)
                self.document.issues.extend(issues)
                if table is not None:
                    self.elements.append(table)
            elif node.name in _EMPHASIS and not clean_text("".join(self.buffer)) and question_of(_text(node)[0]):
                # `<p><strong>Wat willen we bereiken?</strong><br>Iedereen doet mee.</p>`
                self.flush()
                self.elements.append(Heading(clean_text(_text(node)[0])))
            elif node.name == "li":
                self.flush()
                text, nested = _text(node, stop=_LISTS)
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


def attach_footnotes(elements: list[Element], document: Document) -> list[Element]:
    """Paragraphs right below a table that resolve its markers (`* …`) become its footnotes."""
    out: list[Element] = []
    i = 0
    while i < len(elements):
        element = elements[i]
        i += 1
        if isinstance(element, Table) and (markers := tables.table_markers(element)):
            notes: list[tuple[str, str]] = []
            while i < len(elements) and isinstance(elements[i], TextBlock) and elements[i].kind == "paragraph":
                lines = [line for line in elements[i].text.split(_BR) if clean_text(line)]
                found = [tables.footnote_line(line) for line in lines]
                if not all(note and note[0] in markers for note in found):
                    break
                notes.extend(found)
                i += 1
            for marker in sorted(markers - {m for m, _ in notes}):
                document.issues.append(
                    Issue("warning", "footnote-unresolved", f"footnote marker {marker!r} has no footnote text below the table")
                )
            element = replace(element, footnotes=tuple(notes))
        elif isinstance(element, TextBlock):
            element = replace(element, text=clean_text(element.text))
        out.append(element)
    return out


def extract_html(path: str | Path) -> Document:
    """Read a budget web page into a `Document`."""
    path = Path(path)
    text, issues = _decode(path.read_bytes())
    soup = BeautifulSoup(text, "lxml")
    document = Document(source_path=str(path), format="html", issues=issues)
    elements = attach_footnotes(_Walker(document).walk(soup.body or soup), document)
    assemble(elements, document)
    # The <title> names municipality, year and document type more often than the body does.
    # Table cells (`Jaarrekening 2023 | Begroting 2024`) say nothing about what the document is.
    visible = [clean_text(soup.title.get_text()) if soup.title else ""]
    visible.extend(element.text for element in elements if not isinstance(element, Table))
    infer_hints(document, "\n".join(visible))
    return document
