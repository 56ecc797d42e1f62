"""The demo's golden thread (``demo_thread()``, called from this module's ``demo_seed``; a
second run changes nothing): the knowledge hub's report on loneliness among young adults and
the atlas's loneliness figure → the demo conversation "Ensomhed blandt unge" → the
recommendation "Faste mødesteder i alle lokalområder" (endorsed by three parties in the
council's demo) → a citizen proposal in Aarhus started from the recommendation, signed to its
threshold on paper → an item for Aarhus Byråd, decided with each party's vote → an action in
commitment 3 of Aarhus's programme → a measure on the loneliness figure.

Everything goes through the modules' own services, as the people who would do it."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Municipality, Theme
from socius.core.thread_services import thread_link
from socius.council import selectors as council_selectors
from socius.council import services_items as items
from socius.council.demo import party_votes, past_meeting
from socius.deliberation.selectors import conversation_list_public
from socius.knowledge.selectors import published_publications, recommendation_by_slug
from socius.programme.models import Commitment, Programme
from socius.programme.services_actions import action_from_council_item, measure_save
from socius.proposals import services as proposals
from socius.proposals.demo import demo_history_spread
from socius.proposals.selectors import proposal_for_recommendation
from socius.proposals.services.recommendation import proposal_create_from_recommendation
from socius.proposals.services.signing import paper_signature_add

REPORT = "ensomhed-blandt-unge-voksne"
CONVERSATION = "Ensomhed blandt unge"
RECOMMENDATION = "anbefaling-faste-moedesteder"
PROPOSAL_TITLE = "Faste mødesteder i alle lokalområder i Aarhus"
PROPOSAL_TEXT = (
    "Byrådet skal sikre et fast mødested i hvert lokalområde i Aarhus. Det skal være gratis "
    "at bruge og åbent om aftenen. Foreninger, klubber og naboer skal kunne låne det."
)
ACTION_TITLE = "Et fast, gratis mødested i hvert lokalområde"


def demo_thread() -> list[str]:
    users = get_user_model().objects
    recommendation = recommendation_by_slug(RECOMMENDATION)
    conversation = conversation_list_public().filter(title=CONVERSATION).first()
    report = published_publications().filter(slug=REPORT).first()
    aarhus = Municipality.objects.get(code="751")
    council = council_selectors.council_by_code(aarhus.code)
    programme = Programme.objects.filter(municipality=aarhus, published=True).first()
    if (
        recommendation is None
        or conversation is None
        or report is None
        or council is None
        or programme is None
    ):
        return []
    if proposal_for_recommendation(recommendation.pk) is not None:
        return []
    citizen = users.get(email="borger@socius.example")
    staff = users.get(email="sagsbehandler@socius.example")
    admin = users.get(email="admin@socius.example")
    editor = users.get(email="redaktoer@socius.example")
    rec = ("recommendation", str(recommendation.pk))
    thread_link(source=("publication", str(report.pk)), target=rec, actor=editor)
    thread_link(source=("indicator", "ensomhed"), target=rec, actor=editor)
    thread_link(source=("conversation", conversation.slug), target=rec, actor=editor)

    # A citizen takes the recommendation to the city council as a citizen proposal.
    proposal = proposal_create_from_recommendation(
        actor=citizen,
        recommendation=str(recommendation.pk),
        municipality=aarhus,
        title=PROPOSAL_TITLE,
        text=PROPOSAL_TEXT,
        theme=Theme.objects.filter(slug="faellesskaber-og-ensomhed").first(),
    )
    helpers = [
        users.get(email=e)
        for e in ("fagperson@socius.example", "frivillig@socius.example", "forsker@socius.example")
    ]
    invited = proposals.coproposers_invite(
        actor=citizen, proposal=proposal, emails=[h.email for h in helpers]
    )
    for helper, coproposer in zip(helpers, invited, strict=True):
        proposals.coproposer_confirm(actor=helper, coproposer=coproposer)
    proposals.proposal_submit(actor=citizen, proposal=proposal)
    proposals.proposal_publish(actor=staff, proposal=proposal)
    proposals.proposal_follow(
        actor=users.get(email="frivillig@socius.example"), proposal=proposal, follow=True
    )
    for n in range(max(proposal.threshold, 1)):
        paper_signature_add(
            actor=staff,
            proposal=proposal,
            name=f"Demo Underskriver M-{n}",
            address=f"Frederiks Allé {n + 1}, 8000 Aarhus C",
            birth_date=datetime.date(1970 + n, 3, 1),
            lives_in_municipality=True,
        )

    # The council's secretariat puts it on the agenda; the council decides.
    item = items.item_create(
        actor=staff, council=council, source="proposal", source_key=str(proposal.public_id)
    )
    items.item_schedule(actor=staff, item=item, meeting=past_meeting(council))
    items.item_decide(
        actor=staff,
        item=item,
        decision="adopted",
        text=(
            "Byrådet vedtog forslaget. Forvaltningen finder et mødested i hvert lokalområde "
            "og vender tilbage med en plan og et budget inden sommerferien."
        ),
        decision_url="https://aarhus.dk/demokrati/byraadet/",
        votes=party_votes(council),
        follow_up_by=timezone.localdate() + datetime.timedelta(days=120),
    )
    demo_history_spread(proposal)

    # The decision becomes an action in the programme, measured on the loneliness figure.
    commitment = Commitment.objects.get(programme=programme, number=3)
    today = timezone.localdate()
    action = action_from_council_item(
        actor=admin,
        item_public_id=item.public_id,
        commitment=commitment,
        title=ACTION_TITLE,
        owner="Kultur og Borgerservice",
        starts_on=today,
        ends_on=datetime.date(today.year + 2, 12, 31),
        description=(
            "Vi finder et sted i hvert lokalområde, som alle kan låne gratis om aftenen. "
            "Det kan være et bibliotek, et beboerhus eller en skole."
        ),
        budget_kr=2_500_000,
    )
    measure_save(
        actor=admin,
        commitment=commitment,
        indicator_code="ensomhed",
        baseline="11.1",
        baseline_year=2025,
        target="9.0",
        target_year=2029,
        action=action,
        note="Andelen af voksne, der ofte føler sig uønsket alene.",
    )
    return [
        "Tråden: fra rapporten om ensomhed over samtalen og anbefalingen (med opbakning fra tre "
        "partier) til borgerforslaget, byrådets beslutning og en handling i Aarhus' program "
        "med et mål – se /traade/"
    ]
