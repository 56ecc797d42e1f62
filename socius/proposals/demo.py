"""Danish demo content for citizen proposals in Aarhus, in different states (idempotent).

Signatures in the demo come from the paper route (entered by the case handler), so the demo
needs no identity provider; online signing needs SOCIUS_PROPOSALS_OIDC_* (see
docs/proposals.md for running the loopback test provider)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Municipality, Theme
from socius.proposals import services
from socius.proposals.models import Proposal, TimelineEvent
from socius.proposals.selectors import settings_for
from socius.proposals.services.signing import paper_signature_add, tally_publish

DEMO = [
    ("Flere bænke og toiletter i Riis Skov", "Byrådet skal sætte 20 bænke og to offentlige toiletter op i Riis Skov. Så kan ældre og børnefamilier bruge skoven mere.", "published", 3),
    ("Gratis svømning for børn under 12 år", "Byrådet skal gøre det gratis for børn under 12 år at gå i kommunens svømmehaller.", "threshold", 4),
    ("Lys på cykelstien langs Brabrand Sø", "Byrådet skal sætte lys op langs cykelstien ved Brabrand Sø, så den er tryg at bruge om vinteren.", "closed", 4),
    ("Et værested for unge i Gellerup", "Byrådet skal åbne et værested for unge i Gellerup med åbent hver aften.", "submitted", 0),
]  # fmt: skip
# The theme each proposal is filed under (by title), so the theme pages show proposals too.
DEMO_THEMES = {
    "Flere bænke og toiletter i Riis Skov": "faellesskaber-og-ensomhed",
    "Gratis svømning for børn under 12 år": "ulighed-i-sundhed",
    "Et værested for unge i Gellerup": "faellesskaber-og-ensomhed",
}


def demo_seed() -> list[str]:
    if Proposal.objects.exists():
        return []
    users = get_user_model().objects
    citizen = users.get(email="borger@socius.example")
    helpers = [users.get(email=e) for e in ("fagperson@socius.example", "frivillig@socius.example", "forsker@socius.example")]  # fmt: skip
    staff = users.get(email="sagsbehandler@socius.example")
    aarhus = Municipality.objects.get(code="751")
    rules = settings_for(aarhus)
    rules.threshold, rules.secretariat_email = 4, "byraadssekretariatet@aarhus.example"
    rules.save()
    for index, (title, text, state, signers) in enumerate(DEMO):
        theme = Theme.objects.filter(slug=DEMO_THEMES.get(title, "")).first()
        proposal = services.proposal_create(
            actor=citizen, municipality=aarhus, title=title, text=text, theme=theme
        )
        invited = services.coproposers_invite(
            actor=citizen,
            proposal=proposal,
            emails=[h.email for h in helpers],
        )
        for helper, coproposer in zip(helpers, invited, strict=True):
            services.coproposer_confirm(actor=helper, coproposer=coproposer)
        services.proposal_submit(actor=citizen, proposal=proposal)
        if state == "submitted":
            continue
        services.proposal_publish(actor=staff, proposal=proposal)
        for n in range(signers):
            paper_signature_add(
                actor=staff,
                proposal=proposal,
                name=f"Demo Underskriver {index}-{n}",
                address=f"Vestergade {n + 1}, 8000 Aarhus C",
                birth_date=datetime.date(1960 + n, 1 + index, 1),
                lives_in_municipality=True,
            )
        proposal.refresh_from_db()
        # "closed": it reaches its threshold here; the council's demo (socius/council/demo.py)
        # puts it on a council meeting and records the decision, as every proposal goes.
        demo_history_spread(proposal)
        tally_publish(proposal=proposal, day=datetime.date.today())  # noqa: DTZ011
    for proposal in Proposal.objects.filter(state="submitted"):
        demo_history_spread(proposal)
    # A draft the citizen is still writing (only they see it, from Mit overblik).
    services.proposal_create(
        actor=citizen,
        municipality=aarhus,
        title="Legeplads med plads til kørestole i Mølleparken",
        text="Byrådet skal bygge en legeplads i Mølleparken, som børn i kørestol også kan bruge.",
        theme=Theme.objects.filter(slug="ulighed-i-sundhed").first(),
    )
    return [
        "Borgerforslag: 4 forslag i Aarhus (offentligt, nok underskrifter, et til byrådet, til"
        " vurdering)"
        " og en kladde, som borger@socius.example skriver på"
    ]


# Days after the previous event that each step takes in the demo's made-up history.
_GAPS = {"invite": 0.05, "coproposer": 0.6, "submit": 1.2, "publish": 4, "reach_threshold": 9}
_GAPS |= {"council": 5, "decide": 7}


def demo_history_spread(proposal: Proposal) -> None:
    """Demo only: the services stamp every event with the moment the seed runs, so the
    timeline would show one time for all. Give the events the history a real proposal has,
    ending about twelve days ago, and keep the proposal's own dates in step with them."""
    events = list(proposal.events.order_by("created_at", "id"))
    offsets, total = [], 0.0
    for event in events:
        total += _GAPS.get(event.kind, 0.3)
        offsets.append(total)
    start = timezone.now() - datetime.timedelta(days=total + 12)
    times = {}
    for event, offset in zip(events, offsets, strict=True):
        times[event.kind] = start + datetime.timedelta(days=offset)
        TimelineEvent.objects.filter(pk=event.pk).update(created_at=times[event.kind])
    dates = {"created_at": start, "submitted_at": times.get("submit")}
    if "publish" in times:
        period = datetime.timedelta(days=settings_for(proposal.municipality).period_days)
        dates |= {"published_at": times["publish"], "signing_ends_at": times["publish"] + period}
    dates |= {
        "threshold_reached_at": times.get("reach_threshold"),
        "decided_at": times.get("decide"),
    }
    Proposal.objects.filter(pk=proposal.pk).update(**{k: v for k, v in dates.items() if v})
