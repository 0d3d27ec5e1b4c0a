"""Real PDFs for the PDF extractor's tests, made with two independent renderers.

reportlab (platypus flowables, page templates) and fpdf2 (its own line breaking and table
engine) lay out text differently: word spacing, table padding, where cells wrap, how bullets are
drawn. A fact that survives both is read from the layout, not from one renderer's habits.

Everything is rendered from a small list of layout items (`Title`, `H`, `P`, `Bullet`, `Grid`,
`Columns`, `Toc`, `PageBreak`), built either from a `Document` (`document_items`, so a seed's text
extraction can be printed as a budget book) or by `budget_book`, an invented book with the hard
parts of real ones: cover, table of contents, running header and footer, a two-column page, an
indicator table over three pages and a money table.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from core.model import Document, TextBlock
from core.model import Grid as TableGrid
from core.vocabulary import column_word, is_header_word

# --------------------------------------------------------------------------------------------
# Layout items


@dataclass(frozen=True)
class Title:
    """Cover text: big, not a heading of the book's structure."""

    text: str
    size: float = 26


@dataclass(frozen=True)
class H:
    """A heading. level 0: programme title, 1: section, 2: sub-section, 3: question."""

    text: str
    level: int


@dataclass(frozen=True)
class P:
    """A paragraph. A `\\n` forces a line break there (used to print a hyphenated line end)."""

    text: str


@dataclass(frozen=True)
class Bullet:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footnotes: tuple[tuple[str, str], ...] = ()
    caption: str | None = None
    ruled: bool = True
    repeat_header: bool = True
    numeric_from: int = 1  # columns from here on are right-aligned numbers


@dataclass(frozen=True)
class Columns:
    """Paragraphs printed in two columns, left column first."""

    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Toc:
    entries: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Item = Title | H | P | Bullet | Grid | Columns | Toc | PageBreak

QUESTION_TEXTS = {
    "bereiken": "Wat willen we bereiken?",
    "doen": "Wat gaan we ervoor doen?",
    "meten": "Hoe meten we dat?",
    "kosten": "Wat mag het kosten?",
    "overig": "Wat is ons beleid?",
}
# Printed variants assemble must recognise as well.
QUESTION_VARIANTS = {
    "bereiken": "Meerjarig doel: wat willen we bereiken?",
    "doen": "Wat gaan we er voor doen?",
    "meten": "Hoe meten we dat?",
    "kosten": "Wat mag het kosten?",
    "overig": "Wat is ons beleid?",
}


def _table_grid(table: TableGrid, ruled: bool, repeat_header: bool) -> Grid:
    """A table as read from a text seed, printed as one header row over its body rows."""
    matrix = table.matrix()
    header_rows = table.header_rows or 1
    header = tuple(matrix[header_rows - 1])
    values = [j for j, label in enumerate(header) if j and is_header_word(label) and not column_word(label)]
    return Grid(
        header,
        tuple(tuple(r) for r in matrix[header_rows:]),
        (),
        table.caption,
        ruled,
        repeat_header,
        numeric_from=values[0] if values else len(header),
    )


def document_items(
    document: Document, *, ruled: bool = True, repeat_header: bool = True, variants: bool = False
) -> list[Item]:
    """A `Document` as a budget book: programme title, sections, question headings, blocks.

    Question headings are printed where the question of the blocks changes; `variants` prints
    their other spellings (`Meerjarig doel: wat willen we bereiken?`).
    """
    texts = QUESTION_VARIANTS if variants else QUESTION_TEXTS
    items: list[Item] = []
    if document.programme:
        items.append(H(document.programme, 0))

    def blocks(blocks_: Sequence, question: str) -> None:
        for block in blocks_:
            if block.question != question:
                question = block.question
                items.append(H(texts[question], 3))
            if isinstance(block, TableGrid):
                items.append(_table_grid(block, ruled, repeat_header))
            elif isinstance(block, TextBlock) and block.kind == "list_item":
                items.append(Bullet(block.text, block.level))
            else:
                items.append(P(block.text))

    blocks(document.preamble, "overig")
    for section in document.sections:
        title = f"{section.number} {section.title}" if section.number else section.title
        items.append(H(title, section.level))
        blocks(section.blocks, "overig")
    if document.export_date:
        day = f"{document.export_date:%m/%d/%Y}"
        items.append(P(f"Deze pagina is gebouwd op {day} 09:54:19 met de export van {day} 09:52:11"))
    return items


# --------------------------------------------------------------------------------------------
# reportlab


@dataclass(frozen=True)
class Running:
    """Running header and footer; `{page}` is the page number."""

    header_left: str | None = None
    header_right: str | None = None
    footer: str | None = "{page}"


BODY_SIZE = 10
CELL_SIZE = 8.5
HEADING_SIZES = {0: 20, 1: 14, 2: 12, 3: 10.5}


def _column_widths(texts: Sequence[Sequence[str]], width: float, measure, padding: float) -> list[float]:
    """Widths a layout engine would choose: every column fits its longest word, the rest of
    the page width goes to columns by how much text they hold."""
    ncols = max(len(r) for r in texts)
    least = [0.0] * ncols
    natural = [0.0] * ncols
    for row in texts:
        for j, cell in enumerate(row):
            words = cell.split() or [""]
            least[j] = max(least[j], max(measure(w) for w in words) + 2 * padding + 2)
            natural[j] = max(natural[j], measure(cell) + 2 * padding + 2)
    spare = width - sum(least)
    if spare <= 0:
        return [w * width / sum(least) for w in least]
    want = [max(n - m, 0.0) for n, m in zip(natural, least)]
    if sum(want) > spare:  # some cells wrap: share the spare width by what each column wants
        return [m + spare * w / sum(want) for m, w in zip(least, want)]
    extra = (spare - sum(want)) / ncols
    return [m + w + extra for m, w in zip(least, want)]


def render_reportlab(
    items: Sequence[Item],
    path: str | os.PathLike,
    *,
    running: Running | None = None,
    encrypt: str | None = None,
    valign: str = "TOP",
) -> Path:
    """Print layout items with reportlab's platypus; `valign` places cell text in its row."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Frame,
        ListFlowable,
        ListItem,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
        Table as RLTable,
        TableStyle,
    )
    from reportlab.platypus import PageBreak as RLPageBreak

    path = Path(path)
    width, height = A4
    margin = 2.2 * cm
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.3, spaceAfter=6)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=CELL_SIZE, leading=CELL_SIZE * 1.25)
    cell_right = ParagraphStyle("cellr", parent=cell, alignment=TA_RIGHT)
    cell_head = ParagraphStyle("cellh", parent=cell, fontName="Helvetica-Bold")
    cell_head_right = ParagraphStyle("cellhr", parent=cell_head, alignment=TA_RIGHT)
    note = ParagraphStyle("note", parent=body, fontSize=8, leading=10, spaceAfter=2)
    headings = {
        level: ParagraphStyle(
            f"h{level}",
            fontName="Helvetica-Bold",
            fontSize=size,
            leading=size * 1.25,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.4,
            keepWithNext=1,
        )
        for level, size in HEADING_SIZES.items()
    }
    toc_style = ParagraphStyle("toc", parent=body, spaceAfter=3)

    def para(text: str, style) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def draw_running(canvas, doc) -> None:
        if running is None or doc.page == 1:
            return  # the cover has none
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        top = height - 1.2 * cm
        if running.header_left:
            canvas.drawString(margin, top, running.header_left)
        if running.header_right:
            canvas.drawRightString(width - margin, top, running.header_right)
        if running.footer:
            canvas.drawCentredString(width / 2, 1.2 * cm, running.footer.format(page=doc.page))
        canvas.restoreState()

    full = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="full")
    gutter = 0.8 * cm
    half = (width - 2 * margin - gutter) / 2
    left = Frame(margin, margin, half, height - 2 * margin, id="left")
    right = Frame(margin + half + gutter, margin, half, height - 2 * margin, id="right")
    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        encrypt=encrypt,
        title="begroting",
        author="tests",
    )
    doc.addPageTemplates(
        [
            PageTemplate("one", frames=[full], onPage=draw_running),
            PageTemplate("two", frames=[left, right], onPage=draw_running),
        ]
    )

    story: list = []
    pending_list: list[Bullet] = []

    def flush_list() -> None:
        if not pending_list:
            return

        def build(start: int, level: int) -> tuple[ListFlowable, int]:
            # A nested list goes into the item above it, as reportlab expects.
            entries: list[list] = []
            i = start
            while i < len(pending_list) and pending_list[i].level >= level:
                if pending_list[i].level > level:
                    nested, i = build(i, pending_list[i].level)
                    if entries:
                        entries[-1].append(nested)
                    else:
                        entries.append([nested])
                    continue
                entries.append([para(pending_list[i].text, body)])
                i += 1
            entries = [ListItem(e) for e in entries]  # type: ignore[misc]
            bullet = "•" if level == 1 else "–"
            flowable = ListFlowable(
                entries,
                bulletType="bullet",
                start=bullet,
                leftIndent=14,
                bulletFontSize=BODY_SIZE,
                bulletFontName="Helvetica",
            )
            return flowable, i

        flowable, _ = build(0, pending_list[0].level)
        story.append(flowable)
        pending_list.clear()

    text_width = width - 2 * margin
    for item in items:
        if not isinstance(item, Bullet):
            flush_list()
        if isinstance(item, Title):
            style = ParagraphStyle(
                "title", fontName="Helvetica-Bold", fontSize=item.size, leading=item.size * 1.3, spaceAfter=20
            )
            story.append(para(item.text, style))
        elif isinstance(item, H):
            story.append(para(item.text, headings[min(item.level, 3)]))
        elif isinstance(item, P):
            story.append(para(item.text, body))
        elif isinstance(item, Bullet):
            pending_list.append(item)
        elif isinstance(item, PageBreak):
            story.append(RLPageBreak())
        elif isinstance(item, Toc):
            for title, page in item.entries:
                story.append(_toc_line(title, page, toc_style, text_width))
        elif isinstance(item, Columns):
            story.append(NextPageTemplate("two"))
            story.append(RLPageBreak())
            for text in item.paragraphs:
                story.append(para(text, body))
            story.append(NextPageTemplate("one"))
            story.append(RLPageBreak())
        elif isinstance(item, Grid):
            texts = [item.header, *item.rows]
            widths = _column_widths(texts, text_width, lambda w: stringWidth(w, "Helvetica-Bold", CELL_SIZE), 4)

            def cells(row: Sequence[str], head: bool, numeric_from: int = item.numeric_from) -> list:
                out = []
                for j, text in enumerate(row):
                    right_aligned = j >= numeric_from
                    style = (
                        (cell_head_right if right_aligned else cell_head)
                        if head
                        else (cell_right if right_aligned else cell)
                    )
                    out.append(para(text, style))
                return out

            data = [cells(item.header, True)] + [cells(r, False) for r in item.rows]
            style = [
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
            if item.ruled:
                style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            else:
                style.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black))
            flow = []
            if item.caption:
                flow.append(para(item.caption, note))
            table = RLTable(data, colWidths=widths, repeatRows=1 if item.repeat_header else 0, hAlign="LEFT")
            table.setStyle(TableStyle(style))
            flow.append(table)
            if item.caption:
                story.append(CondPageBreak(80))
            story.extend(flow)
            for marker, text in item.footnotes:
                story.append(para(f"{marker} {text}", note))
            story.append(Spacer(1, 6))
    flush_list()
    doc.build(story)
    return path


def _toc_line(title: str, page: int, style, width: float):
    """A table-of-contents line: title, dot leaders, page number at the right margin."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    used = stringWidth(f"{title}  {page}", style.fontName, style.fontSize)
    dots = max(3, int((width - used) / stringWidth(".", style.fontName, style.fontSize)) - 8)
    return Paragraph(f"{escape(title)} {'.' * dots} {page}", style)


# --------------------------------------------------------------------------------------------
# fpdf2


def _vera(name: str) -> str:
    """reportlab ships Bitstream Vera; fpdf2 needs a Unicode TrueType font for € and •."""
    import reportlab

    return os.path.join(os.path.dirname(reportlab.__file__), "fonts", name)


def render_fpdf(
    items: Sequence[Item], path: str | os.PathLike, *, running: Running | None = None, valign: str = "TOP"
) -> Path:
    """Print layout items with fpdf2: its own line breaking, justification and table engine."""
    from fpdf import FPDF
    from fpdf.enums import TableBordersLayout, XPos, YPos
    from fpdf.fonts import FontFace

    class Book(FPDF):
        def header(self) -> None:
            if running is None or self.page_no() == 1:
                return
            self.set_font("vera", "", 8)
            self.set_y(9)
            if running.header_left:
                self.cell(0, 4, running.header_left, align="L")
                self.set_x(self.l_margin)
            if running.header_right:
                self.cell(0, 4, running.header_right, align="R")
            self.set_y(self.t_margin)

        def footer(self) -> None:
            if running is None or self.page_no() == 1 or not running.footer:
                return
            self.set_font("vera", "", 8)
            self.set_y(-12)
            self.cell(0, 4, running.footer.format(page=self.page_no()), align="C")

    pdf = Book(unit="mm", format="A4")
    pdf.add_font("vera", "", _vera("Vera.ttf"))
    pdf.add_font("vera", "B", _vera("VeraBd.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pt = 0.3528  # mm per point
    body_h = BODY_SIZE * 1.35 * pt

    def text_width() -> float:
        return pdf.w - pdf.l_margin - pdf.r_margin

    for item in items:
        if isinstance(item, Title):
            pdf.set_font("vera", "B", item.size)
            pdf.multi_cell(0, item.size * 1.3 * pt, item.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(8)
        elif isinstance(item, H):
            size = HEADING_SIZES[min(item.level, 3)]
            if pdf.will_page_break(size * pt * 5):
                pdf.add_page()
            pdf.ln(size * 0.6 * pt)
            pdf.set_font("vera", "B", size)
            pdf.multi_cell(0, size * 1.3 * pt, item.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(size * 0.3 * pt)
        elif isinstance(item, P):
            pdf.set_font("vera", "", BODY_SIZE)
            for k, part in enumerate(item.text.split("\n")):
                pdf.multi_cell(
                    0,
                    body_h,
                    part,
                    align="J" if k == item.text.count("\n") else "L",
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )
            pdf.ln(2.2)
        elif isinstance(item, Bullet):
            pdf.set_font("vera", "", BODY_SIZE)
            indent = 5 * item.level
            pdf.set_x(pdf.l_margin + indent - 4)
            pdf.cell(4, body_h, "•" if item.level == 1 else "–")
            pdf.multi_cell(text_width() - indent, body_h, item.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(0.8)
        elif isinstance(item, PageBreak):
            pdf.add_page()
        elif isinstance(item, Toc):
            pdf.set_font("vera", "", BODY_SIZE)
            for title, page in item.entries:
                used = pdf.get_string_width(f"{title}  {page}")
                dots = max(3, int((text_width() - used) / pdf.get_string_width(".")) - 2)
                pdf.cell(0, body_h * 1.2, f"{title} {'.' * dots} {page}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif isinstance(item, Columns):
            pdf.add_page()
            pdf.set_font("vera", "", BODY_SIZE)
            with pdf.text_columns(ncols=2, gutter=8, text_align="J", line_height=1.35, balance=True) as cols:
                for text in item.paragraphs:
                    cols.write(text)
                    cols.ln()
                    cols.ln()
            pdf.add_page()
        elif isinstance(item, Grid):
            if item.caption:
                if pdf.will_page_break(40):
                    pdf.add_page()
                pdf.set_font("vera", "", 8)
                pdf.multi_cell(0, 4, item.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font("vera", "", CELL_SIZE)
            texts = [item.header, *item.rows]
            pdf.set_font("vera", "B", CELL_SIZE)
            widths = _column_widths(texts, text_width(), pdf.get_string_width, 1.5)
            pdf.set_font("vera", "", CELL_SIZE)
            align = tuple("L" if j < item.numeric_from else "R" for j in range(len(item.header)))
            with pdf.table(
                col_widths=widths,
                width=sum(widths),
                align="L",
                text_align=align,
                line_height=CELL_SIZE * 1.3 * pt,
                padding=(1.2, 1.5),
                borders_layout=TableBordersLayout.ALL if item.ruled else TableBordersLayout.NONE,
                repeat_headings=1 if item.repeat_header else 0,
                v_align=valign,
                headings_style=FontFace(emphasis="BOLD"),
            ) as table:
                for row in texts:
                    out = table.row()
                    for text in row:
                        out.cell(text)
            pdf.set_font("vera", "", 8)
            for marker, text in item.footnotes:
                pdf.multi_cell(0, 4, f"{marker} {text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
    pdf.output(str(path))
    return Path(path)


def _render_document(render, document: Document, path, *, ruled=True, repeat_header=True, variants=False,
                     running: Running | None = None, valign: str = "TOP") -> Path:
    items = document_items(document, ruled=ruled, repeat_header=repeat_header, variants=variants)
    return render(items, path, running=running, valign=valign)


def render_document_reportlab(document: Document, path: str | os.PathLike, **options) -> Path:
    """A `Document` as a budget book printed by reportlab (options: see `_render_document`)."""
    return _render_document(render_reportlab, document, path, **options)


def render_document_fpdf(document: Document, path: str | os.PathLike, **options) -> Path:
    """A `Document` as a budget book printed by fpdf2 (options: see `_render_document`)."""
    return _render_document(render_fpdf, document, path, **options)


# --------------------------------------------------------------------------------------------
# An invented budget book


MUNICIPALITY = "Voorbeeld"
BOOK_YEAR = 2025
HEADER_LEFT = f"Programmabegroting {BOOK_YEAR}"
HEADER_RIGHT = f"Gemeente {MUNICIPALITY}"
MONEY_HEADER = ("Bedragen x € 1.000", "Rekening 2023", "Begroting 2024", "Begroting 2025", "2026", "2027", "2028")
MONEY_ROWS = (
    ("Lasten", "12.345", "13.020", "13.456", "13.500", "13.612", "13.700"),
    ("Baten", "-1.234", "(1.234)", "-2.500", "(2.600)", "-2.650", "(2.700)"),
    ("Saldo", "11.111", "11.786", "10.956", "10.900", "10.962", "11.000"),
)
TWO_COLUMN_PARAGRAPHS = (
    "Kolom een, alinea een. De gemeente werkt samen met inwoners, ondernemers en maatschappelijke partners aan een "
    "vitale samenleving waarin iedereen mee kan doen en zich thuis voelt in de eigen kern.",
    "Kolom een, alinea twee. In de komende jaren investeren we in de bereikbaarheid van voorzieningen, in veilige "
    "schoolroutes en in een goede verbinding tussen de dorpen onderling en met de stad.",
    "Kolom een, alinea drie. We houden daarbij rekening met de financiële ruimte die het Rijk ons biedt en met de "
    "opgaven die op ons afkomen, zoals de energietransitie en de vergrijzing van de bevolking.",
    "Kolom een, alinea vier. Samen met de buurgemeenten zoeken we naar slimme vormen van samenwerking, zodat de "
    "kwaliteit van de dienstverlening op peil blijft en de kosten beheersbaar blijven voor iedereen.",
    "Kolom twee, alinea vijf. De raad stelt de kaders vast en het college voert uit; over de voortgang rapporteren we "
    "tweemaal per jaar in de tussentijdse rapportages en aan het eind van het jaar in de jaarstukken.",
    "Kolom twee, alinea zes. Waar mogelijk betrekken we inwoners vroegtijdig bij plannen in hun buurt, via "
    "bijeenkomsten in de kernen, digitale peilingen en gesprekken aan de keukentafel.",
    "Kolom twee, alinea zeven. Zo blijft de begroting een levend document dat laat zien wat we willen bereiken, wat we "
    "daarvoor doen en wat het mag kosten.",
)
HYPHENATED = (
    "Het doel is een goede gezond-\nheid voor alle inwoners van de gemeente, jong en oud, in elke kern "
    "en in het buitengebied.",
    "Het doel is een goede gezondheid voor alle inwoners van de gemeente, jong "
    "en oud, in elke kern en in het buitengebied.",
)
SOURCES = ("Eigen registratie", "CBS", "GGD Gezondheidsmonitor", "Monitor Sociaal Domein", "DUO/Ingrado")
WORDS = (
    "inwoners",
    "jongeren",
    "ouderen",
    "huishoudens",
    "cliënten",
    "deelnemers",
    "meldingen",
    "trajecten",
    "vrijwilligers",
    "voorzieningen",
    "aanvragen",
    "woningen",
)
FILLER = (
    "De gemeente zet in op een samenleving waarin inwoners naar vermogen meedoen. Daarvoor werken we samen met "
    "partners in het voorveld, met het onderwijs en met de zorgaanbieders in de regio.",
    "We volgen de ontwikkelingen nauwgezet en sturen bij waar dat nodig is. De resultaten worden gedeeld met de "
    "raad in de voortgangsrapportages en in de jaarstukken van het begrotingsjaar.",
    "Bij de uitvoering letten we op de kosten en op de kwaliteit. Nieuwe taken van het Rijk voeren we uit binnen "
    "de middelen die daarvoor beschikbaar komen.",
)


@dataclass
class BookSpec:
    """What a generated book holds, for the tests to compare against."""

    path: Path
    renderer: str
    pages: int = 0
    indicator_header: tuple[str, ...] = ()
    indicator_rows: tuple[tuple[str, ...], ...] = ()
    indicator_row_pages: tuple[int, ...] = ()  # where pdfium finds each row
    indicator_section: str = "Participatie"
    money_header: tuple[str, ...] = MONEY_HEADER
    money_rows: tuple[tuple[str, ...], ...] = MONEY_ROWS
    money_section: str = "Financiën sociaal domein"
    two_column_paragraphs: tuple[str, ...] = TWO_COLUMN_PARAGRAPHS
    hyphenated: tuple[str, str] = HYPHENATED
    toc_titles: tuple[str, ...] = ()
    sections: tuple[tuple[str | None, str], ...] = ()
    running_texts: tuple[str, ...] = (HEADER_LEFT, HEADER_RIGHT)
    programmes: tuple[str, ...] = ()


def _indicator_rows(count: int, rng: random.Random, prefix: str = "Indicator") -> tuple[tuple[str, ...], ...]:
    rows = []
    for n in range(1, count + 1):
        word = WORDS[n % len(WORDS)]
        name = f"{prefix} {n:03d}: aantal {word} in beeld"
        if n % 9 == 0:
            name += " bij de gemeentelijke loketten en de wijkteams in alle kernen"  # wraps in its cell
        base = rng.randint(10, 900)
        values = [f"{base + 5 * k}" if n % 7 else f"{rng.randint(40, 95)}%" for k in range(4)]
        if n % 11 == 0:
            values[2] = "-"
        if n % 13 == 0:
            values[3] = ""  # an empty cell stays empty
        rows.append((name, SOURCES[n % len(SOURCES)], f"{base} ({BOOK_YEAR - 3})", *values))
    return tuple(rows)


def budget_book(
    path: str | os.PathLike,
    *,
    pages: int = 20,
    renderer: str = "reportlab",
    ruled: bool = True,
    repeat_header: bool = True,
    table_pages: int = 3,
    seed: int = 7,
    tables: bool = True,
) -> BookSpec:
    """An invented programme budget of about `pages` pages (see the module docstring) whose
    indicator table in section 2.1 runs over exactly `table_pages` pages; without `tables`,
    the same book with every table left out: prose, headings and lists only."""
    if not tables:
        return _budget_book(Path(path), pages, renderer, ruled, repeat_header, 0, seed)
    rows = 40 * table_pages
    for _ in range(8):
        spec = _budget_book(Path(path), pages, renderer, ruled, repeat_header, rows, seed)
        span = max(spec.indicator_row_pages) - min(spec.indicator_row_pages) + 1
        if span == table_pages:
            return spec
        per_page = len(spec.indicator_rows) / span
        rows = max(5, int(per_page * (table_pages - 0.5)))
    raise RuntimeError(f"could not lay the indicator table out over {table_pages} pages")


def _budget_book(
    path: Path, pages: int, renderer: str, ruled: bool, repeat_header: bool, rows: int, seed: int
) -> BookSpec:
    rng = random.Random(seed)
    spec = BookSpec(path=path, renderer=renderer)
    spec.indicator_header = ("Indicator", "Bron", "Nulmeting", "2025", "2026", "2027", "2028")
    spec.indicator_rows = _indicator_rows(rows, rng)

    # The rest of the pages are filler programmes of sections of about half a page;
    # a book has at most a dozen or so programmes, of at most a few dozen sections each.
    filler = max(3, (pages - 10) * 19 // 10)
    per_programme = -(-filler // -(-filler // 40))
    programmes = [("1", "Bestuur en dienstverlening"), ("2", "Sociaal domein")]
    for n in range(-(-filler // per_programme)):
        programmes.append((str(n + 3), f"Thema {WORDS[n % len(WORDS)]}"))
    sections_of = {str(n + 3): min(per_programme, filler - n * per_programme) for n in range(len(programmes) - 2)}

    body: list[Item] = []
    sections: list[tuple[str | None, str]] = []
    toc: list[tuple[str, int]] = []

    def section(number: str, title: str) -> None:
        body.append(H(f"{number} {title}", 1))
        sections.append((number, title))
        toc.append((f"{number} {title}", 3 + len(toc)))

    for number, name in programmes:
        title = f"Programma {number} {name}"
        body.append(PageBreak())
        body.append(H(title, 0))
        toc.append((title, 3 + len(toc)))
        if number == "1":
            section("1.1", "Dienstverlening")
            body.append(H(QUESTION_TEXTS["bereiken"], 3))
            body.append(P(HYPHENATED[0]))
            body.append(P(FILLER[0]))
            body.append(H(QUESTION_TEXTS["doen"], 3))
            body.append(Bullet("We verbeteren de digitale dienstverlening."))
            body.append(Bullet("Aandachtspunten daarbij zijn:"))
            body.append(Bullet("toegankelijkheid voor iedereen;", 2))
            body.append(
                Bullet("korte wachttijden aan de balie en aan de telefoon, ook in de avonduren en op zaterdag.", 2)
            )
            body.append(Bullet("We meten de tevredenheid van inwoners."))
            section("1.2", "Samenwerking")
            body.append(P(FILLER[1]))
            body.append(Columns(TWO_COLUMN_PARAGRAPHS))
            body.append(H(QUESTION_TEXTS["meten"], 3))
            body.append(P(FILLER[2]))
        elif number == "2":
            section("2.1", spec.indicator_section)
            body.append(H(QUESTION_TEXTS["bereiken"], 3))
            body.append(P(FILLER[0]))
            body.append(H(QUESTION_TEXTS["meten"], 3))
            if rows:
                body.append(P("De indicatoren staan in de tabel hieronder."))
                body.append(
                    Grid(
                        spec.indicator_header, spec.indicator_rows, ruled=ruled, repeat_header=repeat_header, numeric_from=2
                    )
                )
            body.append(H(QUESTION_TEXTS["doen"], 3))
            body.append(P(FILLER[1]))
            section("2.2", spec.money_section)
            body.append(H(QUESTION_TEXTS["kosten"], 3))
            if rows:
                body.append(Grid(("",) + MONEY_HEADER[1:], MONEY_ROWS, caption=MONEY_HEADER[0], ruled=ruled))
            body.append(P(FILLER[2]))
        else:
            for k in range(1, sections_of[number] + 1):
                section(f"{number}.{k}", f"Onderdeel {WORDS[(k + int(number)) % len(WORDS)]}")
                for question in ("bereiken", "doen", "meten"):
                    body.append(H(QUESTION_TEXTS[question], 3))
                    body.append(P(rng.choice(FILLER)))
                    if question == "doen":
                        body.extend(Bullet(f"Actie {i}: {rng.choice(FILLER)[:90]}") for i in range(1, 4))
                if k % 3 == 2 and rows:
                    small = _indicator_rows(6, rng, prefix="Kengetal")
                    body.append(Grid(spec.indicator_header, small, ruled=ruled, numeric_from=2))
                body.append(P(rng.choice(FILLER)))

    cover: list[Item] = [
        Title(HEADER_LEFT),
        Title(HEADER_RIGHT, 18),
        P(f"Vastgesteld door de raad in november {BOOK_YEAR - 1}"),
    ]
    items: list[Item] = [*cover, PageBreak(), H("Inhoudsopgave", 0), Toc(tuple(toc)), *body]
    running = Running(HEADER_LEFT, HEADER_RIGHT, "{page}")
    if renderer == "reportlab":
        render_reportlab(items, path, running=running)
    elif renderer == "fpdf":
        render_fpdf(items, path, running=running)
    else:
        raise ValueError(renderer)
    spec.sections = tuple(sections)
    spec.toc_titles = tuple(title for title, _ in toc)
    spec.programmes = tuple(f"Programma {n} {name}" for n, name in programmes)
    texts = page_texts(path)
    spec.pages = len(texts)
    spec.indicator_row_pages = tuple(
        next(n for n, text in enumerate(texts, start=1) if row[0].split(":")[0] + ":" in text)
        for row in spec.indicator_rows
    )
    return spec


def page_texts(path: str | os.PathLike) -> list[str]:
    """Each page's text as pdfium (not pdfplumber) reads it: an independent check."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


# --------------------------------------------------------------------------------------------
# Bad PDFs, made with real tools


def encrypted_pdf(path: str | os.PathLike, password: str = "geheim") -> Path:
    """A real PDF with a user password (reportlab's standard encryption)."""
    return render_reportlab([H("Geheim", 0), P("Deze begroting is versleuteld.")], path, encrypt=password)


def truncated_pdf(source: str | os.PathLike, path: str | os.PathLike, keep: float = 0.5) -> Path:
    """The first part of a real PDF's bytes, as an interrupted download leaves it."""
    data = Path(source).read_bytes()
    Path(path).write_bytes(data[: int(len(data) * keep)])
    return Path(path)


def not_a_pdf(path: str | os.PathLike) -> Path:
    Path(path).write_bytes(b"<html><body>404 Not Found</body></html>\n")
    return Path(path)


def zero_byte_pdf(path: str | os.PathLike) -> Path:
    Path(path).write_bytes(b"")
    return Path(path)


def _image(path: Path) -> Path:
    """A small picture of a printed page (a scan): pixels only."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 420), "white")
    draw = ImageDraw.Draw(image)
    for y in range(40, 400, 14):
        draw.rectangle((30, y, 30 + (y * 7) % 240, y + 6), fill="black")
    image.save(path)
    return path


def image_only_pdf(path: str | os.PathLike, pages: int = 2) -> Path:
    """Scanned pages: an image and drawn shapes on each page, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = Path(path)
    picture = _image(path.with_suffix(".png"))
    canvas = Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        canvas.drawImage(str(picture), 60, 200, width=450, height=600)
        canvas.rect(40, 40, 500, 760)
        canvas.showPage()
    canvas.save()
    return path


def pdf_with_scanned_page(path: str | os.PathLike, scanned_page: int = 2) -> Path:
    """A text PDF of three pages whose page `scanned_page` is an image without text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = Path(path)
    picture = _image(path.with_suffix(".png"))
    canvas = Canvas(str(path), pagesize=A4)
    lines = {
        1: [
            "Programma 1 Bestuur",
            "1.1 Dienstverlening",
            "Wat willen we bereiken?",
            "Goede dienstverlening aan alle inwoners.",
        ],
        3: ["1.2 Samenwerking", "Wat gaan we ervoor doen?", "We werken samen met de buurgemeenten."],
    }
    for page in (1, 2, 3):
        if page == scanned_page:
            canvas.drawImage(str(picture), 60, 200, width=450, height=600)
        else:
            y = 780
            for text in lines[1 if page == 1 else 3]:
                size = 20 if text.startswith("Programma") else 14 if text[0].isdigit() else 10
                canvas.setFont("Helvetica-Bold" if size > 10 or text.endswith("?") else "Helvetica", size)
                canvas.drawString(60, y, text)
                y -= size * 2
        canvas.showPage()
    canvas.save()
    return path


def blank_page_pdf(path: str | os.PathLike) -> Path:
    """Three pages, the middle one left blank as books do before a new chapter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    texts = {
        1: ("Programma 1 Bestuur", "Wat willen we bereiken?", "Een goed bestuur."),
        3: ("Programma 2 Sociaal domein", "Wat gaan we ervoor doen?", "Samenwerken in de regio."),
    }
    for page in (1, 2, 3):
        for k, text in enumerate(texts.get(page, ())):
            canvas.setFont("Helvetica-Bold" if k < 2 else "Helvetica", 20 if k == 0 else 10)
            canvas.drawString(60, 760 - 30 * k, text)
        canvas.showPage()
    canvas.save()
    return Path(path)


def pdf_with_unreadable_page(path: str | os.PathLike, bad_page: int = 2) -> Path:
    """Three text pages; page `bad_page`'s content stream names a filter no reader supports.

    The filter names are overwritten with one of the same byte length, so the cross-reference
    table stays valid and only that page fails to parse.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = Path(path)
    canvas = Canvas(str(path), pagesize=A4)
    for page in (1, 2, 3):
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(60, 780, f"1.{page} Onderdeel {page}")
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 750, f"Tekst van onderdeel {page}.")
        canvas.showPage()
    canvas.save()
    data = path.read_bytes()
    contents = re.findall(rb"/Contents (\d+) 0 R", data)
    start = data.index(b"\n" + contents[bad_page - 1] + b" 0 obj")
    old = b"/Filter [ /ASCII85Decode /FlateDecode ]"
    at = data.index(old, start)
    path.write_bytes(data[:at] + b"/Filter /Crypt".ljust(len(old)) + data[at + len(old) :])
    return path


def inflating_pdf(path: str | os.PathLike, megabytes: int = 64) -> Path:
    """A small PDF whose page stream inflates to `megabytes` of invisible text: a mild
    decompression bomb (the guard is the same at any size, the test stays fast)."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pageCompression=1)
    text = canvas.beginText(72, 720)
    text.setTextRenderMode(3)  # invisible
    text.textOut(" " * (megabytes << 20))
    canvas.drawText(text)
    canvas.drawString(72, 700, "Begroting")
    canvas.showPage()
    canvas.save()
    return Path(path)


def owner_password_pdf(path: str | os.PathLike) -> Path:
    """Encrypted with an owner password only: anyone may open it, as many published budgets."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    return render_reportlab(
        [H("Sociaal Domein", 0), H("7.1 Jeugdzorg", 1), H("Wat willen we bereiken?", 2), P("Gezond en veilig opgroeien.")],
        path,
        encrypt=StandardEncryption("", ownerPassword="eigenaar", canPrint=1),
    )
