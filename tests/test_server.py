"""The long-lived local Prefect server: started once, used by every run, stopped cleanly.

Everything runs for real: `begroting` as a separate process, the Prefect server it starts, a
run that reports its flow run to that server.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from flows import server
from tests.conftest import SEED_2020

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def begroting(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def flow_runs(url: str) -> list[dict]:
    request = urllib.request.Request(
        f"{url}/flow_runs/filter", data=b"{}", headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_runs_use_the_local_server_while_it_is_up(tmp_path):
    home = tmp_path / "prefect"
    raw = tmp_path / "raw" / "dalfsen" / "2020"
    raw.mkdir(parents=True)
    shutil.copy(SEED_2020, raw)
    started = begroting("server", "start", "--port", str(free_port()), home=home)
    assert started.returncode == 0, started.stdout + started.stderr
    state = json.loads((home / "begroting-server.json").read_text())
    try:
        assert server.healthy(state["url"])
        assert begroting("server", "status", home=home).returncode == 0
        run = begroting("run", "--raw", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "wh"), home=home)
        assert run.returncode == 0, run.stdout + run.stderr
        names = {r["name"] for r in flow_runs(state["url"])}
        assert len(names) >= 2  # the pipeline and its extraction subflow, on this server
    finally:
        stopped = begroting("server", "stop", home=home)
    assert "server stopped" in stopped.stdout
    assert not server.healthy(state["url"])
    with pytest.raises(ProcessLookupError):
        os.killpg(state["pid"], 0)  # the server and its children are gone
    status = begroting("server", "status", home=home)
    assert status.returncode == 1 and "temporary" in status.stdout
    # Without it a run still works, on a temporary server.
    again = begroting("run", "--raw", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "wh2"), home=home)
    assert again.returncode == 0, again.stdout + again.stderr


def test_a_stale_state_file_is_not_a_running_server(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    (tmp_path / "begroting-server.json").write_text(
        json.dumps({"pid": 999999, "url": f"http://127.0.0.1:{free_port()}/api", "log": "x"})
    )
    assert server.read_state() is not None and server.running() is None
    assert server.stop() is False and server.read_state() is None
