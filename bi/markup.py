"""A tiny element builder on ElementTree, so every text and attribute of the report is escaped
by the serializer and never pasted into markup by hand."""

from __future__ import annotations

import math
from xml.etree.ElementTree import Element, tostring


def h(tag: str, attrs: dict | None = None, *children) -> Element:
    """An element; attributes that are None are left out, children may be text, elements or lists."""
    element = Element(tag, {key: str(value) for key, value in (attrs or {}).items() if value is not None})
    _append(element, children)
    return element


def _append(parent: Element, children) -> None:
    for child in children:
        if child is None:
            continue
        if isinstance(child, (list, tuple)):
            _append(parent, child)
        elif isinstance(child, Element):
            parent.append(child)
        elif len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + str(child)
        else:
            parent.text = (parent.text or "") + str(child)


def html_document(root: Element) -> str:
    return "<!DOCTYPE html>\n" + tostring(root, encoding="unicode", method="html") + "\n"


def number(value: float | None, decimals: int = 2) -> str:
    """Dutch notation, as the budgets print it: 4,2 and 1.234 (a dot groups thousands)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.rstrip("0").rstrip(",") if "," in text else text
