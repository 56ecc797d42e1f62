"""A PostgreSQL cluster of a test's own, for fault tests that stop, restart or crash it.

The suite's cluster is shared by every test of the pass, so a test must never restart it. This
starts another with scripts/postgres.sh (the same throwaway cluster ``make test`` uses: loopback,
a temporary folder, owned by the ``postgres`` user when run as root) and copies the suite's
migrated template database into it, which takes a second where migrating takes twenty.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent.parent
# What scripts/postgres.sh reads or exports: in the PostgreSQL pass they describe the suite's
# cluster, which pg_start must not reuse (the port) and pg_stop must not remove.
_SCRIPT_VARIABLES = ("PG_DIR", "PG_PORT", "PG_URL", "PG_BIN", "PG_DURABLE")


@dataclass(frozen=True)
class Cluster:
    folder: Path
    port: int
    bin: Path

    def url(self, database: str = "socius") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def env(self) -> dict[str, str]:
        """What bench/proposals_restart.py needs to run pg_ctl on this cluster."""
        return {"PG_DIR": str(self.folder), "PG_BIN": str(self.bin), "PG_PORT": str(self.port)}


def _script(command: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603  (fixed script)
        ["/bin/bash", "-c", f"source scripts/postgres.sh && {command}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"scripts/postgres.sh: {command} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def own_cluster() -> Iterator[Cluster]:
    """Start a throwaway cluster (pg_start); stop and remove it afterwards (pg_stop)."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRIPT_VARIABLES}
    out = _script('pg_start >/dev/null && echo "$PG_DIR $PG_PORT $PG_BIN"', env)
    folder, port, binary = out.split()
    cluster = Cluster(folder=Path(folder), port=int(port), bin=Path(binary))
    try:
        yield cluster
    finally:
        _script("pg_stop", {**env, **cluster.env()})


def suite_template_url() -> str:
    """The URL of the suite's migrated template database (conftest.py's ``django_db_setup``),
    which holds the schema and reference data and nothing any test wrote."""
    from django.db import connections

    settings = connections["default"].settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@"
    host = settings["HOST"] or "127.0.0.1"
    return f"postgresql://{auth}{host}:{settings['PORT'] or 5432}/{settings['TEST']['NAME']}"


def database_copy(cluster: Cluster, source_url: str, name: str = "socius") -> str:
    """Copy ``source_url`` into a new database ``name`` of ``cluster`` (pg_dump into psql, as
    the cluster's superuser); its URL."""
    target = cluster.url(name)
    subprocess.run(  # noqa: S603  (fixed command)
        [
            cluster.bin / "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            name,
        ],
        check=True,
    )
    dump = subprocess.Popen(  # noqa: S603  (fixed command)
        [cluster.bin / "pg_dump", "--no-owner", "--no-privileges", f"--dbname={source_url}"],
        stdout=subprocess.PIPE,
    )
    restore = subprocess.run(  # noqa: S603  (fixed command)
        [cluster.bin / "psql", "-q", "-v", "ON_ERROR_STOP=1", f"--dbname={target}"],
        stdin=dump.stdout,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    if dump.stdout is not None:
        dump.stdout.close()
    if dump.wait() != 0 or restore.returncode != 0:
        raise RuntimeError(f"copying {source_url} into {target} failed")
    return target
