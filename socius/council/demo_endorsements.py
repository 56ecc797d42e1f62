"""Demo content of cross-party support: three verified politicians of three parties endorse a
target (the lead points it at the demo recommendation). Idempotent: a second run changes
nothing."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from socius.core import services as core_services
from socius.core.demo import DEMO_PASSWORD
from socius.core.models import Party, PoliticianProfile
from socius.council import services_endorsements as services
from socius.council.models import Endorsement, PartyBloc

# (e-mail, name, party, bloc, reason): politiker@ comes from the core demo and politiker2@
# from the school demo; both are made here too if missing, so the order of demos is free.
DEMO_ENDORSERS = [
    ("politiker@socius.example", "Lise Politiker", "Socialdemokratiet", "red",
     "Faste mødesteder giver unge et sted at høre til. Det er billigt, og det virker."),
    ("politiker2@socius.example", "Jens Byrådsmedlem", "Venstre", "blue",
     "Foreningerne kan løfte opgaven, hvis kommunen stiller lokaler til rådighed."),
    ("politiker3@socius.example", "Sofie Byrådsmedlem", "SF – Socialistisk Folkeparti", "red",
     "Ensomhed blandt unge er et stort problem. Her er et konkret skridt, vi kan tage nu."),
]  # fmt: skip


def _politician(email: str, name: str, party_name: str) -> Any:
    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        user = user_model.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = PoliticianProfile.objects.filter(user=user).first()
    if profile is None:  # another demo may have made them already, with its own office
        party = Party.objects.get(name=party_name)
        profile = core_services.politician_declare(actor=user, party=party, office="Byrådsmedlem")
    if not profile.is_verified:
        admin = user_model.objects.get(email="admin@socius.example")
        core_services.politician_verify(actor=admin, profile=profile)
    return user


def demo_endorsements(stdout: Any, *, kind: str, key: str) -> None:
    """Make sure three verified politicians of three parties exist and endorse ``kind``/``key``
    (a published recommendation or a public proposal) with short Danish reasons."""
    made = 0
    for email, name, party_name, bloc, reason in DEMO_ENDORSERS:
        user = _politician(email, name, party_name)
        party = user.politician_profile.party
        PartyBloc.objects.get_or_create(party=party, defaults={"bloc": bloc})
        standing = Endorsement.objects.filter(
            target_kind=kind, target_key=str(key), politician=user, withdrawn_at__isnull=True
        )
        if not standing.exists():
            services.endorsement_create(actor=user, kind=kind, key=str(key), reason=reason)
            made += 1
    stdout.write(f"Cross-party support: {made} new endorsements of {kind} {key}\n")
