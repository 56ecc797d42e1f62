"""The access rule for the knowledge hub: the editors' admin (/cms/) is known to exist and
answers 403 without the role; a draft publication may not be known to exist and answers 404,
exactly as a page that does not exist."""

from __future__ import annotations

import pytest

from socius.core.roles import Role
from socius.knowledge.services import guide_draft_create
from socius.tests_support.factories import UserFactory, theme

pytestmark = pytest.mark.django_db


def test_the_editors_admin_answers_403_without_the_role(client):
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert client.get("/cms/").status_code == 403
    assert client.get("/cms/pages/").status_code == 403


def test_a_draft_answers_404_like_a_missing_page(client, editor):
    draft = guide_draft_create(
        title="Sådan finder I frivillige",
        summary="Spørg dem, I kender.",
        body="Første afsnit.",
        themes=[theme("hjemloeshed")],
        created_by=editor,
    )
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert client.get(draft.url).status_code == 404
    assert client.get(draft.url.rstrip("/") + "-findes-ikke/").status_code == 404
