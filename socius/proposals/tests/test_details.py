"""What a reader of a proposal sees: a status that agrees with the signing period, a labelled
progress bar, the proposer's name, and a timeline where each event has its own time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socius.core.demo import demo_seed as core_seed
from socius.council.demo import demo_seed as council_seed
from socius.proposals import services
from socius.proposals.demo import demo_seed
from socius.proposals.models import Proposal
from socius.proposals.services.signing import paper_signature_add

pytestmark = pytest.mark.django_db


def _decided(proposal, case_handler):
    for n in range(4):
        paper_signature_add(
            actor=case_handler,
            proposal=proposal,
            name=f"Underskriver {n}",
            address=f"Vestergade {n + 1}, 8000 Aarhus C",
            birth_date=datetime.date(1970 + n, 1, 1),
            lives_in_municipality=True,
        )
    proposal.refresh_from_db()
    services.proposal_council(
        actor=case_handler, proposal=proposal, meeting_date=datetime.date(2026, 10, 1)
    )
    services.proposal_decide(
        actor=case_handler,
        proposal=proposal,
        decision="adopted",
        reasons="Byrådet vedtog forslaget.",
        minutes_url="https://www.aarhus.dk/",
    )
    proposal.refresh_from_db()
    return proposal


def test_a_decided_proposal_does_not_say_closed_above_a_future_signing_end(
    client, published, case_handler
):
    proposal = _decided(published, case_handler)
    assert proposal.signing_ends_at > timezone.now()  # the period would still be running
    page = client.get(proposal.get_absolute_url())
    status = page.text.split('id="proposal-status">', 1)[1].split("</span>", 1)[0]
    assert status == "Behandlet i byrådet: Vedtaget"
    assert "Underskrifter slutter" not in page.text
    assert "Indsamlingen af underskrifter er slut" in page.text
    listing = client.get(reverse("proposals:proposal-list"), {"state": "closed"})
    assert "Behandlet i byrådet: Vedtaget" in listing.text
    assert "Indsamlingen af underskrifter er slut" in listing.text
    assert "<td>Lukket</td>" not in listing.text


def test_an_open_proposal_shows_when_signing_ends(client, published):
    page = client.get(published.get_absolute_url())
    assert "Underskrifter slutter " in page.text
    assert "Åbent for underskrifter" in page.text


def test_the_progress_bar_says_how_far_it_has_come(client, published):
    page = client.get(published.get_absolute_url())
    bar = page.text.split('<progress id="proposal-progress"', 1)[1].split(">", 1)[0]
    assert 'aria-label="0 af 4 underskrifter"' in bar


def test_the_proposer_is_named_by_the_name_they_gave(client, published, proposer):
    proposer.name = "Karen Holm"
    proposer.save(update_fields=["name"])
    page = client.get(published.get_absolute_url())
    assert "Stillet af Karen Holm" in page.text


def test_a_proposer_without_a_name_is_not_named_by_their_e_mail(client, published, proposer):
    proposer.name = ""
    proposer.save(update_fields=["name"])
    page = client.get(published.get_absolute_url())
    assert "forslag@example.dk" not in page.text
    assert ">forslag<" not in page.text  # the display name falls back to the e-mail's first part
    assert "Stillet af en borger i Aarhus, som ikke har oplyst sit navn" in page.text


def test_each_timeline_event_of_the_demo_has_its_own_time(client):
    core_seed()
    demo_seed()
    council_seed()  # takes the demo's proposal at its threshold to a council decision
    for proposal in Proposal.objects.all():
        times = [e.created_at.replace(second=0, microsecond=0) for e in proposal.events.all()]
        assert len(times) == len(set(times)), proposal.title
        assert times == sorted(times)
    closed = Proposal.objects.get(state="closed")
    assert closed.decided_at < timezone.now()
    page = client.get(closed.get_absolute_url())
    timeline = page.text.split('id="timeline-heading"', 1)[1]
    shown = [part.split("</time>", 1)[0].split(">", 1)[1] for part in timeline.split("<time")[1:]]
    assert len(shown) == len(set(shown)) > 5
