"""Prefect flows and tasks that orchestrate the readers and transforms, and the warehouse they write."""

import os

# Without a configured API Prefect starts a temporary server per run: about 8 s on this machine,
# more than its 20 s limit on a loaded one. Set before Prefect reads its settings.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
