"""Citizen proposals on the staff workbench, and in the proposer's own overview."""

from __future__ import annotations

import datetime

import pytest

from socius.proposals import services
from socius.proposals.models import Proposal
from socius.proposals.tests.conftest import make_published

pytestmark = pytest.mark.django_db


def test_case_handlers_see_proposals_to_review_and_council_deadlines(
    client, proposer, case_handler, aarhus, rules
):
    waiting = services.proposal_create(
        actor=proposer, municipality=aarhus, title="Gratis busser for unge", text="Byrådet skal."
    )
    Proposal.objects.filter(pk=waiting.pk).update(state="submitted")
    late = make_published(proposer, case_handler, aarhus, title="Flere træer i Gellerup")
    Proposal.objects.filter(pk=late.pk).update(
        state="council", council_deadline=datetime.date(2020, 1, 1)
    )
    client.force_login(case_handler)
    html = client.get("/arbejde/").content.decode()
    section = html[html.index('id="queue-proposals"') :]
    assert section.index("Flere træer i Gellerup") < section.index("Gratis busser for unge")
    assert "Byrådet skal beslutte senest 1. januar 2020" in section
    assert f'href="/borgerforslag/administration/{waiting.public_id}/"' in section
    assert 'href="/borgerforslag/administration/"' in section


def test_the_proposer_finds_their_draft_in_my_overview(client, proposer, aarhus, rules):
    draft = services.proposal_create(
        actor=proposer, municipality=aarhus, title="Legeplads i Hasle", text="Byrådet skal."
    )
    client.force_login(proposer)
    html = client.get("/mit/").content.decode()
    assert f'href="/borgerforslag/{draft.public_id}/"' in html
    assert "Legeplads i Hasle" in html
    # ... and the draft page opens for them.
    assert client.get(f"/borgerforslag/{draft.public_id}/").status_code == 200
