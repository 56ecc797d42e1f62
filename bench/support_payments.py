"""Support payments: the webhook -> ledger path against raw INSERTs of ledger rows.

N payments (default 2,000) are created first (not measured). Then each payment's capture
webhook is delivered to ``webhook_receive`` in this process, one after another: the signed
development-provider body verified (HMAC-SHA256), the event stored, applied in its own
transaction with the payment's row locked, the ledger entry inserted under its unique source
key, the payment's status updated, the audit entry appended and the payment_captured signal
sent; each capture is delivered a second time (a duplicate, found and not applied). The
floor, in the same run on the same database: N raw INSERTs of ledger rows, one transaction
each, over one connection. Prints both times, the ratio (floor time / path time) and the
checks: one ledger entry per payment, the sum to the øre. Run with bench/support_payments.sh
(PostgreSQL) or ``python -m bench.support_payments --database-url sqlite:///...``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time

SECRET = "bench-webhook-secret"  # noqa: S105 (a throwaway database's test secret)


def _setup(database_url: str) -> None:
    os.environ.update({"DATABASE_URL": database_url, "SOCIUS_DEBUG": "0",
                       "SOCIUS_SECRET_KEY": secrets.token_urlsafe(64),
                       "SOCIUS_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                       "SOCIUS_SECURE_SSL_REDIRECT": "0", "SOCIUS_EMAIL_BACKEND": "console",
                       "SOCIUS_PLAIN_STATIC": "1", "SOCIUS_LOG_LEVEL": "WARNING",
                       "SOCIUS_SUPPORT_PROVIDERS": "dev,bank",
                       "SOCIUS_SUPPORT_DEV_PROVIDER_SECRET": SECRET,
                       "DJANGO_SETTINGS_MODULE": "socius.settings"})  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _payments(n: int) -> tuple[int, list[tuple[int, str, int]]]:
    """N pending dev payments of one supporter: (supporter id, [(id, provider ref, øre)])."""
    from socius.support.models import Supporter
    from socius.support.payments.models import Payment
    from socius.support.payments.services import reference_new

    supporter = Supporter.objects.create(name="Bench Giver", email="giver@bench.dk")
    rows = [
        Payment(
            reference=reference_new(),
            idempotency_key=f"bench-{i}",
            supporter=supporter,
            purpose="gift",
            provider="dev",
            provider_ref=f"pay_bench_{i}",
            amount_ore=10_000 + i,
            status="pending",
        )  # fmt: skip
        for i in range(n)
    ]
    Payment.objects.bulk_create(rows, batch_size=500)
    found = Payment.objects.filter(supporter=supporter).values_list(
        "pk", "provider_ref", "amount_ore"
    )
    return supporter.pk, list(found)


def _path(payments: list[tuple[int, str, int]]) -> float:
    import datetime
    import json

    from socius.support.payments.providers.dev import SIGNATURE_HEADER, dev_webhook_sign
    from socius.support.payments.services import webhook_receive

    deliveries = []
    for pk, ref, amount in payments:
        body = json.dumps({"id": f"evt_{pk}", "type": "payment.captured",
                           "created": datetime.datetime.now(datetime.UTC).isoformat(),
                           "data": {"payment": ref, "amount": amount}}).encode()  # fmt: skip
        deliveries.append(body)
    began = time.perf_counter()
    for body in deliveries:
        for _copy in range(2):  # each delivered twice
            header = dev_webhook_sign(body, secret=SECRET, t=int(time.time()))
            webhook_receive(provider="dev", body=body, headers={SIGNATURE_HEADER: header})
    return time.perf_counter() - began


def _floor(supporter_id: int, payments: list[tuple[int, str, int]]) -> float:
    """Raw INSERTs of as many ledger rows (kind correction, so they don't count as captures),
    one transaction each."""
    from django.db import connection, transaction

    began = time.perf_counter()
    with connection.cursor() as cursor:
        for pk, _ref, amount in payments:
            with transaction.atomic():
                cursor.execute(
                    "INSERT INTO support_payments_ledgerentry (payment_id, supporter_id, purpose,"
                    " kind, amount_ore, provider, source_key, booked_on, created_at, note)"
                    " VALUES (%s, %s, 'gift', 'correction', %s, 'dev', %s, CURRENT_DATE,"
                    " CURRENT_TIMESTAMP, '')",
                    [pk, supporter_id, amount, f"floor:{pk}"],
                )
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--payments", type=int, default=2000)
    args = parser.parse_args()
    _setup(args.database_url)
    from django.db import connection
    from django.db.models import Count, Sum

    from socius.support.payments.models import LedgerEntry

    supporter_id, payments = _payments(args.payments)
    path = _path(payments)
    floor = _floor(supporter_id, payments)
    captures = LedgerEntry.objects.filter(kind="capture")
    per_payment = set(
        captures.values("payment").annotate(n=Count("id")).values_list("n", flat=True)
    )
    total = captures.aggregate(s=Sum("amount_ore"))["s"]
    n = args.payments
    print(f"{n} payments on {connection.vendor}, each capture webhook delivered twice")
    print(f"webhook -> ledger path: {path:7.2f} s  {n / path:7.0f} captures/s")
    print(f"raw INSERT floor:       {floor:7.2f} s  {n / floor:7.0f} rows/s")
    print(f"ratio (floor time / path time): {floor / path:.3f}")
    ok = (captures.count() == n and per_payment == {1}
          and total == sum(amount for _pk, _ref, amount in payments))  # fmt: skip
    print("checks (one entry per payment, sum to the øre):", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
