"""`make bench`: every benchmark, figures printed, ratios measured within one run."""

import os
import sys

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from benchmarks import incremental, pdf, startup  # noqa: E402

if __name__ == "__main__":
    selected = sys.argv[1:] or ["startup", "incremental", "pdf"]
    if "startup" in selected:
        startup.main()
    if "incremental" in selected:
        incremental.main()
    if "pdf" in selected:
        pdf.main()
