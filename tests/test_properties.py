"""Property tests: any cell text, any row shape, any bytes — a result or a typed error, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import tables
from extractors.model import ExtractionError
from extractors.text import extract_text
from transforms.values import parse_value

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


@given(st.sampled_from(HEADERS), st.lists(cells, max_size=30))
def test_align_cells_always_gives_a_full_row(header, row_cells):
    columns, _ = tables.classify_columns(header)
    row, used = tables.align_cells(row_cells, columns)
    assert len(row) == len(columns)
    assert 0 <= used <= len(row_cells)
    assert (used == 0) == (not row_cells)
    assert all(isinstance(c, str) for c in row)


@given(st.lists(cells, max_size=60))
def test_read_flattened_never_raises(lines):
    read = tables.read_flattened(["Indicator", "Bron", "Nulmeting", "2023", "2024", *lines])
    assert read.table is not None
    assert read.consumed <= len(lines) + 5
    assert all(len(r) == len(read.table.columns) for r in read.table.rows)


@given(st.sampled_from(HEADERS), st.lists(st.lists(cells, max_size=12), max_size=12), st.booleans())
def test_build_table_any_row_shape(header, body, positional):
    table, issues = tables.build_table(header, body, positional=positional)
    assert all(len(r) == len(table.columns) for r in table.rows)
    assert all(i.code == "row-too-long" for i in issues)


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
