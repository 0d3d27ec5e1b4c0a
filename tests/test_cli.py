"""The command line: help on every command, and `inspect` on one document."""

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import RAW, SEED_2020

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "backfill", "serve", "inspect", "catalog", "query", "report"])
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
