"""Deployments of the pipeline: served from this process or registered with a work pool."""

from __future__ import annotations

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.pipeline import run_pipeline

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Europe/Amsterdam"


def nightly_deployment(
    *,
    name: str = "nightly",
    cron: str = DEFAULT_CRON,
    timezone: str = DEFAULT_TIMEZONE,
    raw_dir: str = "raw",
    warehouse_dir: str = "warehouse",
    runner: str = "auto",
) -> RunnerDeployment:
    """The incremental run on a cron schedule; one run at a time, later ones wait."""
    return run_pipeline.to_deployment(
        name=name,
        schedules=[Cron(cron, timezone=timezone)],
        parameters={"raw_dir": raw_dir, "warehouse_dir": warehouse_dir, "runner": runner},
        concurrency_limit=1,
        description="Picks up new and changed raw files, removes rows of deleted ones.",
        tags=["begroting", "nightly"],
    )
