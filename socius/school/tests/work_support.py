"""Test data for the work part: a class with a started conversation, politicians."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import socius.school.conversations  # noqa: F401  (registers the class audience)
from socius.core.models import Party, PoliticianProfile, Theme
from socius.core.roles import Role
from socius.school import services_work
from socius.school.models import ClassConversation, SchoolClass
from socius.tests_support.factories import UserFactory

THEME = "faellesskaber-og-ensomhed"


def conversation_start(school_class: SchoolClass, *, seeds: int = 3) -> ClassConversation:
    return services_work.class_conversation_start(
        actor=school_class.teacher,
        school_class=school_class,
        theme=Theme.objects.get(slug=THEME),
        question="Hvad skal vores by gøre for unge?",
        seed_statements=[f"Udsagn nummer {n} om byen." for n in range(seeds)],
    )


def politician_make(party: str, *, verified: bool = True, name: str = "") -> Any:
    user = UserFactory(roles=[Role.POLITICIAN], name=name or f"Politiker {party}")
    PoliticianProfile.objects.create(
        user=user,
        party=Party.objects.get(name=party),
        verified_at=timezone.now() if verified else None,
    )
    return user
