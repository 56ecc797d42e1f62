"""``manage.py support_memberships`` with moved time: reminders once each, lapsing after the
grace period, resignations taking effect, campaigns ending, accounts due (once), and mail."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from socius.core.roles import Role
from socius.support.daily import memberships_daily
from socius.support.models import Campaign, Membership
from socius.support.tests.support_helpers import campaign_make, supporter_make, tier_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 1)
COMMIT = None


def _member(paid_until: datetime.date, **fields) -> Membership:
    return Membership.objects.create(supporter=supporter_make(), tier=tier_make(),
                                     status=Membership.Status.ACTIVE, paid_until=paid_until,
                                     **fields)  # fmt: skip


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks):
    global COMMIT
    COMMIT = django_capture_on_commit_callbacks


def _on(day: datetime.date) -> dict[str, int]:
    with COMMIT(execute=True):
        return memberships_daily(today=day, now=timezone.now())


def test_reminders_go_out_30_and_7_days_before_once_each(mailbox):
    membership = _member(TODAY + datetime.timedelta(days=30))
    assert _on(TODAY)["reminded"] == 1
    assert _on(TODAY)["reminded"] == 0
    assert _on(TODAY + datetime.timedelta(days=10))["reminded"] == 0
    assert _on(TODAY + datetime.timedelta(days=23))["reminded"] == 1
    assert _on(TODAY + datetime.timedelta(days=24))["reminded"] == 0
    assert len(mailbox.messages) == 2
    assert mailbox.messages[0]["To"] == membership.supporter.email
    assert "/stoet/medlem/" in mailbox.messages[0].get_body().get_content()


def test_a_membership_lapses_after_the_grace_period(mailbox):
    membership = _member(TODAY)
    assert _on(TODAY + datetime.timedelta(days=30))["lapsed"] == 0
    assert _on(TODAY + datetime.timedelta(days=31))["lapsed"] == 1
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED


def test_a_resignation_takes_effect_when_the_paid_period_ends():
    membership = _member(TODAY, resigned_at=timezone.now())
    assert _on(TODAY)["resigned"] == 0
    assert _on(TODAY + datetime.timedelta(days=1))["resigned"] == 1
    membership.refresh_from_db()
    assert membership.status == Membership.Status.RESIGNED


def test_campaigns_end_and_the_treasurer_is_reminded_of_accounts_once(mailbox):
    treasurer = UserFactory(roles=[Role.TREASURER], totp=True)
    campaign = campaign_make(starts_on=TODAY - datetime.timedelta(days=60),
                             ends_on=TODAY - datetime.timedelta(days=1), accounts_due_on=TODAY)  # fmt: skip
    counts = _on(TODAY)
    assert (counts["ended"], counts["accounts"]) == (1, 1)
    assert _on(TODAY)["accounts"] == 0
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ENDED
    assert [m["To"] for m in mailbox.messages] == [treasurer.email]
    assert campaign.title in mailbox.messages[0]["Subject"]


def test_the_command_runs_and_reports():
    _member(timezone.localdate() + datetime.timedelta(days=7))
    out = StringIO()
    call_command("support_memberships", "--quiet", stdout=out)
    assert "reminded=1" in out.getvalue()
