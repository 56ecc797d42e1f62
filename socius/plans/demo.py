"""Danish demo content for Min plan (idempotent): the demo citizen's plan shared with the demo
case handler, who has commented, proposed a step and rated progress; a team at the job centre;
and enough plans in Aarhus for one released outcome table, so that every page has something
to show. The other demo plans belong to made-up people without a password (nobody logs in as
them)."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.demo import DEMO_TOTP_SECRET
from socius.core.models import Municipality
from socius.plans import services, sharing
from socius.plans.demo_citizen import demo_plan
from socius.plans.models import Part, Plan, Team
from socius.plans.outcomes import services as outcomes
from socius.plans.outcomes.models import Release, Table

CITIZEN = "borger@socius.example"
CASE_HANDLER = "sagsbehandler@socius.example"
ADMIN = "admin@socius.example"
# Made-up people whose plans the outcome statistics count: how each rated three life domains
# at the start and later (first, latest), varied so that the cells differ.
OTHERS = 36
DOMAIN_PATTERNS = (
    {"work": (3, 5), "health": (4, 6), "relations": (5, 5)},
    {"work": (4, 4), "health": (5, 7), "relations": (3, 6)},
    {"work": (6, 5), "health": (6, 6), "relations": (4, 7)},
    {"work": (2, 6), "health": (3, 3), "relations": (6, 5)},
)


# What the made-up people's plans are about (theme slugs), so that a release per theme exists.
DEMO_THEMES: tuple[list[str], ...] = (
    ["faellesskaber-og-ensomhed"],
    ["faellesskaber-og-ensomhed"],
    [],
)


def _shared(citizen: Any, plan: Plan, today: datetime.date) -> None:
    if plan.shares.exists():
        return
    share = sharing.share_create(
        actor=citizen,
        plan=plan,
        parts=[Part.GOALS, Part.RATINGS, Part.APPOINTMENTS],
        professional_email=CASE_HANDLER,
        purpose="Så Omar kan følge med i mine mål før vores møder på jobcentret.",
        ends_on=today + datetime.timedelta(days=90),
        today=today,
    )
    professional = get_user_model().objects.get(email=CASE_HANDLER)
    goal = plan.goals.order_by("position", "created_at").first()
    if goal is None:
        return
    sharing.comment_add(
        actor=professional,
        share=share,
        goal=goal,
        text="Godt gået med dit CV. Skal vi tale om praktik, når vi ses næste gang?",
    )
    sharing.step_propose(
        actor=professional, share=share, goal=goal, text="Besøg en butik, der tager praktikanter"
    )
    sharing.share_rate(actor=professional, share=share, goal=goal, score=0, today=today)


def _team(admin: Any) -> None:
    aarhus = Municipality.objects.get(code="751")
    if Team.objects.filter(municipality=aarhus).exists():
        return
    sharing.team_create(
        actor=admin,
        municipality=aarhus,
        name="Jobcenter Aarhus, team Øst",
        members=list(get_user_model().objects.filter(email=CASE_HANDLER)),
    )


def _other_plans(today: datetime.date) -> None:
    users = get_user_model()
    aarhus = Municipality.objects.get(code="751")
    start = today - datetime.timedelta(weeks=12)
    for n in range(1, OTHERS + 1):
        email = f"plan{n:02}@demo.socius.example"
        if users.objects.filter(email=email).exists():
            continue
        person = users.objects.create_user(email=email, password=None, name=f"Demoperson {n}")
        pattern = DOMAIN_PATTERNS[n % len(DOMAIN_PATTERNS)]
        plan = services.plan_create(
            actor=person,
            domains=list(pattern),
            municipality=aarhus,
            themes=DEMO_THEMES[n % len(DEMO_THEMES)],
            today=start,
        )
        for domain, (first, latest) in pattern.items():
            services.domain_rate(actor=person, plan=plan, domain=domain, score=first, today=start)
            services.domain_rate(actor=person, plan=plan, domain=domain, score=latest, today=today)
        goal = services.goal_create(actor=person, plan=plan, text="Komme mere ud", baseline=-1)
        services.goal_rate(actor=person, goal=goal, score=(n % 4) - 2, today=today)


def _release(admin: Any, today: datetime.date) -> None:
    aarhus = Municipality.objects.get(code="751")
    year = (today - datetime.timedelta(weeks=12)).year
    if Release.objects.filter(municipality=aarhus).exists():
        return
    release = outcomes.release_create(
        actor=admin,
        municipality=aarhus,
        table=Table.DOMAIN_CHANGE,
        year=year,
        epsilon=1.0,
        today=today,
        enqueue=False,  # computed here: the demo has no task worker running yet
    )
    outcomes.release_compute(release=release)


def demo_seed() -> list[str]:
    """Create the demo plans, the share and a released outcome table; returns lines to print."""
    today = timezone.localdate()
    users = get_user_model().objects
    citizen = users.get(email=CITIZEN)
    admin = users.get(email=ADMIN)
    # Min plan opens after two-factor: the demo citizen gets the demo authenticator
    # (`make demo-code` prints the current code), as the demo staff have.
    if not Authenticator.objects.filter(user=citizen, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(citizen, DEMO_TOTP_SECRET)
    plan = demo_plan(citizen, today=today)
    _shared(citizen, plan, today)
    _team(admin)
    _other_plans(today)
    _release(admin, today)
    return [
        "Min plan: borger@socius.example has a plan shared with sagsbehandler@socius.example "
        "(/min-plan/ and /min-plan/delt-med-mig/); Aarhus's outcome statistics are at "
        "/min-plan/resultater/751/."
    ]
