"""Real processes for fault tests: the platform under its production web server
(``python -m socius.serve``, granian) with production settings, on loopback, against the test
database of the calling test.

A fault test needs a process it can kill, a database connection it can cut, or a disk it can
fill, so it cannot use the in-process live server: ``web_server`` starts the platform as it
runs in production (``SOCIUS_DEBUG=0``, Django's own error handling, no debug pages), with the
database and media folder the test chooses. ``wrapper`` puts a command in front of the server
(for example ``unshare`` with a small tmpfs as the media folder).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "127.0.0.1"
# Seconds between a loopback server thread's checks for shutdown() (socketserver's
# serve_forever): its default, 0.5 s, made every test that stops a server wait that long.
POLL_INTERVAL = 0.05


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def database_url_for_test(*, host: str | None = None, port: int | None = None) -> str:
    """The URL of the calling test's database (``DATABASE_URL`` form), optionally through
    another host and port (a proxy in front of PostgreSQL)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@"
    return (
        f"postgres://{auth}{host or settings['HOST'] or HOST}:{port or settings['PORT']}"
        f"/{settings['NAME']}"
    )


def production_env(
    *, database_url: str, media_root: Path, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Production settings on plain HTTP and loopback (as bench/run.sh), no mail leaving."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socius.settings",
        "DATABASE_URL": database_url,
        "SOCIUS_DEBUG": "0",
        "SOCIUS_SECRET_KEY": secrets.token_urlsafe(64),
        "SOCIUS_ALLOWED_HOSTS": f"{HOST},localhost",
        "SOCIUS_SECURE_SSL_REDIRECT": "0",
        "SOCIUS_PLAIN_STATIC": "1",
        "SOCIUS_MEDIA_ROOT": str(media_root),
        "SOCIUS_PROPOSALS_IDENTITY_KEY": "fault-test-" + "k" * 40,
        "SOCIUS_WHISTLEBLOWING_RECEIPT_SALT": "fault-test-salt-0123456789",
        "SOCIUS_EMAIL_BACKEND": "console",
        "SOCIUS_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra or {})
    return env


@dataclass
class Server:
    """A running web server: ``base`` URL, the process, and its log (stdout and stderr)."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **options: object) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=30, **options)  # type: ignore[arg-type]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the parent that forked them)."""
        found = subprocess.run(  # noqa: S603  (fixed command)
            ["/usr/bin/pgrep", "-P", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(pid) for pid in found.stdout.split()]


@contextmanager
def web_server(
    env: Mapping[str, str],
    *,
    log: Path,
    wrapper: Sequence[str] = (),
    workers: int = 1,
    threads: int = 1,
    ready_path: str = "/healthz",
    start_timeout: float = 60,
    command: Sequence[str] = (),
) -> Iterator[Server]:
    """Start the platform (``python -m socius.serve``) on a free loopback port; stop it
    afterwards.

    Ready once ``ready_path`` answers at all (any status: a fault test may start it while the
    database is away). The log keeps everything the process printed, for the test's asserts
    and for a failure's message. ``command``: another server command instead of ours (the
    host and port options are added to it)."""
    port = free_port()
    server_command = [
        *(command or [sys.executable, "-m", "socius.serve", "--workers", str(workers),
                      "--threads", str(threads)]),
        "--host", HOST,
        "--port", str(port),
    ]  # fmt: skip
    command = [*wrapper, *server_command]
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603  (our interpreter, fixed arguments)
            command, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(base=f"http://{HOST}:{port}", process=process, log=log)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited during start-up:\n{server.log_text()}")
            try:
                httpx.get(server.base + ready_path, timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the server did not answer within {start_timeout} s:\n{server.log_text()}"
                    ) from None
                time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for[T](
    condition: Callable[[], T | None], *, timeout: float, what: str, log: Path | None = None
) -> T:
    """Poll ``condition`` until it returns something truthy; fail with ``what`` (and the
    processes' log) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            text = log.read_text(errors="replace") if log is not None and log.exists() else ""
            raise AssertionError(f"Not within {timeout} s: {what}\n{text}")
        time.sleep(0.05)
