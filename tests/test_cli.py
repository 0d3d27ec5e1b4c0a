"""The command line: help on every command, and `inspect` on one document."""

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import RAW, SEED_2020

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "backfill", "serve", "inspect", "catalog", "query", "report", "server"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_inspect_shows_sections_tables_facts_and_issues(tmp_path):
    result = runner.invoke(app, ["inspect", str(SEED_2020), "--raw", str(RAW)], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "status ok  municipality Dalfsen  budget year 2020" in out
    assert "7.3 Participatie" in out
    assert "table 1: indicator in Participatie" in out
    assert "Beschut Werk: de opgave na 2021 e.v. is nog niet bekend" in out
    assert "document-type-assumed" in out
    assert not list(tmp_path.iterdir())  # nothing written


def test_inspect_reports_an_unreadable_file(tmp_path):
    bad = tmp_path / "leeg.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["inspect", str(bad)], terminal_width=200)
    assert result.exit_code == 0
    assert "status rejected" in result.output
    assert "file is empty" in result.output


def test_a_run_that_cannot_finish_exits_4_not_1(tmp_path):
    # Status 1 says "a document was rejected"; a run that never wrote must say something else.
    year = tmp_path / "raw" / "voorbeeld" / "2024"
    year.mkdir(parents=True)
    (year / "begroting.txt").write_text("Wat willen we bereiken?\nMeer groen.\n", encoding="utf-8")
    warehouse = tmp_path / "warehouse"
    warehouse.write_text("a file where the warehouse folder should be", encoding="utf-8")
    result = runner.invoke(app, ["run", "--raw", str(tmp_path / "raw"), "--warehouse", str(warehouse)])
    assert result.exit_code == 4, result.output
    assert "the run failed" in result.output
