"""Citizen proposals: a signature surge through the real HTTP signing endpoint.

N signatures (default 50,000) from C concurrent clients (default 200), each a POST to
/test/borgerforslag/<id>/skriv-under/ served by gunicorn on PostgreSQL. The load comes from wrk
(bench/proposals_surge.lua: C clients, each person once), so the client takes little of the
machine's CPU. The identity comes from the test-only URLconf (socius.proposals.testing_urls): it
skips only the OpenID Connect round trip; CSRF, the claim checks, the keyed hash, the unique
constraint, the counters, the milestones and the redirect are the real ones. The floor, in the
same run: raw INSERTs of the same rows into the same table over C connections, one transaction
each. Prints signatures/s for both, the ratio, and the final count check (expected = counted,
no duplicates). Run with bench/proposals_surge.sh.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_SECRET = secrets.token_urlsafe(64)
_STATIC = Path(tempfile.mkdtemp(prefix="socius-surge-static-"))


def _env(pg_url: str) -> dict[str, str]:
    """Production settings (as bench/run.sh), plain HTTP on loopback, the test-only URLconf."""
    return {
        **os.environ,
        "DATABASE_URL": pg_url,
        "SOCIUS_DEBUG": "0",
        "SOCIUS_SECRET_KEY": _SECRET,
        "SOCIUS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SOCIUS_SECURE_SSL_REDIRECT": "0",
        "SOCIUS_STATIC_ROOT": str(_STATIC),
        "SOCIUS_ROOT_URLCONF": "socius.proposals.testing_urls",
        "SOCIUS_PROPOSALS_IDENTITY_KEY": "bench-" + "k" * 40,
        "SOCIUS_LOG_LEVEL": "WARNING",
        "SOCIUS_EMAIL_BACKEND": "console",
        "DJANGO_SETTINGS_MODULE": "socius.settings",
    }


def _prepare(pg_url: str) -> str:
    """Migrate, and publish one proposal through the real services; its public id."""
    os.environ.update(_env(pg_url))
    import django

    django.setup()
    from django.core.management import call_command

    from socius.core.models import Municipality
    from socius.proposals import services
    from socius.proposals.models import MunicipalitySettings
    from socius.tests_support.factories import UserFactory

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    aarhus = Municipality.objects.get(code="751")
    MunicipalitySettings.objects.update_or_create(municipality=aarhus, defaults={"threshold": 1500})
    proposer, staff = UserFactory(), UserFactory(roles=["case_handler"])
    proposal = services.proposal_create(
        actor=proposer,
        municipality=aarhus,
        title="Flere bænke",
        text="Byrådet skal sætte bænke op.",
    )
    for invite in services.coproposers_invite(
        actor=proposer,
        proposal=proposal,
        emails=["a@bench.dk", "b@bench.dk", "c@bench.dk"],
        link_base="http://bench",
    ):
        services.coproposer_confirm(actor=UserFactory(), coproposer=invite)
    services.proposal_submit(actor=proposer, proposal=proposal)
    services.proposal_publish(actor=staff, proposal=proposal)
    return str(proposal.public_id)


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
    path = f"/test/borgerforslag/{public_id}/skriv-under/"
    # Django's CSRF check is a double submit: a token of the right form in the cookie and the
    # same in the form (the signing page without an identity carries no form).
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
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
        row = watcher.execute(
            "SELECT signatures_online FROM proposals_proposal WHERE id = %s", [proposal_pk]
        ).fetchone()
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--signatures", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    public_id = _prepare(args.postgres_url)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "socius.wsgi:application",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-connections",
            "1000",
            # Longer than any wait in the queue: gunicorn's default (2 s) closes idle keep-alive
            # connections, and a request the client writes at that moment is lost in transit.
            "--keep-alive",
            "120",
            "--backlog",
            "2048",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=_env(args.postgres_url),
    )
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        from socius.proposals.models import Proposal

        pk = Proposal.objects.get(public_id=public_id).pk
        elapsed, failures, latency = _surge(
            base, public_id, args.signatures, args.clients, args.postgres_url, pk
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(_STATIC, ignore_errors=True)

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
    connection.close()
    floor_elapsed = _floor(args.postgres_url, proposal.pk, args.signatures, args.clients)

    http_rate = args.signatures / elapsed
    floor_rate = args.signatures / floor_elapsed
    ok = rows == distinct == proposal.signatures_online == args.signatures and failures == 0
    print(
        f"signatures: {args.signatures}, clients: {args.clients}, gunicorn {args.workers}x{args.threads}"
    )
    print(f"HTTP signing endpoint: {elapsed:8.1f} s  {http_rate:8.0f} signatures/s  ({latency})")
    print(f"raw INSERT floor:      {floor_elapsed:8.1f} s  {floor_rate:8.0f} signatures/s")
    print(f"ratio (endpoint / floor): {http_rate / floor_rate:.3f}")
    print(
        f"final count: expected {args.signatures}, rows {rows}, distinct people {distinct}, "
        f"counter {proposal.signatures_online}, failed requests {failures}: {'OK' if ok else 'MISMATCH'}"
    )
    print(
        f"goal 50,000 in under 100 s: {'MET' if ok and args.signatures >= 50_000 and elapsed < 100 else 'NOT MET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
