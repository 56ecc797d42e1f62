"""The yearly tax report for 10,000 donors (goal: under 10 s).

Builds a fresh SQLite database in a temporary folder, books 10,000 donors' deductible gifts,
refunds, commitments and membership fees straight into the ledger, gives 9,000 of them a CPR
number, and times ``report_build`` against a floor: one raw SQL aggregate over the same
ledger in the same run. Prints both and their ratio.

    .venv/bin/python bench/support_tax_report.py [donors]
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="socius-tax-bench-"))
os.environ.setdefault("SOCIUS_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "socius.settings"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

GOAL_SECONDS = 10.0


def _seed(donors: int) -> None:
    from django.utils import timezone

    from socius.support.models import Gift, Supporter
    from socius.support.payments.models import LedgerEntry, Payment
    from socius.support.tax.cpr import cpr_digest, cpr_seal
    from socius.support.tax.models import DonorIdentity

    now = timezone.now()
    with transaction.atomic():
        people = Supporter.objects.bulk_create(
            Supporter(name=f"Giver {i}", email=f"g{i}@example.dk") for i in range(donors)
        )
        gifts = Gift.objects.bulk_create(
            Gift(supporter=s, amount_ore=50_000, deductible=True, status="paid") for s in people
        )
        rows = []
        for i, (s, g) in enumerate(zip(people, gifts, strict=True)):
            rows.append(("gift", g, s, 50_000 + i, "capture"))
            rows.append(("gift", g, s, 2_000_000, "capture"))
            if i % 10 == 0:
                rows.append(("gift", g, s, -10_000, "refund"))
            if i % 7 == 0:
                rows.append(("commitment", None, s, 120_000, "capture"))
            rows.append(("membership", None, s, 30_000, "capture"))
        payments = Payment.objects.bulk_create(
            Payment(reference=f"R{n}", idempotency_key=f"k{n}", supporter=s, purpose=p, gift=g,
                    provider="bank", amount_ore=max(abs(a), 100), status="captured")
            for n, (p, g, s, a, _k) in enumerate(rows)
        )  # fmt: skip
        LedgerEntry.objects.bulk_create(
            (LedgerEntry(payment=pay, supporter=s, purpose=p, kind=k, amount_ore=a,
                         provider="bank", source_key=f"s{n}", booked_on=datetime.date(2026, 6, 1))
             for n, (pay, (p, _g, s, a, k)) in enumerate(zip(payments, rows, strict=True))),
            batch_size=5000,
        )  # fmt: skip
        DonorIdentity.objects.bulk_create(
            DonorIdentity(supporter=s, cpr_sealed=cpr_seal(f"0101{i % 100:02d}{i % 4}{i % 1000:03d}"),
                          cpr_digest=cpr_digest(f"0101{i % 100:02d}{i % 4}{i % 1000:03d}"),
                          source="form", given_at=now, consent_version="bench")
            for i, s in enumerate(people) if i % 10
        )  # fmt: skip


def main() -> None:
    donors = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    _seed(donors)
    from socius.support.tax.models import TaxReport
    from socius.support.tax.report import report_build

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.supporter_id, e.purpose, SUM(e.amount_ore) FROM support_payments_ledgerentry e"
            " JOIN support_payments_payment p ON p.id = e.payment_id"
            " LEFT JOIN support_gift g ON g.id = p.gift_id"
            " WHERE e.booked_on BETWEEN '2026-01-01' AND '2026-12-31'"
            " AND (e.purpose = 'commitment' OR (e.purpose = 'gift' AND g.deductible))"
            " GROUP BY e.supporter_id, e.purpose"
        )
        floor_rows = len(cursor.fetchall())
    floor = time.perf_counter() - started
    started = time.perf_counter()
    report = report_build(report=TaxReport.objects.create(year=2026))
    took = time.perf_counter() - started
    print(f"Donors: {donors}; aggregate rows: {floor_rows}; report lines: {report.lines.count()}")
    print(f"Floor (raw SQL aggregate): {floor:.3f} s")
    print(f"report_build: {took:.3f} s (goal {GOAL_SECONDS:.0f} s); ratio {took / floor:.1f}x")
    sys.exit(0 if took < GOAL_SECONDS else 1)


if __name__ == "__main__":
    main()
