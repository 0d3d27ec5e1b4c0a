"""Money tables ("Wat mag het kosten?") from text and HTML into `financials`, in euros."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml.html import builder as E

from extractors import extract
from transforms.build import document_tables
from transforms.identity import PathInfo, resolve

HEADER = ["Bedragen x € 1.000", "Rekening 2023", "Begroting 2024", "Begroting 2025", "2026", "2027", "2028"]
ROWS = [
    ["Lasten", "12.345", "13.000", "13.500", "13.600", "13.700", "13.800"],
    ["Baten", "-2.345", "(2.000)", "1.500-", "-1.600", "", "-1.800"],
    ["Saldo", "10.000", "11.000", "12.000", "12.000", "12.000", "12.000"],
]
EXPECTED = {
    ("Lasten", "Rekening 2023"): (2023, 12_345_000.0),
    ("Baten", "Rekening 2023"): (2023, -2_345_000.0),
    ("Baten", "Begroting 2024"): (2024, -2_000_000.0),
    ("Baten", "Begroting 2025"): (2025, -1_500_000.0),
    ("Saldo", "2028"): (2028, 12_000_000.0),
}


def text_page() -> str:
    lines = ["Sociaal Domein", "7.1 Jeugdzorg", "Wat mag het kosten?", " | ".join(HEADER) + " |"]
    lines += [" | ".join(row) + " |" for row in ROWS]
    return "\n".join(lines) + "\n"


def html_page() -> bytes:
    head = E.TR(*[E.TH(label) for label in HEADER])
    body = [E.TR(*[E.TD(cell) for cell in row]) for row in ROWS]
    page = E.HTML(E.BODY(E.H1("Sociaal Domein"), E.H2("Jeugdzorg"), E.H3("Wat mag het kosten?"),
                         E.TABLE(E.THEAD(head), E.TBODY(*body))))
    return etree.tostring(page, method="html", encoding="utf-8")


@pytest.mark.parametrize("name, content", [("begroting.txt", text_page().encode()), ("begroting.html", html_page())])
def test_money_table_in_euros(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    document = extract(path)
    meta = resolve(PathInfo.parse(f"dalfsen/2025/{name}"), document, document_id="d", size=1, format=document.format)
    rows = document_tables(document, meta).tables["financials"].to_pylist()
    assert len(rows) == 17  # 18 cells, one empty
    found = {(r["line_item"], r["column_label"]): (r["period"], r["amount_eur"]) for r in rows}
    for key, value in EXPECTED.items():
        assert found[key] == value
    assert {r["section"] for r in rows} == {"Jeugdzorg"}
    assert {r["scale"] for r in rows} == {1000.0}
    assert ("Baten", "2027") not in found
