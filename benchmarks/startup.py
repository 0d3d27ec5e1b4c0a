"""What a command costs as a whole process, against `python -c "import prefect"` in the same run.

Each figure is the median of a few runs of a fresh process: `inspect` of one document, a warm
`run` on the sample `raw/` (nothing changed since the last run) with the temporary Prefect
server and with the long-lived local one (`begroting server start`), and a no-change run over
1,000 small documents.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import small_documents

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 3


def _seconds(args: list[str], env: dict[str, str], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> dict[str, float]:
    cli = [sys.executable, "-m", "flows.cli"]
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(PREFECT_HOME=f"{tmp}/prefect", PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING")
        many = Path(tmp) / "many"
        small_documents(many, 1000)
        warehouse = f"{tmp}/warehouse"
        subprocess.run([*cli, "run", "--warehouse", warehouse], cwd=ROOT, env=env, check=True, capture_output=True)

        figures["import prefect (s)"] = _seconds([sys.executable, "-c", "import prefect"], env)
        figures["inspect one document (s)"] = _seconds([*cli, "inspect", "raw/dalfsen/2020/dalfsen_2020_sociaal-domein.txt"], env)
        figures["warm run, temporary server (s)"] = _seconds([*cli, "run", "--warehouse", warehouse], env, repeat=1)
        subprocess.run([*cli, "server", "start", "--port", str(_free_port())], cwd=ROOT, env=env, check=True, capture_output=True)
        try:
            figures["warm run, local server (s)"] = _seconds([*cli, "run", "--warehouse", warehouse], env)
            subprocess.run([*cli, "run", "--raw", str(many), "--warehouse", f"{tmp}/many-wh"], cwd=ROOT, env=env, check=True, capture_output=True)
            figures["no-change run, 1,000 documents (s)"] = _seconds([*cli, "run", "--raw", str(many), "--warehouse", f"{tmp}/many-wh"], env)
        finally:
            subprocess.run([*cli, "server", "stop"], cwd=ROOT, env=env, capture_output=True)

    base = figures["import prefect (s)"]
    print("\n== start-up: whole processes, median of a few ==")
    for name, value in figures.items():
        ratio = "" if name.startswith("import") else f"  {value / base:5.2f} x import prefect"
        print(f"{name:42} {value:8.2f}{ratio}")
    return figures


if __name__ == "__main__":
    main()
