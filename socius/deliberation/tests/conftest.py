from __future__ import annotations

from typing import Any

import pytest

from socius.core.models import Party, PoliticianProfile, Theme
from socius.core.roles import Role
from socius.deliberation.demo import conversation_demo_create, crowd_create
from socius.deliberation.models import Conversation
from socius.tests_support.factories import UserFactory


@pytest.fixture
def moderator(db: None) -> Any:
    return UserFactory(roles=[Role.EDITOR], totp=True, name="Mona Moderator")


@pytest.fixture
def conversation(moderator: Any) -> Conversation:
    return conversation_demo_create(moderator=moderator)


@pytest.fixture
def open_conversation(moderator: Any) -> Conversation:
    """A small post-moderated conversation with two accepted statements."""
    from socius.deliberation import services

    return services.conversation_create(
        actor=moderator,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title="Fritid for alle",
        question="Hvad skal der til, for at alle unge har en fritid med andre?",
        moderation=Conversation.Moderation.POST,
        seed_statements=["Klubber skal være gratis.", "Skolen skal hjælpe med at finde en klub."],
    )


@pytest.fixture
def crowd(moderator: Any) -> list[Any]:
    return crowd_create(verifier=moderator)


@pytest.fixture
def politician(db: None) -> Any:
    user = UserFactory(roles=[Role.POLITICIAN], name="Poul Politiker")
    PoliticianProfile.objects.create(user=user, party=Party.objects.get(name="Venstre"))
    return user
