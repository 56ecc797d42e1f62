"""Danish demo content for one citizen's plan (idempotent): goals in the citizen's words,
steps with who helps, and ratings over the last months so that "Mine fremskridt" has lines
to show. The module's demo_seed() (with the shares) calls ``demo_plan``."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from socius.core.models import Municipality, Organisation
from socius.plans import services
from socius.plans.models import Plan

# (text, why, domain, ratings every four weeks from the oldest, steps: (text, kind, helper, done))
GOALS: list[tuple[str, str, str, list[int], list[tuple[str, str, str, bool]]]] = [
    ("Få et job i en butik", "Jeg vil have noget at stå op til.", "work", [-2, -1, -1, 0, 1], [
        ("Skriv et CV", "network", "Min søster", True),
        ("Søg tre job i Føtex og Netto", "self", "", False),
        ("Tal med min rådgiver om praktik", "professional", "Jobcentret", False),
    ]),
    ("Sove bedre om natten", "Så har jeg mere kræfter.", "health", [-1, -1, 0, 0], [
        ("Gå en tur hver aften", "self", "", False),
        ("Gå med i en gå-gruppe", "association", "", False),
    ]),
    ("Se mine venner hver uge", "Jeg er tit alene.", "relations", [-1, 0], [
        ("Ring til Ali om fodbold", "self", "", True),
    ]),
]  # fmt: skip
DOMAINS = {"work": [3, 4, 4, 5, 6], "health": [4, 4, 5, 6, 6], "housing": [7, 7, 6, 7, 7]}


def demo_plan(user: Any, *, today: datetime.date | None = None) -> Plan:
    """``user``'s demo plan (made once; later calls return it unchanged)."""
    existing = Plan.objects.filter(owner=user).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    start = today - datetime.timedelta(weeks=16)
    plan = services.plan_create(
        actor=user, title="Min vej videre", domains=list(DOMAINS), today=start,
        municipality=Municipality.objects.filter(code="751").first(),
    )  # fmt: skip
    association = Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).first()
    for text, why, domain, scores, steps in GOALS:
        goal = services.goal_create(
            actor=user, plan=plan, text=text, why=why, domain=domain, baseline=scores[0]
        )
        for step_text, kind, helper, done in steps:
            org = association if kind == "association" else None
            step = services.step_create(
                actor=user, goal=goal, text=step_text, helper_kind=kind, helper=helper,
                organisation=org, due=today + datetime.timedelta(weeks=4), today=today,
            )  # fmt: skip
            if done:
                services.step_done(actor=user, step=step)
        for n, score in enumerate(scores[1:], start=1):
            day = start + datetime.timedelta(weeks=4 * n)
            services.goal_rate(actor=user, goal=goal, score=score, today=day)
    for domain, scores in DOMAINS.items():
        for n, score in enumerate(scores):
            day = start + datetime.timedelta(weeks=4 * n)
            services.domain_rate(actor=user, plan=plan, domain=domain, score=score, today=day)
    services.entry_create(
        actor=user, plan=plan, kind="note", text="Jeg har det bedre, når jeg går ture.", today=today
    )
    services.entry_create(
        actor=user, plan=plan, kind="appointment", text="Møde om praktik",
        starts=today + datetime.timedelta(days=7), place="Jobcenter Aarhus",
        with_whom="Min rådgiver", today=today,
    )  # fmt: skip
    return plan
