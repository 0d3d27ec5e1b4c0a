"""Property tests: any cell text, any row shape, any bytes — a result or a typed error, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.model import ExtractionError, grid_from_rows
from extractors.tables import Context, read_table
from extractors.text.align import align_row, cut_rows
from extractors.text import extract_text
from core.values import parse_value

TOKENS = list("0123456789.,-%()<>=≥≤€ abcnvtpm*\xa0\u2013xX/|") + ["n.b.", "2019", "(2017)", "Bron", "Nederland"]
cells = st.lists(st.sampled_from(TOKENS), max_size=8).map("".join) | st.text(max_size=30)
HEADERS = [
    ["Indicator", "Bron", "Nulmeting", "2023", "2024", "2025"],
    ["Indicator", "Eenheid", "Periode", "Bron", "Dalfsen", "Nederland", "25.000 - 50.000 inwoners"],
    ["Bedragen x € 1.000", "Rekening 2023", "Begroting 2024", "2025"],
]


@given(cells, st.booleans(), st.booleans())
def test_parse_value_never_raises(text, baseline, money):
    parsed = parse_value(text, baseline=baseline, money=money)
    assert parsed.kind in ("number", "null", "year", "text", "empty")
    assert (parsed.value is None) or parsed.kind in ("number", "year")
    assert parsed.comparator in (None, ">", ">=", "<", "<=")
    assert parsed.unit in (None, "%", "EUR")


ROLES = [
    ("label", "source", "value", "value", "value", "value"),
    ("label", "unit", "period", "source", "value", "value", "value"),
    ("label", "value", "value", "value"),
]


@given(st.sampled_from(ROLES), st.lists(cells, max_size=30), st.booleans())
def test_align_row_places_every_piece_or_none(roles, row_cells, joinable):
    placed = align_row(tuple(row_cells), roles, (joinable,) * len(row_cells))
    if placed is not None:
        assert len(placed.cells) == len(roles)
        assert " ".join(c for c in placed.cells if c).split() == " ".join(row_cells).split()


@given(st.sampled_from(ROLES), st.lists(cells, max_size=40))
def test_cut_rows_keeps_every_cell(roles, blocks):
    rows = cut_rows(blocks, roles)
    if rows:
        kept = [t for r in rows for t in ([r] if isinstance(r, str) else [c for c in r if c])]
        assert " ".join(kept).split() == " ".join(blocks).split()


@given(st.sampled_from(HEADERS), st.lists(st.lists(cells, max_size=12), max_size=12))
def test_interpreter_reads_any_grid(header, body):
    reading = read_table(grid_from_rows([header, *body]), Context("Dalfsen", 2025, "begroting"))
    assert reading.kind in ("indicator", "money", "definitions", "unknown")
    for row in reading.rows:
        assert all(0 <= v.column < len(reading.columns) for v in row.values)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")))
def test_text_extractor_returns_a_document_or_a_typed_error(tmp_path, data):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    try:
        document = extract_text(path)
    except ExtractionError as error:
        assert error.code in ("empty", "not-text", "wrong-format", "undecodable")
    else:
        assert document.format == "text"
