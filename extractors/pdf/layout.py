"""Whole-document clean-up and measurement: from pages of lines to items in reading order.

`_clean` drops running headers, footers and page numbers (lines repeated at the same height
on many pages), table-of-contents pages and the cover, and puts a two-column page in reading
order, column by column. `_measure` then finds the body font size, the line pitch, the font
sizes of headings and the left edge of the text, which the reader uses to tell headings,
paragraphs and list items apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from core import vocabulary
from core.values import look
from core.issues import Issue
from core.model import Document
from extractors.pdf.pages import Item, Line, Page, RuledTable
from extractors.structure import export_date, is_numbered_heading, question_of
from core.values import clean_text

_GUTTER = 8.0  # points: the narrowest gutter between two text columns
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_PROGRAMME_RATIO = 1.6  # the largest heading size, when this large, titles programmes
_MARGIN_ZONE = 0.1  # running headers and footers stand in the top or bottom tenth of a page

_PAGE_NUMBER = re.compile(
    r"^(?:pagina|blz\.?|page|p\.)?\s*[-–]?\s*\d{1,4}\s*(?:(?:/|van|of)\s*\d{1,4})?\s*[-–]?$", re.I
)
_TOC_TITLE = re.compile(r"^(inhoud|inhoudsopgave|inhoudsopgaaf|inhoudstafel|table of contents)$", re.I)
_TOC_ENTRY = re.compile(r"^(?P<title>.*?\S)\s*(?:(?:\.\s?){3,}|…+|_{3,})\s*(?P<page>\d{1,4})$")
_DOCUMENT_KIND = re.compile(
    r"begroting|jaarrekening|jaarverslag|jaarstukken|kadernota|voorjaarsnota|perspectiefnota", re.I
)


def _clean(pages: list[Page], document: Document) -> tuple[list[Item], list[str]]:
    """Drop running headers, footers, page numbers, the cover and the table of contents; put
    every page in reading order. Also the running texts, which often name the document
    (`Programmabegroting 2025`)."""
    running = _running_keys(pages)
    dropped: Counter[str] = Counter()
    items: list[Item] = []
    for index, page in enumerate(pages):
        lines = []
        for line in page.lines:
            if _in_margin(line, page) and (_running_key(line) in running or _PAGE_NUMBER.match(line.text)):
                dropped[line.text if not _PAGE_NUMBER.match(line.text) else "page numbers"] += 1
                continue
            lines.append(line)
        if _is_toc_page(lines):
            document.issues.append(Issue("info", "toc-skipped", "table of contents skipped", f"page {page.number}"))
            continue
        if index == 0 and _is_cover(lines, pages):
            document.title = clean_text(" ".join(line.text for line in sorted(lines, key=lambda x: -x.size)[:2]))
            document.issues.append(
                Issue("info", "cover-skipped", f"cover page skipped: {document.title!r}", f"page {page.number}")
            )
            continue
        kept = []
        for line in lines:
            if _is_toc_entry(line.text):
                continue
            date = export_date(line.text)
            if date:  # a budget platform's `Deze pagina is gebouwd op … export van …` footer
                document.export_date = date
                continue
            kept.append(line)
        items.extend(_reading_order(page, kept))
    if dropped:
        document.issues.append(
            Issue(
                "info",
                "running-text-removed",
                "running headers, footers and page numbers removed: "
                + ", ".join(f"{text!r} ({n}x)" for text, n in dropped.most_common(5)),
            )
        )
    return items, [text for text in dropped if text != "page numbers"]


def _is_cover(lines: list[Line], pages: list[Page]) -> bool:
    """A first page of a few short lines, one of them large, that names the kind of document
    (or is followed by the table of contents) and holds no heading of the book's structure."""
    if len(pages) < 3 or not lines or len(lines) > 8 or any(len(line.text) > 80 for line in lines):
        return False
    if any(question_of(line.text) or is_numbered_heading(line.text) for line in lines):
        return False
    sizes = Counter(line.size for page in pages[1:6] for line in page.lines for _ in line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    if max(line.size for line in lines) < 1.5 * body:
        return False
    if any(_DOCUMENT_KIND.search(line.text) for line in lines):
        return True
    return any(_TOC_TITLE.match(line.text.rstrip(":")) for line in pages[1].lines[:3])


# --------------------------------------------------------------------------------------------
# Running headers and footers, table of contents


def _running_key(line: Line) -> tuple[int, str]:
    return round(line.top / 3), re.sub(r"\d+", "#", line.text.lower())


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom <= _MARGIN_ZONE * page.height or line.top >= (1 - _MARGIN_ZONE) * page.height


def _running_keys(pages: list[Page]) -> set[tuple[int, str]]:
    """Lines printed at the same height with the same text (page numbers aside) on many pages."""
    seen: defaultdict[tuple[int, str], set[int]] = defaultdict(set)
    structural: set[tuple[int, str]] = set()
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                key = _running_key(line)
                seen[key].add(page.number)
                # A heading or table header that happens to open several pages at the same
                # height is content, not running text.
                if (
                    question_of(line.text)
                    or is_numbered_heading(line.text)
                    or vocabulary.looks_like_header([s.text for s in line.segments])
                ):
                    structural.add(key)
    return {
        key
        for key, where in seen.items()
        if len(where) >= 2 and (len(where) >= 3 or len(where) >= 0.5 * len(pages)) and key not in structural
    }


def _is_toc_entry(text: str) -> bool:
    """A title, dot leaders and a page number. The expression tries every place a title could
    end; most lines end in no page number or hold no leaders, and need no trying."""
    return text[-1:].isdigit() and ("." in text or "…" in text or "_" in text) and bool(_TOC_ENTRY.match(text))


def _is_toc_page(lines: list[Line]) -> bool:
    if not lines:
        return False
    if _TOC_TITLE.match(lines[0].text.rstrip(":")):
        return True
    entries = sum(1 for line in lines if _is_toc_entry(line.text))
    return entries >= 4 and entries >= 0.6 * len(lines)


# --------------------------------------------------------------------------------------------
# Two-column pages


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of the gutter of a two-column page, or None.

    A gutter is a vertical strip in the middle of the page that nearly every line leaves free,
    with prose on both sides: table columns leave free strips too, but hold figures.
    """
    if len(lines) < 8:
        return None
    lo, hi = 0.3 * width, 0.7 * width
    events: list[tuple[float, int]] = []
    for line in lines:
        start = lo
        for seg in line.segments:
            a, b = seg.x0 - _GUTTER / 2, seg.x1 + _GUTTER / 2
            if a > start:
                events += [(start, 1), (min(a, hi), -1)]
            start = max(start, b)
            if start >= hi:
                break
        if start < hi:
            events += [(start, 1), (hi, -1)]
    events.sort()
    best, best_x, count = 0, None, 0
    for k, (x, delta) in enumerate(events):
        count += delta
        if count > best and k + 1 < len(events) and events[k + 1][0] > x:
            best, best_x = count, (x + events[k + 1][0]) / 2
    if best_x is None or best < 0.85 * len(lines):
        return None

    def prose(side: list[list[str]]) -> bool:
        words = [w for line in side for w in line]
        numeric = sum(bool(re.fullmatch(r"[-–(]?[\d.,%()]+", w)) for w in words)
        return len(side) >= 5 and len(words) >= 3 * len(side) and numeric <= 0.3 * len(words)

    left = [[w for s in line.segments if s.x1 <= best_x for w in s.text.split()] for line in lines]
    right = [[w for s in line.segments if s.x0 >= best_x for w in s.text.split()] for line in lines]
    return best_x if prose([x for x in left if x]) and prose([x for x in right if x]) else None


def _reading_order(page: Page, lines: list[Line]) -> list[Item]:
    """Lines and ruled tables of a page in reading order, a two-column page column by column."""
    x = _gutter(lines, page.width)
    if x is None:
        return sorted([*lines, *page.ruled], key=lambda item: item.top)
    items: list[Item] = []
    band: list[Item] = []

    def flush() -> None:
        for column in (1, 2):
            items.extend(sorted((b for b in band if b.column == column), key=lambda b: b.top))
        band.clear()

    for item in sorted([*lines, *page.ruled], key=lambda item: item.top):
        if isinstance(item, RuledTable):
            if item.x0 < x < item.x1:
                flush()
                items.append(item)
            else:
                band.append(replace(item, column=1 if item.x1 <= x else 2))
            continue
        if any(s.x0 < x < s.x1 for s in item.segments):
            flush()  # a line across the gutter (a heading over both columns) ends the band
            items.append(item)
            continue
        left = [s for s in item.segments if s.x1 <= x]
        right = [s for s in item.segments if s.x0 >= x]
        if left:
            band.append(replace(item, segments=left, column=1))
        if right:
            band.append(replace(item, segments=right, column=2, second_x=None))
    flush()
    return items


# --------------------------------------------------------------------------------------------
# Measurement


_MIN_PROSE = 300  # characters of running text that make a size the body size on their own


def _measure(items: list[Item]) -> tuple[float, float, dict[float, int], dict[tuple[int, int], float]]:
    """Body font size, line pitch, heading sizes (size -> level) and the left edge of text per
    page and column."""
    lines = [item for item in items if isinstance(item, Line)]
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    if not sizes or sizes.most_common(1)[0][1] < _MIN_PROSE:
        # A document of tables and headings: the text in its tables is the body text.
        for item in items:
            if isinstance(item, RuledTable):
                sizes.update(item.sizes)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches: Counter[float] = Counter()
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and a.size == b.size == body:
            diff = round((b.top - a.top) * 2) / 2
            if 0.9 * body <= diff <= 1.7 * body:
                pitches[diff] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else 1.25 * body
    heading_sizes = sorted(
        {line.size for line in lines if line.size >= _HEADING_RATIO * body and len(line.text) <= 150}, reverse=True
    )
    first = 0 if heading_sizes and heading_sizes[0] >= _PROGRAMME_RATIO * body and len(heading_sizes) > 1 else 1
    tiers = {size: min(first + k, 3) for k, size in enumerate(heading_sizes)}
    lefts: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page, line.column)
        lefts[key] = min(lefts.get(key, line.x0), line.x0)
    return body, pitch, tiers, lefts
