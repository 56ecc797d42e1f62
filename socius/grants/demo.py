"""Danish demo content for grants: the § 18 fund, an open round and one application (idempotent)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Municipality, Organisation, Theme
from socius.grants import services
from socius.grants.models import Pool, Round

if TYPE_CHECKING:
    from socius.accounts.models import User


def demo_seed() -> list[str]:
    if Pool.objects.filter(slug="paragraf-18-aarhus").exists():
        return []
    users = get_user_model().objects
    case_handler = users.get(email="sagsbehandler@socius.example")
    advisor = users.get(email="raadgiver@socius.example")
    volunteer = users.get(email="frivillig@socius.example")
    pool = Pool.objects.create(
        name="§ 18-midler, Aarhus Kommune",
        slug="paragraf-18-aarhus",
        legal_basis="Serviceloven § 18",
        description=(
            "Støtte til frivilligt socialt arbejde. Vi prioriterer foreninger og klubber, der skaber "
            "fællesskaber og inviterer borgere med, som har brug for socialt samvær."
        ),
        municipality=Municipality.objects.get(code="751"),
        requires_cvr=False,
        gates=[
            "local_roots",
            "non_profit",
            "unpaid_board",
            "voluntary_core",
            "budget",
            "last_year_report",
        ],
        target_groups=[],
    )
    now = timezone.now()
    round_ = services.round_create(
        actor=case_handler,
        pool=pool,
        name=f"§ 18-midler {now.year + 1}",
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=60),
        budget=Decimal(500_000),
        cap_per_organisation=Decimal(100_000),
    )
    # A quarter of the budget goes to communities against loneliness: the round is then
    # listed on that theme's page.
    services.theme_minimum_set(
        actor=case_handler,
        round_=round_,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        share=Decimal("0.25"),
    )
    services.round_open(actor=case_handler, round_=round_)
    org = Organisation.objects.get(name="Fællesskabshuset Aarhus Vest")
    app = services.application_create(
        actor=volunteer,
        round_=round_,
        organisation=org,
        title="Torsdagsspisning for alle generationer",
        summary="Frivillige laver mad hver torsdag. Ældre, der bor alene, og unge fra området spiser sammen.",
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        target_group="Ældre, der bor alene, og unge i Gellerup",
        participants=60,
        volunteers=15,
        board_unpaid=True,
        amount_requested=Decimal(45_000),
        minimum_amount=Decimal(30_000),
        budget_items=[
            {"activity": "Råvarer", "amount": "30000"},
            {"activity": "Leje af køkken", "amount": "15000"},
        ],
    )
    services.application_submit(actor=volunteer, app=app)
    services.review_assign(actor=case_handler, app=app, reviewer=advisor)
    # A draft the volunteer is still writing: they can change it before submitting.
    services.application_create(
        actor=volunteer,
        round_=round_,
        organisation=org,
        title="Gåture med nabohunde",
        summary="Naboer, der ikke selv har hund, går tur med hundene fra området hver lørdag.",
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        target_group="Voksne, der bor alene",
        participants=25,
        volunteers=6,
        board_unpaid=True,
        amount_requested=Decimal(8_000),
        minimum_amount=Decimal(5_000),
        budget_items=[{"activity": "Snacks, poser og forsikring", "amount": "8000"}],
    )
    decided = _decided_round_create(pool, case_handler, advisor, volunteer, org)
    return [
        f"Grants: the round '{round_.name}' is open at /tilskud/ with one application to review;"
        f" '{decided.name}' is decided, with its public report of who got what."
    ]


def _decided_round_create(
    pool: Pool, case_handler: User, advisor: User, volunteer: User, org: Organisation
) -> Round:
    """Last year's round, taken through review, allocation and the committee's decision."""
    now = timezone.now()
    round_ = services.round_create(
        actor=case_handler,
        pool=pool,
        name=f"§ 18-midler {now.year}",
        opens_at=now - datetime.timedelta(days=120),
        closes_at=now + datetime.timedelta(hours=1),
        budget=Decimal(300_000),
        cap_per_organisation=Decimal(100_000),
    )
    services.round_open(actor=case_handler, round_=round_)
    app = services.application_create(
        actor=volunteer,
        round_=round_,
        organisation=org,
        title="Fællesspisning i Gellerup",
        summary="Fællesspisning hver anden fredag for familier og ældre i Gellerup.",
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        target_group="Familier og ældre i Gellerup",
        participants=80,
        volunteers=12,
        board_unpaid=True,
        amount_requested=Decimal(40_000),
        minimum_amount=Decimal(25_000),
        budget_items=[{"activity": "Råvarer og leje", "amount": "40000"}],
    )
    services.application_submit(actor=volunteer, app=app)
    # The demo's history: the deadline passed two months ago (applications are only accepted
    # before it, so the round is created open and its deadline moved back afterwards).
    Round.objects.filter(pk=round_.pk).update(closes_at=now - datetime.timedelta(days=60))
    round_.refresh_from_db()
    services.round_close(actor=case_handler, round_=round_)
    assignment = services.review_assign(actor=case_handler, app=app, reviewer=advisor)
    services.review_submit(
        actor=advisor,
        assignment=assignment,
        scores={c.key: 4 for c in round_.criteria.all()},
        comment="Godt forankret lokalt, realistisk budget.",
    )
    run = services.allocation_run(actor=case_handler, round_=round_)
    services.round_decide(
        actor=case_handler,
        round_=round_,
        run=run,
        body="Socialudvalget, Aarhus Kommune",
        decided_on=(now - datetime.timedelta(days=30)).date(),
    )
    round_.refresh_from_db()
    return round_
