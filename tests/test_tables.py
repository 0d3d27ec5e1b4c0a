"""Shared table logic: header roles, table forms, re-alignment by cell look, footnote markers."""

import pytest

from extractors import tables

BENCHMARK_HEADER = ["Indicator", "Eenheid", "Periode", "Bron", "Dalfsen", "Nederland", "25.000 - 50.000 inwoners"]
TARGET_HEADER = ["Indicator", "Bron", "Nulmeting 2019", "2020", "2021", "2022", "2023"]


def roles(columns):
    return [c.role for c in columns]


def test_target_header_roles_and_periods():
    columns, form = tables.classify_columns(TARGET_HEADER)
    assert form == "target"
    assert roles(columns) == ["indicator", "source", "baseline", "target", "target", "target", "target"]
    assert [c.period for c in columns] == [None, None, 2019, 2020, 2021, 2022, 2023]


def test_benchmark_header_has_areas():
    columns, form = tables.classify_columns(BENCHMARK_HEADER)
    assert form == "benchmark"
    assert roles(columns) == ["indicator", "unit", "period", "source", "actual", "actual", "actual"]
    assert [c.area for c in columns[4:]] == ["Dalfsen", "Nederland", "25.000 - 50.000 inwoners"]


def test_money_header():
    columns, form = tables.classify_columns(
        ["Bedragen x € 1.000", "Rekening 2023", "Begroting 2024", "Begroting 2025", "2026", "2027", "2028"], "kosten"
    )
    assert form == "money"
    assert roles(columns)[1:] == ["amount"] * 6
    assert [c.period for c in columns[1:]] == [2023, 2024, 2025, 2026, 2027, 2028]
    assert tables.table_scale(["Bedragen x € 1.000"]) == 1000.0


@pytest.mark.parametrize(
    "cells, expected",
    [
        # every cell present
        (["Absoluut verzuim", "Aantal per 1.000 leerlingen 5-18 jr", "2022", "DUO/Ingrado", "21", "4,2", "4,2"],
         ("Absoluut verzuim", "Aantal per 1.000 leerlingen 5-18 jr", "2022", "DUO/Ingrado", "21", "4,2", "4,2")),
        # Eenheid dropped: the year goes to Periode, not to Eenheid
        (["Vroegtijdige schoolverlaters", "2021", "DUO/Ingrado", "1,1", "1,9", "1,6"],
         ("Vroegtijdige schoolverlaters", "", "2021", "DUO/Ingrado", "1,1", "1,9", "1,6")),
        # Eenheid and Periode dropped: a source-looking text is not taken for a unit
        (["Niet-sporters", "Gezondheidsmonitor (CBS, RIVM, GGD)", "48,8", "49,2", "n.b."],
         ("Niet-sporters", "", "", "Gezondheidsmonitor (CBS, RIVM, GGD)", "48,8", "49,2", "n.b.")),
        # trailing values missing: the next row's label is not swallowed
        (["Relatief verzuim", "Aantal per 1.000", "2022", "CBS", "14", "Volgende indicator", "2021", "CBS"],
         ("Relatief verzuim", "Aantal per 1.000", "2022", "CBS", "14", "", "")),
    ],
)
def test_align_cells_by_look(cells, expected):
    columns, _ = tables.classify_columns(BENCHMARK_HEADER)
    row, used = tables.align_cells(cells, columns)
    assert row == expected
    assert used == len([c for c in expected if c])


def test_read_flattened_stops_at_paragraph():
    cells = [*TARGET_HEADER[:2], "Nulmeting", "2023", "2024",
             "Aantal huishoudens met bewindvoering", "Eigen administratie", "104 (2021)", "100", "95",
             "Aantal kinderen", "Eigen administratie", "224 (2018)", "230", "230",
             "De taakstelling fluctueert erg, zo was de taakstelling in 2020 20 statushouders, terwijl de "
             "taakstelling in 2021 en 2022 op 40 statushouders uitkwam en voor 2023 op 80."]
    read = tables.read_flattened(cells)
    assert read.table is not None and read.table.form == "target"
    assert [r[0] for r in read.table.rows] == ["Aantal huishoudens met bewindvoering", "Aantal kinderen"]
    assert read.consumed == len(cells) - 1


def test_read_header_ignores_heading_above_table():
    assert tables.read_header(["Indicatoren", "Indicator", "Bron", "Nulmeting"]) == 0
    assert tables.read_header(BENCHMARK_HEADER + ["Absoluut verzuim"]) == len(BENCHMARK_HEADER)


def test_build_table_pads_short_rows_and_drops_repeated_header():
    table, issues = tables.build_table(
        TARGET_HEADER,
        [["Doel 5*", "GWS4all", "1", "5", "6", "7", "8"], TARGET_HEADER, ["Doel 6 **", "Monitor UWV"]],
    )
    assert [r[0] for r in table.rows] == ["Doel 5*", "Doel 6 **"]
    assert table.rows[1] == ("Doel 6 **", "Monitor UWV", "", "", "", "", "")
    assert issues == []


def test_build_table_reports_overlong_rows():
    _, issues = tables.build_table(["Indicator", "Bron", "2020"], [["a", "b", "1", "2"]])
    assert [i.code for i in issues] == ["row-too-long"]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Doel 5: aantal personen met Beschut Werk*", ("Doel 5: aantal personen met Beschut Werk", "*")),
        ("Doel 6: aantal garantiebanen **", ("Doel 6: aantal garantiebanen", "**")),
        ("Ervaren gezondheid 1)", ("Ervaren gezondheid", "1)")),
        ("Aantal (type 1)", ("Aantal (type 1)", None)),
        ("Doel 2: maximale participatie.", ("Doel 2: maximale participatie.", None)),
    ],
)
def test_split_marker(name, expected):
    assert tables.split_marker(name) == expected


def test_footnote_line():
    assert tables.footnote_line("**Garantiebanen: In het sociaal akkoord") == ("**", "Garantiebanen: In het sociaal akkoord")
    assert tables.footnote_line("* Beschut Werk: de opgave") == ("*", "Beschut Werk: de opgave")
    assert tables.footnote_line("Gewone zin.") is None
