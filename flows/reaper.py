"""Ends what a run started when the run itself is killed.

A run starts processes of its own: a temporary Prefect server when none is configured, worker
processes for parsing. When the run ends normally it stops them; killed with kill -9 it cannot,
and they would run on. The reaper, started by the run as a process of its own, follows the
run's descendants and ends them within a second of the run's death. Every process the run
starts inherits a mark in its environment (`BEGROTING_RUN`), so one started just before the
kill, and already handed to init, is found too.

usage: python -m flows.reaper PID
"""

from __future__ import annotations

import os
import sys
import time

import psutil


MARK = "BEGROTING_RUN"


def follow(pid: int, interval: float = 0.5) -> list[int]:
    """Wait for process `pid` to end, then end the descendants it left; their pids."""
    try:
        run = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return []
    mark = os.environ.get(MARK)
    known: dict[int, psutil.Process] = {}
    while True:
        try:
            if run.status() == psutil.STATUS_ZOMBIE:
                break
            for child in run.children(recursive=True):
                if child.pid != os.getpid():
                    known.setdefault(child.pid, child)
        except psutil.NoSuchProcess:
            break
        time.sleep(interval)
    if mark:
        for process in psutil.process_iter():
            try:
                if process.pid != os.getpid() and process.environ().get(MARK) == mark:
                    known.setdefault(process.pid, process)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
    left = [p for p in known.values() if p.is_running()]  # is_running checks the pid was not reused
    for process in left:
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(left, timeout=5)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    return [p.pid for p in left]


def start(pid: int | None = None) -> None:
    """Start a reaper for this process (or `pid`), detached from its terminal and group; the
    processes this one starts from now on carry the mark it looks for."""
    import subprocess

    os.environ[MARK] = f"{pid or os.getpid()}:{time.time_ns()}"
    subprocess.Popen(
        [sys.executable, "-m", "flows.reaper", str(pid or os.getpid())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a kill of the run's process group does not take it along
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )


if __name__ == "__main__":
    follow(int(sys.argv[1]))
