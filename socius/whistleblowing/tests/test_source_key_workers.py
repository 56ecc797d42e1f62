"""The workers of one production server share the whistleblower scheme's source key.

The key that names per-source counters lives only in memory (socius/whistleblowing/abuse.py).
``python -m socius.serve`` loads it in the parent and forks the workers, so every worker (and
one forked again after a crash) names an address the same way, and a source's limits count
once per machine. Started the plain way, each granian worker makes its own key: the second
test shows that this check tells the two apart.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import httpx

from socius.tests_support.servers import production_env, wait_for, web_server

WAIT = 60


def _env(tmp_path: Path) -> dict[str, str]:
    return production_env(
        database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        media_root=tmp_path,
        extra={"SOCIUS_ROOT_URLCONF": "socius.tests_support.source_key_urls"},
    )


def _names_by_worker(base: str, *, workers: int) -> dict[int, str]:
    """Ask on fresh connections until ``workers`` different processes have answered."""
    seen: dict[int, str] = {}
    deadline = time.monotonic() + WAIT
    while len(seen) < workers:
        assert time.monotonic() < deadline, f"only workers {sorted(seen)} answered"
        answer = httpx.get(base + "/source/", timeout=10).json()
        seen[answer["pid"]] = answer["source"]
    return seen


def test_the_workers_and_a_replaced_worker_name_a_source_alike(tmp_path):
    with web_server(
        _env(tmp_path), log=tmp_path / "server.log", workers=2, ready_path="/source/"
    ) as server:
        # given: both workers have answered
        first = _names_by_worker(server.base, workers=2)
        assert len(set(first.values())) == 1, first

        # when: one worker dies without clean-up and the server forks another
        killed = next(iter(first))
        os.kill(killed, signal.SIGKILL)
        wait_for(
            lambda: len(set(server.worker_pids()) - set(first)) == 1 or None,
            timeout=WAIT,
            what="a worker in place of the killed one",
            log=server.log,
        )

        # then: the new worker names the address as the others do
        after = _names_by_worker(server.base, workers=2)
        assert killed not in after
        assert set(after.values()) == set(first.values())


def test_workers_started_apart_name_a_source_differently(tmp_path):
    # granian's own command imports the application in each worker: a key per worker.
    command = [sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", "2"]
    with web_server(
        _env(tmp_path),
        log=tmp_path / "server.log",
        command=[*command, "socius.wsgi:application"],
        ready_path="/source/",
    ) as server:
        names = _names_by_worker(server.base, workers=2)
    assert len(set(names.values())) == 2, names
