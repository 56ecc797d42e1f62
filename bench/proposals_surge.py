"""Citizen proposals: a signature surge through the real HTTP signing endpoint.

N signatures (default 50,000) from C concurrent clients (default 200), each a POST to
/test/borgerforslag/<id>/skriv-under/ served by granian (``python -m socius.serve``, as in production; ``--server gunicorn``
for the other) on PostgreSQL. The load comes from wrk
(bench/proposals_surge.lua: C clients, each person once), so the client takes little of the
machine's CPU. The identity comes from the test-only URLconf (socius.proposals.testing_urls): it
skips only the OpenID Connect round trip; CSRF, the claim checks, the keyed hash, the unique
constraint, the counters, the milestones and the redirect are the real ones. The floor, in the
same run: raw INSERTs of the same rows into the same table over C connections, one transaction
each. Prints signatures/s for both, the ratio, and the final count check (expected = counted,
no duplicates). Run with bench/proposals_surge.sh.

``--restart fast`` (or ``immediate``, or both) runs the fault mode instead
(bench/proposals_restart.py): the same cluster, proposal and gunicorn, clients that retry, and
PostgreSQL restarted in the middle of the surge.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from socius.tests_support.servers import free_port

ROOT = Path(__file__).resolve().parent.parent


_SECRET = secrets.token_urlsafe(64)


@functools.cache
def _static_root() -> Path:
    return Path(tempfile.mkdtemp(prefix="socius-surge-static-"))


def _env(pg_url: str, *, plain_static: bool = False) -> dict[str, str]:
    """Production settings (as bench/run.sh), plain HTTP on loopback, the test-only URLconf.
    ``plain_static``: static files without the manifest, so no collectstatic is needed (for
    the fault mode's short runs; the signing POST renders no page)."""
    env = {
        **os.environ,
        "DATABASE_URL": pg_url,
        "SOCIUS_DEBUG": "0",
        "SOCIUS_SECRET_KEY": _SECRET,
        "SOCIUS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SOCIUS_SECURE_SSL_REDIRECT": "0",
        "SOCIUS_STATIC_ROOT": str(_static_root()),
        "SOCIUS_ROOT_URLCONF": "socius.proposals.testing_urls",
        "SOCIUS_PROPOSALS_IDENTITY_KEY": "bench-" + "k" * 40,
        "SOCIUS_LOG_LEVEL": "WARNING",
        "SOCIUS_EMAIL_BACKEND": "console",
        "DJANGO_SETTINGS_MODULE": "socius.settings",
    }
    if plain_static:
        env["SOCIUS_PLAIN_STATIC"] = "1"
    return env


def _prepare(pg_url: str, *, migrate: bool = True, plain_static: bool = False) -> str:
    """Migrate (unless the database has the schema already), and publish one proposal
    through the real services; its public id."""
    os.environ.update(_env(pg_url, plain_static=plain_static))
    import django

    django.setup()
    from django.core.management import call_command

    from socius.core.models import Municipality
    from socius.proposals import services
    from socius.proposals.models import MunicipalitySettings
    from socius.tests_support.factories import UserFactory

    if not plain_static:
        call_command("collectstatic", interactive=False, verbosity=0)
    if migrate:
        call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    aarhus = Municipality.objects.get(code="751")
    MunicipalitySettings.objects.update_or_create(municipality=aarhus, defaults={"threshold": 1500})
    # People of their own for each run, so a database that has run the benchmark can run it
    # again (--no-migrate): the factory's e-mail addresses start over in every process.
    run = secrets.token_hex(4)
    proposer = UserFactory(email=f"proposer-{run}@bench.dk")
    staff = UserFactory(email=f"staff-{run}@bench.dk", roles=["case_handler"])
    proposal = services.proposal_create(
        actor=proposer,
        municipality=aarhus,
        title="Flere bænke",
        text="Byrådet skal sætte bænke op.",
    )
    for invite in services.coproposers_invite(
        actor=proposer,
        proposal=proposal,
        emails=[f"{name}-{run}@bench.dk" for name in "abc"],
    ):
        services.coproposer_confirm(actor=UserFactory(email=invite.email), coproposer=invite)
    services.proposal_submit(actor=proposer, proposal=proposal)
    services.proposal_publish(actor=staff, proposal=proposal)
    return str(proposal.public_id)


# The proposal's online count: the sum over its counter shards (proposals.SignatureCount).
ONLINE_COUNT = (
    "SELECT COALESCE(SUM(online), 0) FROM proposals_signaturecount WHERE proposal_id = %s"
)


def sign_path(public_id: str) -> str:
    return f"/test/borgerforslag/{public_id}/skriv-under/"


def csrf_token() -> str:
    """Django's CSRF check is a double submit: a token of the right form in the cookie and the
    same in the form (the signing page without an identity carries no form)."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def claims(person: int) -> str:
    """The identity of person number ``person``, as bench/proposals_surge.lua writes it."""
    return f'{{"sub":"bench-{person}","birthdate":"1980-01-01","municipality_code":"751"}}'


def _surge(
    base: str, public_id: str, total: int, clients: int, pg_url: str, proposal_pk: int
) -> tuple[float, int, str]:
    """wrk (C, epoll) with bench/proposals_surge.lua: ``clients`` keep-alive connections.

    wrk runs for a fixed time, so the driver watches the proposal's counter (one small query
    every 20 ms, on one connection) and interrupts wrk once all ``total`` signatures are counted, or when nothing
    has moved for 30 s. The time is from wrk's start to the last signature counted."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    path = sign_path(public_id)
    token = csrf_token()
    threads = 1  # one C thread keeps hundreds of connections busy; the server has the cores
    import psycopg

    # One connection watches the counter, opened before the clock starts.
    watcher = psycopg.connect(pg_url.replace("postgres://", "postgresql://"), autocommit=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [
            wrk,
            f"-t{threads}",
            f"-c{clients}",
            "-d600s",
            "--timeout",
            "120s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "proposals_surge.lua"),
            base + path,
            "--",
            path,
            str(total),
            token,
            str(threads),
        ],  # fmt: skip
        stdout=subprocess.PIPE,
        text=True,
    )
    last, moved = -1, time.perf_counter()
    elapsed = 0.0
    while process.poll() is None:
        time.sleep(0.02)
        row = watcher.execute(ONLINE_COUNT, [proposal_pk]).fetchone()
        counted = int(row[0]) if row else 0
        now = time.perf_counter()
        if counted >= total:
            elapsed = now - start
            break
        if counted != last:
            last, moved = counted, now
        elif now - moved > 30:
            elapsed = now - start
            break
    watcher.close()
    time.sleep(1)  # the last answers are still on their way to wrk when the counter moves
    process.send_signal(signal.SIGINT)
    output, _err = process.communicate(timeout=60)
    print(output.strip())
    summary = next((line for line in output.splitlines() if line.startswith("SURGE ")), "")
    fields = dict(part.split("=", 1) for part in summary.split()[1:])
    signed, failed = int(fields.get("signed", 0)), int(fields.get("failed", 0))
    latency = f"p50 {fields.get('p50_ms', '?')} ms, p99 {fields.get('p99_ms', '?')} ms"
    return elapsed, failed + (total - signed if signed < total else 0), latency


def _floor(pg_url: str, proposal_pk: int, total: int, connections: int) -> float:
    """Raw INSERTs of equivalent rows into the same table, one transaction each."""
    import psycopg

    conns = [
        psycopg.connect(pg_url.replace("postgres://", "postgresql://"), autocommit=True)
        for _ in range(connections)
    ]
    counter = iter(range(total))
    lock = threading.Lock()

    def work(conn: psycopg.Connection) -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            ident = hashlib.sha256(f"floor-{i}".encode()).hexdigest()
            conn.execute(
                "INSERT INTO proposals_signature (proposal_id, identity_hash, channel, receipt_salt,"
                " receipt_hash, signer_name, created_at) VALUES (%s, %s, 'online', %s, %s, '', now())",
                [
                    proposal_pk,
                    ident,
                    secrets.token_hex(16),
                    hashlib.sha256(ident.encode()).hexdigest(),
                ],
            )

    threads = [threading.Thread(target=work, args=(c,)) for c in conns]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    for c in conns:
        c.close()
    return elapsed


def _server_command(kind: str, port: int, workers: int, threads: int) -> list[str]:
    if kind == "granian":
        # The documented production launcher (socius/serve.py, docs/operations.md).
        return [
            sys.executable, "-m", "socius.serve", "--port", str(port), "--workers", str(workers),
            "--threads", str(threads), "--backlog", "2048",
        ]  # fmt: skip
    return [
        sys.executable, "-m", "gunicorn", "socius.wsgi:application", "--preload",
        "--workers", str(workers), "--threads", str(threads), "--worker-connections", "1000",
        # Longer than any wait in the queue: gunicorn's default (2 s) closes idle keep-alive
        # connections, and a request the client writes at that moment is lost in transit.
        "--keep-alive", "120", "--backlog", "2048", "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning",
    ]  # fmt: skip


@contextmanager
def web_server(
    pg_url: str,
    *,
    workers: int,
    threads: int,
    kind: str = "granian",
    plain_static: bool = False,
    log: Path | None = None,
) -> Iterator[str]:
    """The platform's web server (``kind``: granian through ``python -m socius.serve``, as
    docs/operations.md runs it, or gunicorn) on a free loopback port, as the benchmark runs it;
    yields its base URL once /healthz answers 200. ``log``: its output goes there instead of
    this terminal."""
    port = free_port()
    out = open(log, "wb") if log else None  # noqa: SIM115  (closed below)
    server = subprocess.Popen(
        _server_command(kind, port, workers, threads),
        cwd=ROOT,
        env=_env(pg_url, plain_static=plain_static),
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
    )
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise SystemExit(f"{kind} exited during start-up")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        if out:
            out.close()


def counts(public_id: str) -> tuple[int, int, int]:
    """The proposal's signature rows, distinct identity hashes, and its counter."""
    from django.db import connection

    from socius.proposals.models import Proposal, Signature

    proposal = Proposal.objects.get(public_id=public_id)
    rows = Signature.objects.filter(proposal=proposal).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT identity_hash) FROM proposals_signature WHERE proposal_id = %s",
            [proposal.pk],
        )
        distinct = cursor.fetchone()[0]
    return rows, distinct, proposal.signatures_online


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--signatures", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=3, help="Python threads per worker")
    parser.add_argument(
        "--restart",
        action="append",
        choices=["fast", "immediate"],
        help="fault mode: restart PostgreSQL (pg_ctl -m MODE) during the surge; repeat for more",
    )
    parser.add_argument("--no-migrate", action="store_true", help="the schema is already there")
    parser.add_argument("--plain-static", action="store_true", help="skip collectstatic")
    parser.add_argument("--result-json", type=Path, help="fault mode: write the outcome here")
    parser.add_argument("--server-log", type=Path, help="fault mode: keep the server's log here")
    parser.add_argument(
        "--drops",
        type=int,
        default=100,
        help="fault mode: this many people drop their first answer and press again",
    )
    args = parser.parse_args()

    public_id = _prepare(
        args.postgres_url, migrate=not args.no_migrate, plain_static=args.plain_static
    )
    if args.restart:
        from bench.proposals_restart import run

        try:
            return run(args, public_id)
        finally:
            shutil.rmtree(_static_root(), ignore_errors=True)
    from socius.proposals.models import Proposal

    pk = Proposal.objects.get(public_id=public_id).pk
    try:
        with web_server(
            args.postgres_url, workers=args.workers, threads=args.threads, kind=args.server
        ) as base:
            elapsed, failures, latency = _surge(
                base, public_id, args.signatures, args.clients, args.postgres_url, pk
            )
    finally:
        shutil.rmtree(_static_root(), ignore_errors=True)

    from django.db import connection

    rows, distinct, counter = counts(public_id)
    connection.close()
    floor_elapsed = _floor(args.postgres_url, pk, args.signatures, args.clients)

    http_rate = args.signatures / elapsed
    floor_rate = args.signatures / floor_elapsed
    ok = rows == distinct == counter == args.signatures and failures == 0
    print(
        f"signatures: {args.signatures}, clients: {args.clients}, "
        f"{args.server} {args.workers} workers x {args.threads} threads"
    )
    print(f"HTTP signing endpoint: {elapsed:8.1f} s  {http_rate:8.0f} signatures/s  ({latency})")
    print(f"raw INSERT floor:      {floor_elapsed:8.1f} s  {floor_rate:8.0f} signatures/s")
    print(f"ratio (endpoint / floor): {http_rate / floor_rate:.3f}")
    print(
        f"final count: expected {args.signatures}, rows {rows}, distinct people {distinct}, "
        f"counter {counter}, failed requests {failures}: {'OK' if ok else 'MISMATCH'}"
    )
    full = ok and args.signatures >= 50_000
    met = full and elapsed < 30 and http_rate / floor_rate >= 0.35
    print(f"goal 50,000 in under 30 s, ratio >= 0.35: {'MET' if met else 'NOT MET'}")
    print(f"first goal, 50,000 in under 100 s: {'MET' if full and elapsed < 100 else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    # Run as the module that bench/proposals_restart.py imports, so both see one secret key (the
    # harness reads the server's signed cookies) and one static folder.
    from bench import proposals_surge

    sys.exit(proposals_surge.main())
