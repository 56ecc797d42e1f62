"""The media disk fills up while the conversation report (a PDF) is written: the one PDF the
platform stores (grant decision letters and the report's own download are made in memory and
streamed). Sending a solution proposal to the knowledge hub attaches the report to the draft
recommendation as a Wagtail document in the media folder.

A real full disk (a small tmpfs of the web process's own, socius/tests_support/media_full.py)
under the production web server with production settings: the editor is told plainly, no partial file, document,
page or state change is left, and the log has a warning, not a traceback.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.documents import get_document_model

from socius.core.roles import Role
from socius.core.storage import MEDIA_FULL_MESSAGE
from socius.deliberation import services
from socius.deliberation.demo import conversation_demo_create, crowd_create, crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import SolutionProposal
from socius.deliberation.selectors import results_for
from socius.knowledge.models import RecommendationPage
from socius.tests_support.factories import UserFactory
from socius.tests_support.media_full import Visitor, form_field, small_media_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def proposal() -> SolutionProposal:
    """A solution proposal on the demo conversation, ready to be sent to the knowledge hub."""
    moderator = UserFactory(roles=[Role.EDITOR], totp=True, name="Mona Moderator")
    conversation = conversation_demo_create(moderator=moderator)
    crowd_vote(conversation, crowd_create(verifier=moderator))
    conversation_compute(conversation.pk)
    bridging = results_for(conversation).bridging[0]
    return services.solution_create(
        actor=moderator, conversation=conversation, title="Unge med i beslutningerne",
        summary="Kommunen spørger de unge.", body="Et ungepanel i hver bydel.",
        statements=[conversation.statements.get(pk=bridging.id)], support={},
    )  # fmt: skip


def _editor(server_client: Any, proposal: SolutionProposal) -> Visitor:
    """The editor's browser: a session made here (the server accepts this process's key)."""
    client = Client()
    client.force_login(proposal.created_by)
    session = client.session
    session["account_authenticated"] = True
    session.save()
    return Visitor(server_client, {settings.SESSION_COOKIE_NAME: session.session_key or ""})


def _publish(editor: Visitor, proposal: SolutionProposal) -> str:
    """Press "Publish as a recommendation"; the page the editor lands on."""
    page = editor.get(proposal.get_absolute_url())
    assert page.status_code == 200, page.text[:300]
    response = editor.post(
        reverse("deliberation:solution-publish", args=[proposal.public_id]),
        data={"csrfmiddlewaretoken": form_field(page.text, "csrfmiddlewaretoken")},
    )
    assert response.status_code == 302, response.text[:300]
    return editor.get(response.headers["location"]).text


def test_a_full_media_disk_refuses_the_report_pdf_plainly_and_leaves_nothing(
    proposal: SolutionProposal, tmp_path: Any
) -> None:
    documents = get_document_model()
    with small_media_server(tmp_path) as media:
        editor = _editor(media.server.client(), proposal)
        # given a disk with almost no room left
        media.fill(leave=4096)

        # when the editor sends the proposal to the knowledge hub
        landed = _publish(editor, proposal)

        # then they read why, and nothing was stored: no document, page, state or file
        with translation.override("da"):
            assert escape(str(MEDIA_FULL_MESSAGE)) in landed
        proposal.refresh_from_db()
        assert proposal.state != SolutionProposal.State.PUBLISHED
        assert not documents.objects.exists()
        assert not RecommendationPage.objects.exists()
        assert media.files() == {}

        # and once there is room again, the same click works and stores the whole PDF
        media.empty()
        _publish(editor, proposal)
        proposal.refresh_from_db()
        assert proposal.state == SolutionProposal.State.PUBLISHED
        document = documents.objects.get()
        stored = media.files()
        assert list(stored) == [document.file.name]
        assert (media.folder / document.file.name).read_bytes().startswith(b"%PDF-")
        log = media.server.log_text()
    assert log.count("The media folder is full") == 1, log
    assert "Traceback" not in log, log
