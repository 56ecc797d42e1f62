"""Real task workers for fault tests: ``manage.py db_worker`` in its own process, against the
calling test's database, with production settings (socius/tests_support/servers.py).

Such a test needs committed data (``transaction=True``): the worker is another process with
its own connection."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from socius.tests_support.servers import ROOT, database_url_for_test, production_env


def worker_env(
    tmp_path: Path, *, smtp_port: int | None = None, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Production settings on the test's database; mail to the test's SMTP server."""
    mail = (
        {
            "SOCIUS_EMAIL_BACKEND": "smtp",
            "SOCIUS_EMAIL_HOST": "127.0.0.1",
            "SOCIUS_EMAIL_PORT": str(smtp_port),
        }
        if smtp_port is not None
        else {}
    )
    media = tmp_path / "media"
    media.mkdir(exist_ok=True)
    return production_env(
        database_url=database_url_for_test(), media_root=media, extra={**mail, **(extra or {})}
    )


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL, as the out-of-memory killer does; returns once the process is reaped."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM, as systemd stops a worker; SIGKILL if it has not exited after 30 s."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


def worker_start(env: Mapping[str, str], *, log: Path) -> WorkerProcess:
    command = [
        sys.executable, "manage.py", "db_worker",
        "--no-reload", "--no-startup-delay", "--interval", "0.1",
    ]  # fmt: skip
    with open(log, "ab") as out:
        process = subprocess.Popen(  # noqa: S603  (our interpreter, fixed arguments)
            command, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT
        )
    return WorkerProcess(process=process, log=log)


@contextmanager
def db_worker(env: Mapping[str, str], *, log: Path) -> Iterator[WorkerProcess]:
    """A running worker, stopped (SIGTERM) at the end unless the test killed it."""
    worker = worker_start(env, log=log)
    try:
        yield worker
    finally:
        worker.stop()
