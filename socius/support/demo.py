"""Danish demo content for support (idempotent): three membership tiers, a published campaign
with a (made-up) permission number, and a few supporters with memberships and gifts paid by
bank transfer, booked in the ledger through the payments' services. Also the demo treasurer
("kasserer@socius.example") and board member ("bestyrelse@socius.example")."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.demo import demo_staff
from socius.core.roles import Role
from socius.support import services
from socius.support.models import (
    Campaign,
    Gift,
    Membership,
    MembershipTier,
    NewsletterIssue,
    Supporter,
)
from socius.support.payments import services as payments
from socius.support.payments.models import Payment, Purpose
from socius.support.services_newsletter import newsletter_issue_save

CAMPAIGN_SLUG = "ensomhed-blandt-unge"
# Not a real permission: the demo's number only has the shape of Indsamlingsnævnet's.
DEMO_PERMISSION = "Indsamlingsnævnet 24-700-01234 (demo)"
TIERS = [
    ("personligt", "Personligt medlemskab", Supporter.Kind.PERSON, 300_00, 1),
    ("studerende", "Studerende", Supporter.Kind.PERSON, 100_00, 2),
    ("forening", "Forening", Supporter.Kind.ORGANISATION, 1_000_00, 3),
]


def _paid(payment: Payment, today: datetime.date) -> None:
    payments.bank_transfer_book(reference=payment.reference, amount_ore=payment.amount_ore,
                                booked_on=today, source_key=f"demo:{payment.reference}",
                                actor=None)  # fmt: skip


def _bank_payment(**kwargs: object) -> Payment:
    return payments.payment_start(provider="bank", return_url="", **kwargs)  # type: ignore[arg-type]


def demo_seed() -> list[str]:
    if MembershipTier.objects.filter(slug="personligt").exists():
        return []
    treasurer = demo_staff("kasserer@socius.example", "Birgit Kasserer", Role.TREASURER)
    demo_staff("bestyrelse@socius.example", "Hans Bestyrelse", Role.BOARD)
    tiers = {
        slug: MembershipTier.objects.create(slug=slug, name=name, for_kind=kind,
                                            yearly_fee_ore=fee, position=pos)
        for slug, name, kind, fee, pos in TIERS
    }  # fmt: skip
    today = timezone.localdate()
    campaign = services.campaign_save(actor=treasurer,
         campaign=Campaign(
        slug=CAMPAIGN_SLUG, title="Ensomhed blandt unge: ny undersøgelse",
        summary="Hjælp os med at undersøge, hvad der virker mod ensomhed blandt unge.",
        description="Vi vil interviewe 500 unge i fem kommuner og samle det, der virker.",
        goal_ore=150_000_00, suggested_amounts_ore=[100_00, 250_00, 500_00],
        status=Campaign.Status.PUBLISHED, permission_number=DEMO_PERMISSION,
        permission_valid_until=today + datetime.timedelta(days=365),
        starts_on=today - datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=90),
        accounts_due_on=today + datetime.timedelta(days=270),
    ))  # fmt: skip
    people = [("Mette Borger", "borger@socius.example"), ("Jens Nielsen", "jens@example.dk"),
              ("Aisha Khan", "aisha@example.dk")]  # fmt: skip
    accounts = {
        u.email: u for u in get_user_model().objects.filter(email__in=[e for _n, e in people])
    }
    for n, (name, email) in enumerate(people):
        # The demo citizen's account is the first member's, so "Din støtte" shows her support.
        supporter = Supporter.objects.create(name=name, email=email, user=accounts.get(email))
        membership = Membership.objects.create(supporter=supporter, tier=tiers["personligt"])
        _paid(_bank_payment(supporter=supporter, purpose=Purpose.MEMBERSHIP,
                            amount_ore=membership.tier.yearly_fee_ore,
                            idempotency_key=f"demo:membership:{n}", membership=membership,
                            description="Medlemskab"), today)  # fmt: skip
        gift = Gift.objects.create(supporter=supporter, campaign=campaign,
                                            amount_ore=(n + 1) * 250_00, deductible=n != 1,
                                            idempotency_key=f"gift:demo{n}")  # fmt: skip
        _paid(_bank_payment(supporter=supporter, purpose=Purpose.GIFT, amount_ore=gift.amount_ore,
                            idempotency_key=f"demo:gift:{n}", gift=gift,
                            description=campaign.title), today)  # fmt: skip
    newsletter_issue_save(actor=treasurer, issue=NewsletterIssue(
        subject="Nyt fra tænketanken: ensomhed blandt unge",
        body="Kære læser\n\nI dette nummer: vores nye rapport om ensomhed blandt unge, "
             "tre debatter i foråret og status på indsamlingen.\n\nVenlig hilsen\nSocius",
        language=NewsletterIssue.Language.DANISH,
    ))  # fmt: skip
    return [
        "Support: three membership tiers, a published campaign (demo permission number), "
        "three paying members with gifts in the ledger (one of them borger@socius.example), a draft newsletter, treasurer kasserer@socius.example "
        "and board member bestyrelse@socius.example."
    ]
