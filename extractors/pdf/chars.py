"""Words of a page read with PDFium, for pages pdfplumber's layout analysis is not needed on.

pdfplumber builds a Python object per character from pdfminer's layout, which is most of the
time a book takes; PDFium (through pypdfium2, which pdfplumber already installs) reads the
same characters in C. A page of plain text and unruled tables is read here: its characters
grouped into words as pdfplumber's `extract_words(extra_attrs=["size", "fontname"])` does
(runs of one font and size, lines clustered by top within 3 pt, a new word at a space or a gap
wider than 3 pt). A page this cannot read the same way returns None and goes to pdfplumber:
one whose drawings could rule a table (its table finder needs them), rotated text, glyphs
without a character mapping, or no text at all. Underlines and a frame are no such drawings.

Boxes follow pdfminer: x0 at the glyph's origin, x1 at its advance, bottom at the baseline
plus the font's descent and top one font size above it.
"""

from __future__ import annotations

import ctypes
from itertools import groupby

_TOLERANCE = 3.0  # pdfplumber's x_tolerance and y_tolerance
_ADDRESS_OF_TEXT_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def page_words(page, height: float) -> list[dict] | None:
    """The words of a pypdfium2 page as pdfplumber gives them, or None when the page needs
    pdfplumber (see the module's description)."""
    import pypdfium2.raw as pdfium_c

    if _may_hold_ruled_table(page, pdfium_c):
        return None
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        if count <= 0:
            return None
        buffer = ctypes.create_string_buffer(2 * (count + 1))
        written = pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        texts = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", "replace")
        if len(texts) != count:  # characters outside the basic plane: one at a time
            texts = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(count))
        box = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        fonts: dict[int | None, tuple[float, str, float] | None] = {}  # per text object
        # The text object's address as a plain int: a key for `fonts` without a ctypes cast
        # per character.
        object_of = _ADDRESS_OF_TEXT_OBJECT(ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)
        handle = ctypes.cast(raw, ctypes.c_void_p)
        # Each character as (text, x0, x1, top, bottom, font); None for a space.
        chars: list[tuple | None] = []
        for i, text in enumerate(texts):
            if text in ("\r", "\n"):
                continue  # line breaks PDFium infers between lines
            if text.isspace():
                chars.append(None)  # a space ends a word, printed or inferred
                continue
            key = object_of(handle, i)
            if key not in fonts:
                fonts[key] = _font(raw, i, pdfium_c.FPDFText_GetTextObject(raw, i), pdfium_c)
            font = fonts[key]
            if font is None:
                return None  # rotated, skewed or mirrored text, or a font without a character map
            if not (text.isascii() and text.isalnum()) and pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
                return None  # pdfplumber prints such glyphs as (cid:N); its reading is reported
            if text in ("\x02", "\ufffe"):
                text = "-"  # a hyphen at the end of a line, as printed
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            bottom = height - (oy.value + font[2])
            chars.append((text, ox.value, box.right, bottom - font[0], bottom, font))
    finally:
        textpage.close()
    return _words(chars)


def _font(raw, index: int, obj, pdfium_c) -> tuple[float, str, float] | None:
    """(size printed, font name, descent in points) of the text object a character is in;
    None for text that is not upright, or whose font maps its glyphs to no characters."""
    if pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1:
        return None
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        return None
    # The font size as set, scaled by the text matrix: the size the glyph is printed at.
    size = round(pdfium_c.FPDFText_GetFontSize(raw, index) * matrix.d, 4)
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    descent = ctypes.c_float()
    if font and pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), descent):
        return size, name.value.decode("utf-8", "replace"), descent.value / 1000 * size
    return size, name.value.decode("utf-8", "replace"), 0.0


def _may_hold_ruled_table(page, pdfium_c) -> bool:
    """Whether the page's drawings could rule a table of two rows and two columns: three
    horizontal and three vertical edges (a rectangle has two of each), or any path more complex
    than a line or a rectangle. Underlines and a frame do not; pdfplumber's table finder
    would find nothing there."""
    horizontal = vertical = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for path in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=8):
        segments = pdfium_c.FPDFPath_CountSegments(path.raw)
        if segments > 5 or any(
            pdfium_c.FPDFPathSegment_GetType(pdfium_c.FPDFPath_GetPathSegment(path.raw, k)) == pdfium_c.FPDF_SEGMENT_BEZIERTO
            for k in range(segments)
        ):
            return True
        pdfium_c.FPDFPageObj_GetBounds(path.raw, left, bottom, right, top)
        width, height = right.value - left.value, top.value - bottom.value
        if width >= 3 and height >= 3:
            horizontal, vertical = horizontal + 2, vertical + 2
        elif width >= 3:
            horizontal += 1
        elif height >= 3:
            vertical += 1
        if horizontal >= 3 and vertical >= 3:
            return True
    return False


def _words(chars: list[tuple | None]) -> list[dict]:
    words: list[dict] = []
    # Spaces end words, so runs of one font and size are cut at them before they are cut into
    # lines (most runs are then one word on one line).
    for font, group in groupby(chars, key=lambda c: c and c[5][:2]):
        if not font:
            continue
        run = list(group)
        tops = [c[3] for c in run]
        if max(tops) - min(tops) <= _TOLERANCE:
            lines = [run if all(a[1] <= b[1] for a, b in zip(run, run[1:])) else sorted(run, key=lambda c: c[1])]
        else:
            lines = _lines(run)
        for line in lines:
            current = [line[0]]
            for char in line[1:]:
                last = current[-1]
                if char[1] < last[1] or char[1] > last[2] + _TOLERANCE or abs(char[3] - last[3]) > _TOLERANCE:
                    words.append(_merge(current, font))
                    current = [char]
                else:
                    current.append(char)
            words.append(_merge(current, font))
    return words


def _lines(chars: list[tuple]) -> list[list[tuple]]:
    """Characters clustered by their top, as pdfplumber's `cluster_objects` does: sorted tops
    within the tolerance of the previous one are one line; each line sorted left to right."""
    tops = sorted({c[3] for c in chars})
    cluster_of: dict[float, int] = {}
    cluster = 0
    for k, top in enumerate(tops):
        if k and top - tops[k - 1] > _TOLERANCE:
            cluster += 1
        cluster_of[top] = cluster
    lines: list[list[tuple]] = [[] for _ in range(cluster + 1)]
    for char in chars:
        lines[cluster_of[char[3]]].append(char)
    return [sorted(line, key=lambda c: c[1]) for line in lines if line]


def _merge(chars: list[tuple], font: tuple) -> dict:
    text = "".join(c[0] for c in chars)
    if not text.isascii():
        text = "".join(_LIGATURES.get(c[0], c[0]) for c in chars)
    return {
        "text": text,
        "x0": min(c[1] for c in chars),
        "x1": max(c[2] for c in chars),
        "top": min(c[3] for c in chars),
        "bottom": max(c[4] for c in chars),
        "size": font[0],
        "fontname": font[1],
    }
