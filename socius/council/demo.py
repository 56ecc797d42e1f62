"""Demo content of the council (``seed_demo`` calls ``demo_seed``; a second run changes
nothing): Aarhus Byråd with its illustrative composition, committees and a past meeting; the
demo proposal that reached its threshold and was decided ("Lys på cykelstien langs Brabrand
Sø") taken through a council item, as every proposal is; and three parties' endorsements of
the knowledge hub's demo recommendation."""

from __future__ import annotations

import datetime
import io

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Party
from socius.council import selectors
from socius.council import services_items as items
from socius.council.demo_endorsements import demo_endorsements
from socius.council.demo_items import demo_items
from socius.council.models import Council, Meeting
from socius.knowledge.selectors import recommendation_by_slug
from socius.proposals.demo import demo_history_spread
from socius.proposals.models import Proposal
from socius.proposals.workflows import ProposalState

DECIDED_PROPOSAL = "Lys på cykelstien langs Brabrand Sø"
DEMO_RECOMMENDATION = "anbefaling-faste-moedesteder"
# How the parties of the demo council voted (illustrative).
VOTES_FOR_ALL = (
    "Socialdemokratiet",
    "Det Konservative Folkeparti",
    "Venstre",
    "SF – Socialistisk Folkeparti",
    "Enhedslisten – De Rød-Grønne",
    "Radikale Venstre",
    "Alternativet",
    "Moderaterne",
)
VOTES_AGAINST = ("Liberal Alliance", "Dansk Folkeparti")


def past_meeting(council: Council) -> Meeting:
    """The demo council's meeting in the past (made by demo_items)."""
    return council.meetings.filter(committee=None, date__lt=timezone.localdate()).first()  # type: ignore[return-value]


def party_votes(council: Council) -> list[tuple[Party, str, int | None]]:
    """The demo's votes: every party of the council, with its seats."""
    votes: list[tuple[Party, str, int | None]] = []
    for group in council.groups.select_related("party"):
        name = group.party.name
        vote = "against" if name in VOTES_AGAINST else "for"
        votes.append((group.party, vote, group.seats))
    return votes


def _decided_proposal(council: Council) -> str | None:
    proposal = Proposal.objects.filter(
        municipality=council.municipality, title=DECIDED_PROPOSAL, state=ProposalState.THRESHOLD
    ).first()
    if proposal is None or selectors.item_for_source("proposal", str(proposal.public_id)):
        return None
    staff = get_user_model().objects.get(email="sagsbehandler@socius.example")
    item = items.item_create(
        actor=staff, council=council, source="proposal", source_key=str(proposal.public_id)
    )
    items.item_schedule(actor=staff, item=item, meeting=past_meeting(council))
    items.item_decide(
        actor=staff,
        item=item,
        decision="adopted",
        text="Byrådet vedtog forslaget. Lyset sættes op i 2027.",
        decision_url="https://aarhus.dk/demokrati/byraadet/",
        votes=party_votes(council),
        follow_up_by=timezone.localdate() + datetime.timedelta(days=180),
    )
    demo_history_spread(proposal)  # the timeline of a real proposal, not one moment
    return f"Byråd: borgerforslaget “{DECIDED_PROPOSAL}” vedtaget på et byrådsmøde"


def demo_seed() -> list[str]:
    out = io.StringIO()
    council = demo_items(out)
    if council is None:
        return []
    lines = [line for line in out.getvalue().splitlines() if line]
    decided = _decided_proposal(council)
    if decided:
        lines.append(decided)
    recommendation = recommendation_by_slug(DEMO_RECOMMENDATION)
    if recommendation is not None:
        out = io.StringIO()
        demo_endorsements(out, kind="recommendation", key=str(recommendation.pk))
        lines += [line for line in out.getvalue().splitlines() if line]
    return lines
