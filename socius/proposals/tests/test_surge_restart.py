"""PostgreSQL restarted in the middle of a signature surge, at a small scale.

This runs the fault mode of the signature-surge benchmark (bench/proposals_restart.py, the same
code as ``bash bench/proposals_surge.sh --restart fast --restart immediate``): the web server with
production settings, people signing through clients that retry a failed request, PostgreSQL
restarted (``pg_ctl restart -m fast``) and then crashed (``-m immediate``) while they sign.

It needs a cluster of its own, which it restarts and crashes: never the suite's. So it runs only
in the PostgreSQL pass (``make test``), where it copies the suite's migrated template into its
own throwaway cluster.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socius.tests_support.postgres import ROOT, database_copy, own_cluster, suite_template_url

pytestmark = [
    pytest.mark.postgresql(reason="it restarts a PostgreSQL cluster of its own"),
    # The suite's test databases must exist: their template is copied.
    pytest.mark.django_db,
]

PEOPLE = 400
DROPS = 20  # people who never see their first answer and press again


def _surge(url: str, env: dict[str, str], result: Path) -> subprocess.CompletedProcess[str]:
    """The benchmark's fault mode at a small scale, on the copied database (no migrations, no
    collectstatic)."""
    options = f"""--no-migrate --plain-static --restart fast --restart immediate
        --signatures {PEOPLE} --clients 40 --drops {DROPS} --workers 1""".split()
    return subprocess.run(  # noqa: S603  (our interpreter, fixed arguments)
        [sys.executable, "-m", "bench.proposals_surge", "--postgres-url", url, *options]
        + ["--result-json", str(result)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_people_who_retry_through_a_restart_and_a_crash_are_each_counted_once(
    tmp_path: Path,
) -> None:
    # given a cluster of our own with the suite's schema
    result_path = tmp_path / "result.json"
    with own_cluster() as cluster:
        url = database_copy(cluster, suite_template_url())
        # when PEOPLE sign while PostgreSQL restarts and then crashes
        run = _surge(url, {**os.environ, **cluster.env()}, result_path)
    output = run.stdout + run.stderr
    assert result_path.exists(), output
    result = json.loads(result_path.read_text())

    # then each restart came in the middle: some but not all counted before it, and the
    # restarted server stored signatures too
    assert [restart["mode"] for restart in result["restarts"]] == ["fast", "immediate"]
    for restart in result["restarts"]:
        assert 0 < restart["counter_before"] < PEOPLE, (restart, output)
        assert restart["stored_after"] > 0, (restart, output)
    # every person got one definitive answer: counted, or "already signed" after a retry whose
    # first answer was lost (never on a first try), and was counted once
    assert set(result["answers"]) <= {"counted", "already"}, output
    assert sum(result["answers"].values()) == PEOPLE
    assert result["already_first_try"] == 0
    assert result["rows"] == result["distinct"] == result["counter"] == PEOPLE, output
    # a "counted" the person never saw: pressing again says "already signed", counts nothing
    assert result["dropped_counted"] > 0, output
    assert result["dropped_then_not_already"] == 0, output
    assert result["answers"]["already"] >= result["dropped_counted"]
    # while the database was away the signing endpoint said so: 503 with Retry-After, one
    # warning line each in the log, no 500 and no traceback
    assert result["retried_people"] > result["dropped_counted"], output
    assert set(result["failed_attempts"]) == {"503", "answer dropped by the client"}, output
    assert result["tracebacks"] == 0, output
    assert result["database_unavailable_warnings"] == result["failed_attempts"]["503"]
    assert run.returncode == 0, output
