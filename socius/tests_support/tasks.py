"""Tasks for fault tests of the task workers (socius/core/workers.py). Nothing enqueues them
but a test."""

from __future__ import annotations

import os
import signal

from django.tasks import task


@task()
def worker_kill() -> None:
    """Kill the worker process running this task, as the kernel's out-of-memory killer would."""
    os.kill(os.getpid(), signal.SIGKILL)
