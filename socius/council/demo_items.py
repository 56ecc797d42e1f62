"""Demo: Aarhus Byråd with an illustrative composition, its committees and one past meeting
(``demo_items(stdout)``; a second run changes nothing). The composition and the committee
names are illustrative demo data, to be replaced by the municipality's real election result
and committee list."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Municipality, Party
from socius.core.selectors import municipal_space_for
from socius.council.models import Committee, Council, Meeting
from socius.council.services_composition import committee_save, council_group_set, council_save
from socius.council.services_items import meeting_create

SOURCE = (
    "Illustrative demo data, to be replaced by the real election result from Aarhus Kommune "
    "(Illustrative demodata: erstattes af det rigtige valgresultat fra Aarhus Kommune)."
)
# Seats by party (31 in all): illustrative, not the real result.
SEATS = [
    ("Socialdemokratiet", 10),
    ("Det Konservative Folkeparti", 5),
    ("Venstre", 4),
    ("SF – Socialistisk Folkeparti", 3),
    ("Enhedslisten – De Rød-Grønne", 3),
    ("Radikale Venstre", 2),
    ("Liberal Alliance", 1),
    ("Dansk Folkeparti", 1),
    ("Alternativet", 1),
    ("Moderaterne", 1),
]
# Committee names to verify against the municipality's own list.
COMMITTEES = [
    "Magistraten",
    "Socialudvalget",
    "Sundheds- og Omsorgsudvalget",
    "Børne- og Ungeudvalget",
]


def demo_items(stdout: Any) -> Council | None:
    """Create Aarhus Byråd (once) and return it; None when Aarhus does not take part."""
    aarhus = Municipality.objects.get(code="751")
    if municipal_space_for(aarhus) is None:
        return None
    council = Council.objects.filter(municipality=aarhus).first()
    if council is not None:
        return council
    admin = get_user_model().objects.get(email="admin@socius.example")
    council = council_save(
        actor=admin,
        municipality=aarhus,
        name="Aarhus Byråd",
        seats=31,
        term_start=datetime.date(2026, 1, 1),
        term_end=datetime.date(2029, 12, 31),
        composition_source=SOURCE,
    )
    parties = {p.name: p for p in Party.objects.filter(name__in=[n for n, _s in SEATS])}
    for name, seats in SEATS:
        if name in parties:
            council_group_set(actor=admin, council=council, party=parties[name], seats=seats)
    for name in COMMITTEES:
        committee_save(actor=admin, council=council, name=name)
    past = timezone.localdate() - datetime.timedelta(days=14)
    if not Meeting.objects.filter(council=council, committee=None, date=past).exists():
        meeting_create(
            actor=admin,
            council=council,
            date=past,
            agenda_url="https://aarhus.dk/demokrati/byraadet/",
        )
    stdout.write(
        f"Byråd: Aarhus Byråd, 31 pladser (illustrativ sammensætning), "
        f"{Committee.objects.filter(council=council).count()} udvalg, et møde for 14 dage siden"
    )
    return council
