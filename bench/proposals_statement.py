"""Citizen proposals: what the signing statement costs PostgreSQL, against a raw INSERT.

Runs the signing statement exactly as the service sends it (``_SIGN_POSTGRESQL``, prepared),
with a new person each time, against the raw INSERT of the surge's floor, with pgbench:
``--clients`` connections (6: the web server's 2 workers x 3 threads), ``--seconds`` each,
``--rounds`` times, interleaved so the machine's drift hits both. Prints signatures per second
and the machine's busy time per signature (``/proc/stat``: PostgreSQL and pgbench, all cores),
and their ratio. Cheaper than the surge, and steadier: it leaves out HTTP and Python.

    source scripts/postgres.sh && PG_DURABLE=1 pg_start
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres socius   # as postgres if root
    .venv/bin/python -m bench.proposals_statement --postgres-url "$PG_URL" --pgbench "$PG_BIN/pgbench"
    pg_stop
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

# pgbench makes each person: a random 64-character hash, salts and receipt alike.
_HASH = "md5(random()::text) || md5(random()::text)"
_SALT = "md5(random()::text)"
# Constant text for pgbench's script (the f-strings insert the constants above, no input).
FLOOR = (
    "INSERT INTO proposals_signature (proposal_id, identity_hash, channel, receipt_salt,"  # noqa: S608
    f" receipt_hash, signer_name, created_at) VALUES (:pk, {_HASH}, 'online', {_SALT},"
    f" {_SALT}, '', now())"
)


def _filled(sql: str, params: list[str]) -> str:
    """``sql`` with its %s placeholders replaced, in order, by ``params`` (SQL expressions)."""
    parts = sql.split("%s")
    if len(parts) != len(params) + 1:
        raise SystemExit(f"the statement has {len(parts) - 1} parameters, not {len(params)}")
    text = parts[0] + "".join(p + rest for p, rest in zip(params, parts[1:], strict=True))
    return text.replace("%%", "%")


def signing_statement() -> str:
    """The service's signing statement, its parameters as the service passes them."""
    from socius.proposals.services import signing

    states = [f"'{s}'" for s in signing._OPEN_STATES]
    row = [":pk", _HASH, "'online'", _SALT, _SALT, "''", "now()"]
    return _filled(signing._SIGN_POSTGRESQL, [*row, ":pk", *states, "now()", ":pk", "1", "0"])


def _busy() -> int:
    """Clock ticks the machine's cores have been busy (user, nice, system, irq, softirq)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    return sum(int(fields[i]) for i in (0, 1, 2, 5, 6))


def _pgbench(pgbench: str, url: str, script: Path, pk: int, clients: int, seconds: int):
    before = _busy()
    command = [pgbench, "-n", "-M", "prepared", "-c", str(clients), "-j", "1"]
    command += ["-T", str(seconds), "-D", f"pk={pk}", "-f", str(script), url]
    out = subprocess.run(  # noqa: S603
        command,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    busy = _busy() - before
    done = int(re.search(r"actually processed: (\d+)", out).group(1))  # type: ignore[union-attr]
    return done / seconds, busy / os.sysconf("SC_CLK_TCK") / done * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--pgbench", default="pgbench")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from bench.proposals_surge import _prepare

    public_id = _prepare(args.postgres_url, plain_static=True)  # no page: no collectstatic
    from socius.proposals.models import Proposal

    pk = Proposal.objects.get(public_id=public_id).pk
    url = args.postgres_url.replace("postgres://", "postgresql://")
    results: dict[str, list[tuple[float, float]]] = {"floor": [], "signing": []}
    with tempfile.TemporaryDirectory() as folder:
        scripts = {"floor": Path(folder, "floor.sql"), "signing": Path(folder, "signing.sql")}
        scripts["floor"].write_text(FLOOR + ";\n")
        scripts["signing"].write_text(signing_statement() + ";\n")
        for _round in range(args.rounds):
            for name, script in scripts.items():
                results[name].append(
                    _pgbench(args.pgbench, url, script, pk, args.clients, args.seconds)
                )
    for name, runs in results.items():
        rates = ", ".join(f"{rate:,.0f}/s {ms:.3f} ms" for rate, ms in runs)
        print(f"{name:8s} {rates}")
    floor = statistics.median(ms for _rate, ms in results["floor"])
    ours = statistics.median(ms for _rate, ms in results["signing"])
    print(f"machine busy per signature (median): signing {ours:.3f} ms, raw INSERT {floor:.3f} ms")
    print(f"ratio (raw INSERT / signing statement): {floor / ours:.3f}")


if __name__ == "__main__":
    main()
