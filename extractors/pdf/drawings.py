"""The drawings of a page read by PDFium, as pdfplumber sees them: edges and shaded boxes.

pdfplumber's table finder works on the edges of a page's lines, rectangles and curves, which
pdfminer makes of each painted path (`PDFLayoutAnalyzer.paint_path`): a path is cut into its
subpaths; a subpath of one segment is a line, four segments closing an upright rectangle are a
rect, anything else is a curve through the end points of its segments. `page_edges` makes the
same objects of PDFium's path objects, in pdfplumber's coordinates (from the top of the page),
and their edges as `pdfplumber.utils.obj_to_edges` gives them; `shading` the filled, coloured
boxes `pages._shading` takes from pdfplumber's rects.

A page this cannot read the same way returns None: drawings inside a form XObject (their
matrix is the form's, not the page's), paths pdfminer would not paint, and fills whose colour
PDFium gives only as RGB where pdfminer's could tell otherwise (a pattern, a shade about as white
as pdfminer's threshold). CMYK white is white here, and paper; pdfminer sees four zeros.

`Sheet` is a page made of these edges and of PDFium's characters, on which pdfplumber's own
table finder finds the cells and reads their text.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from functools import cached_property


_SUBPATH = re.compile(r"m[^m]+")


class Drawings:
    """What the table finder and the header hints need of a page's drawings."""

    def __init__(self, edges: list[dict], shading: list[tuple[float, float, float, float]]):
        self.edges = edges
        self.shading = shading


class Sheet:
    """A page as pdfplumber's `TableFinder` and `Table.extract` read it (`bbox`, `edges`,
    `chars`), made of what PDFium read; the characters are read only when a table's cells are."""

    def __init__(self, width: float, height: float, edges: list[dict], chars: Callable[[], list[dict]]):
        self.bbox = (0, 0, width, height)
        self.edges = edges
        self._chars = chars

    @cached_property
    def chars(self) -> list[dict]:
        return self._chars()


def may_hold_ruled_table(page) -> bool:
    """Whether the page's drawings could rule a table of two rows and two columns: three
    horizontal and three vertical edges (a rectangle has two of each), or any path more complex
    than a line or a rectangle. Underlines and a frame do not; pdfplumber's table finder
    would find nothing there."""
    import pypdfium2.raw as pdfium_c

    horizontal = vertical = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for path in _paths(page.raw, pdfium_c, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject):
        segments = pdfium_c.FPDFPath_CountSegments(path)
        if segments > 5 or any(
            pdfium_c.FPDFPathSegment_GetType(pdfium_c.FPDFPath_GetPathSegment(path, k)) == pdfium_c.FPDF_SEGMENT_BEZIERTO
            for k in range(segments)
        ):
            return True
        pdfium_c.FPDFPageObj_GetBounds(path, left, bottom, right, top)
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


def _paths(container, pdfium_c, count, get, depth: int = 0):
    """The path objects of a page or form object, and of the forms within it (eight deep, as
    far as pypdfium2's `get_objects` looks)."""
    for index in range(count(container)):
        obj = get(container, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            yield from _paths(obj, pdfium_c, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, depth + 1)


def page_drawings(page, height: float) -> Drawings | None:
    """The edges and shaded boxes of a pypdfium2 page, or None (see the module's description)."""
    import pypdfium2.raw as pdfium_c
    from pdfplumber.utils import obj_to_edges

    edges: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}  # pdfplumber's order
    shading: list[tuple[float, float, float, float]] = []
    matrix = pdfium_c.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if _holds_paths(obj, pdfium_c):
                return None
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
            return None  # a path nobody paints: pdfminer makes nothing of it, PDFium something
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            return None
        m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        path: list[tuple] = []
        count = pdfium_c.FPDFPath_CountSegments(obj)
        k = 0
        while k < count:
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                # Two control points and the end point: one `c` to pdfminer.
                if k + 2 >= count:
                    return None
                segment = pdfium_c.FPDFPath_GetPathSegment(obj, k + 2)
                pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
                path.append(("c", _apply(m, x.value, y.value)))
                k += 2
            elif kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                path.append(("m", _apply(m, x.value, y.value)))
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
                path.append(("l", _apply(m, x.value, y.value)))
            else:
                return None
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                path.append(("h", None))
            k += 1
        filled = bool(fill.value)
        colour = None
        if filled:
            if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
                return None  # a pattern: pdfminer's colour is a name, PDFium has none
            colour = (r.value, g.value, b.value)
            if any(248 <= v <= 251 for v in colour):
                return None  # about as white as pdfminer's threshold: PDFium's rounding may tip it
        for shape in _shapes(path):
            edges[shape[0]].extend(obj_to_edges(_in_page(shape, height)))
            if shape[0] == "rect" and colour is not None:
                box = _box(shape[1], height)
                if box[2] - box[0] >= 3 and box[3] - box[1] >= 3 and not all(v >= 250 for v in colour):
                    shading.append(box)  # white is the paper (pdfminer: every component >= 0.98)
    return Drawings(edges["line"] + edges["rect"] + edges["curve"], shading)


def _holds_paths(form, pdfium_c) -> bool:
    for index in range(pdfium_c.FPDFFormObj_CountObjects(form)):
        obj = pdfium_c.FPDFFormObj_GetObject(form, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH or (kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_paths(obj, pdfium_c)):
            return True
    return False


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _shapes(path: list[tuple]) -> list[tuple]:
    """pdfminer's reading of a painted path: ("line" | "rect" | "curve", points), per subpath."""
    shape = "".join(op for op, _ in path)
    if shape[:1] != "m":
        return []
    if shape.count("m") > 1:
        return [s for m in _SUBPATH.finditer(shape) for s in _shapes(path[m.start() : m.end()])]
    # `h` closes the subpath at its start.
    pts = [p if op != "h" else path[0][1] for op, p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        return [("line", pts[:2])]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return [("rect", [pts[0], pts[2]])]
    return [("curve", pts)]


def _box(points: list[tuple[float, float]], height: float) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of points in PDF space, measured from the top of the page."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), height - max(ys), max(xs), height - min(ys)


def _in_page(shape: tuple, height: float) -> dict:
    """The shape as pdfplumber's object of its kind, as far as `obj_to_edges` reads it."""
    kind, points = shape
    x0, top, x1, bottom = _box(points, height)
    obj = {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height - bottom,
        "y1": height - top,
        "width": x1 - x0,
        "height": bottom - top,
    }
    if kind == "curve":
        obj["pts"] = [(px, height - py) for px, py in points]
    return obj
