from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from socius.core.models import Theme
from socius.core.roles import Role
from socius.deliberation import services as deliberation
from socius.deliberation.models import Conversation
from socius.events.models import Event
from socius.tests_support.factories import UserFactory


@pytest.fixture
def organiser(db: None) -> Any:
    return UserFactory(roles=[Role.EDITOR], totp=True, name="Olga Organisator")


@pytest.fixture
def debate_conversation(organiser: Any) -> Conversation:
    return deliberation.conversation_create(
        actor=organiser,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title="Unge og fritid",
        question="Hvad skal der til, for at alle unge har en fritid med andre?",
        moderation=Conversation.Moderation.POST,
        seed_statements=[
            "Klubber skal være gratis.",
            "Skolen skal hjælpe med at finde en klub.",
            "Foreninger skal have flere frivillige trænere.",
        ],
    )


def make_event(conversation: Conversation | None, **fields: Any) -> Event:
    now = timezone.now()
    values: dict[str, Any] = {
        "slug": "debat-om-fritid",
        "kind": Event.Kind.DEBATE,
        "status": Event.Status.PUBLISHED,
        "title": "Debat om unges fritid",
        "summary": "Politikere og publikum debatterer unges fritid.",
        "theme": Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        "starts_at": now - timedelta(minutes=30),
        "ends_at": now + timedelta(hours=2),
        "conversation": conversation,
        "capacity": 200,
        "registration_opens_at": now - timedelta(days=10),
        "registration_closes_at": now - timedelta(minutes=30),
    }
    values.update(fields)
    return Event.objects.create(**values)


@pytest.fixture
def debate(debate_conversation: Conversation) -> Event:
    return make_event(debate_conversation)


@pytest.fixture
def crowd(organiser: Any) -> list[Any]:
    """44 voters: verified politicians of four parties and people in every public role."""
    from socius.deliberation.demo import crowd_create

    return [member.user for member in crowd_create(verifier=organiser)]
