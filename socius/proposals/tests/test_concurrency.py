"""Exact counts and milestones under concurrent signing (threads, real transactions)."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from socius.core.models import Notification
from socius.proposals.models import Proposal, Signature, SignatureCount
from socius.proposals.services import signing
from socius.proposals.services.signing import signature_add, signature_withdraw
from socius.proposals.tests.conftest import adult

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The SQLite test database lives in shared-cache memory, where a second writer fails at once
# ("table is locked") instead of waiting: there the threads still use their own connections,
# but take turns writing, as SQLite's one writer at a time would make them in production.
_SQLITE_TURNS = threading.Lock()
# On PostgreSQL the 200 signers share 60 connections at a time, as a web server's pool would
# (each signer still starts at the same barrier); the test cluster allows 300, which both
# workers' load tests may use at the same moment (scripts/postgres.sh).
_PG_POOL = threading.BoundedSemaphore(60)


def _run(n, target):
    errors = []
    barrier = threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait()
            with _SQLITE_TURNS if connection.vendor == "sqlite" else _PG_POOL:
                target(i)
        except Exception as exc:  # noqa: BLE001  (collected and asserted below)
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _set_threshold(proposal, threshold):
    Proposal.objects.filter(pk=proposal.pk).update(terms={**proposal.terms, "threshold": threshold})
    proposal.refresh_from_db()


def test_200_concurrent_signers_are_counted_exactly(published):
    _set_threshold(published, 150)
    errors = _run(200, lambda i: signature_add(proposal=published, identity=adult(f"c{i}")))
    assert errors == []
    published.refresh_from_db()
    assert Signature.objects.filter(proposal=published).count() == 200
    assert published.signatures_online == 200
    assert published.state == "threshold"
    assert published.events.filter(kind="reach_threshold").count() == 1


def test_one_person_retrying_concurrently_signs_once(published):
    created = []
    errors = _run(
        30,
        lambda i: created.append(signature_add(proposal=published, identity=adult("same")).created),
    )
    assert errors == []
    assert created.count(True) == 1
    published.refresh_from_db()
    assert published.signatures_online == 1 == Signature.objects.count()


def test_concurrent_signers_and_withdrawals_keep_the_counts_exact(published):
    # given 120 people signing at once, then every second one withdrawing at once
    errors = _run(120, lambda i: signature_add(proposal=published, identity=adult(f"w{i}")))
    errors += _run(
        60, lambda i: signature_withdraw(proposal=published, identity=adult(f"w{2 * i}"))
    )
    assert errors == []
    # then the count is the valid rows, whichever connection counted or withdrew each one
    published.refresh_from_db()
    valid = Signature.objects.filter(proposal=published, withdrawn_at__isnull=True).count()
    assert published.signatures_online == valid == 60
    assert published.signatures_paper == 0
    shards = SignatureCount.objects.filter(proposal=published)
    assert sum(shard.online for shard in shards) == 60
    if connection.vendor == "postgresql":
        # the counts spread over the connections' shards: nobody waited for one counter row
        assert shards.count() > 1


def _milestone_notices(proposal):
    """The milestone notices the proposer got, by percent."""
    titles = Notification.objects.filter(recipient_id=proposal.proposer_id).values_list(
        "title", flat=True
    )
    return {p: sum(f" {p} %" in t for t in titles) for p in (25, 50, 75, 100)}


def test_concurrent_signers_record_each_milestone_once(published):
    # given a threshold of 100 and 140 people signing at once
    _set_threshold(published, 100)
    errors = _run(140, lambda i: signature_add(proposal=published, identity=adult(f"ms{i}")))
    assert errors == []
    # then every milestone is recorded, each told once, and the threshold reached once
    published.refresh_from_db()
    assert (published.state, published.milestone) == ("threshold", 100)
    assert _milestone_notices(published) == {25: 1, 50: 1, 75: 1, 100: 1}
    assert published.events.filter(kind="reach_threshold").count() == 1


def _counted_elsewhere(proposal, n):
    """``n`` signatures that other web processes stored: the rows and their counter shard."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO proposals_signature (proposal_id, identity_hash, channel, receipt_salt,"
            " receipt_hash, signer_name, created_at) SELECT %s, md5('x' || g) || md5('y' || g),"
            " 'online', md5('s' || g), md5('r' || g), '', now() FROM generate_series(1, %s) g",
            [proposal.pk, n],
        )
    # Shard 31 may be this test's own connection's shard already (pg_backend_pid() % 32).
    shard, _created = SignatureCount.objects.get_or_create(proposal=proposal, shard=31)
    SignatureCount.objects.filter(pk=shard.pk).update(online=F("online") + n)


@pytest.mark.postgresql(reason="the count after a commit is read only on PostgreSQL")
def test_a_milestone_reached_between_two_reads_of_the_count_is_recorded_by_the_next(
    published, monkeypatch
):
    # given a threshold of 10,000, and this process's count read by a signer far below 25 %
    # (the read trusted for an hour here, so that a slow machine cannot make it old too soon)
    _set_threshold(published, 10_000)
    monkeypatch.setattr(signing, "COUNT_FRESH_SECONDS", 3600.0)
    monkeypatch.setattr(signing, "_LAST_COUNTS", {})
    signature_add(proposal=published, identity=adult("r0"))
    # when other processes sign 2,600 people within the moment this process trusts that read
    _counted_elsewhere(published, 2_600)
    with CaptureQueriesContext(connection) as queries:
        signature_add(proposal=published, identity=adult("r1"))
    # then the next signer here only signs (no count read, so 25 % is not recorded yet) ...
    assert [q["sql"] for q in queries if "SUM(online + paper)" in q["sql"]] == []
    published.refresh_from_db()
    assert published.milestone == 0
    # ... and the first signer once that read is old reads the count and records 25 %
    monkeypatch.setattr(signing, "COUNT_FRESH_SECONDS", 0.0)
    signature_add(proposal=published, identity=adult("r2"))
    published.refresh_from_db()
    assert (published.milestone, published.signature_count) == (25, 2_603)
    assert _milestone_notices(published) == {25: 1, 50: 0, 75: 0, 100: 0}
