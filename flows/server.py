"""A long-lived local Prefect server that runs, backfills and `serve` share.

Without an API configured, Prefect starts a temporary server for every flow run: about 8 s on
a small machine, more than the work of a nightly run. `begroting server start` starts one server
that stays up (its database in PREFECT_HOME, next to the temporary one's); every command finds
it through the state file it leaves there and talks to it, and falls back to the temporary
server when it is not running. An API configured by the user (PREFECT_API_URL, a profile) is
always used as it is.

Nothing here imports Prefect at module level: `status` and the health check stay cheap.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

DEFAULT_PORT = 4200
START_TIMEOUT = 90.0  # seconds; the first start creates and migrates the database


@dataclass(frozen=True)
class ServerState:
    pid: int
    url: str  # the API, `http://127.0.0.1:4200/api`
    log: str


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()


def state_file() -> Path:
    return prefect_home() / "begroting-server.json"


def read_state() -> ServerState | None:
    try:
        return ServerState(**json.loads(state_file().read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def healthy(url: str, timeout: float = 0.5) -> bool:
    """Whether the API at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def running() -> ServerState | None:
    """The local server, when it is up."""
    state = read_state()
    return state if state is not None and healthy(state.url) else None


def start(port: int = DEFAULT_PORT, host: str = "127.0.0.1", timeout: float = START_TIMEOUT) -> ServerState:
    """Start the local server in its own session (it outlives this process) and wait until it
    answers. A server already running is returned as it is."""
    current = running()
    if current is not None:
        return current
    url = f"http://{host}:{port}/api"
    if healthy(url):
        raise RuntimeError(f"another server already answers at {url}; use it with PREFECT_API_URL={url}")
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    log = home / "begroting-server.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not killed with the shell or the process group that started it
            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": os.environ.get("PREFECT_SERVER_ANALYTICS_ENABLED", "false")},
        )
    state = ServerState(process.pid, url, str(log))
    deadline = time.monotonic() + timeout
    while not healthy(url):
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped while starting (exit {process.returncode}); see {log}")
        if time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {log}")
        time.sleep(0.25)
    state_file().write_text(json.dumps(state.__dict__), encoding="utf-8")
    return state


def stop(timeout: float = 20.0) -> bool:
    """Stop the local server; False when none was running."""
    state = read_state()
    state_file().unlink(missing_ok=True)
    if state is None:
        return False
    try:
        os.killpg(state.pid, signal.SIGTERM)  # the server and the workers it started
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(state.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.killpg(state.pid, signal.SIGKILL)
    return True


@contextmanager
def orchestrator() -> Iterator[str | None]:
    """Flow runs inside this block go to the local server when it is up and no API is
    configured; yields its URL, or None when Prefect decides (a configured API, or the
    temporary server)."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    if get_current_settings().api.url:
        yield None
        return
    state = running()
    if state is None:
        yield None
        return
    with temporary_settings({PREFECT_API_URL: state.url}):
        yield state.url
