"""Danish demo content for ``manage.py seed_demo``: one account per role and a few organisations.

Idempotent: running it again changes nothing that is already there. Never run in production:
the passwords and two-factor secrets are printed and published in the README.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model

from socius.core import services
from socius.core.models import Municipality, MunicipalSpace, Organisation, Party, Theme
from socius.core.roles import STAFF_ROLES, Role

DEMO_PASSWORD = "Socius-demo-2026"  # noqa: S105 - published demo credential
# Base32 secret shared by the demo staff accounts; add it to any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - published demo credential


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str


DEMO_ACCOUNTS = [
    DemoAccount("borger@socius.example", "Mette Borger", Role.CITIZEN),
    DemoAccount("fagperson@socius.example", "Ali Hansen", Role.PRACTITIONER),
    DemoAccount("forsker@socius.example", "Karen Forsker", Role.RESEARCHER),
    DemoAccount("frivillig@socius.example", "Jonas Frivillig", Role.VOLUNTEER),
    DemoAccount("politiker@socius.example", "Lise Politiker", Role.POLITICIAN),
    DemoAccount("redaktoer@socius.example", "Peter Redaktør", Role.EDITOR),
    DemoAccount("raadgiver@socius.example", "Sara Rådgiver", Role.ADVISOR),
    DemoAccount("sagsbehandler@socius.example", "Omar Sagsbehandler", Role.CASE_HANDLER),
    DemoAccount("admin@socius.example", "Anne Administrator", Role.ADMINISTRATOR),
]

DEMO_ORGANISATIONS = [
    {
        "name": "Fællesskabshuset Aarhus Vest",
        "kind": Organisation.Kind.ASSOCIATION,
        "municipality": "751",
        "description": "Vi laver spisefællesskaber og lektiecafé for børn, unge og ældre i Gellerup og Hasle.",
        "themes": ["faellesskaber-og-ensomhed", "boern-og-unge", "integration"],
    },
    {
        "name": "Løbeklubben Nørrebro Sammen",
        "kind": Organisation.Kind.CLUB,
        "municipality": "101",
        "description": "Gratis løbetræning to gange om ugen. Alle kan være med, også hvis man aldrig har løbet før.",
        "themes": ["stress-og-mental-sundhed", "faellesskaber-og-ensomhed"],
    },
    {
        "name": "Café Ankerpladsen (demo)",
        "kind": Organisation.Kind.SOCIAL_ECONOMY,
        "cvr": "10000009",
        "municipality": "461",
        "description": "Socialøkonomisk café, hvor mennesker med psykisk sårbarhed får arbejde og fællesskab.",
        "themes": ["psykisk-sygdom", "handicap"],
    },
]


# The demo's one participating municipality: its schemes (proposals, whistleblower channels,
# the § 18 fund, community advice) are seeded by the modules' own demo content.
DEMO_SPACE = {
    "slug": "aarhus",
    "participates": True,
    "authority": "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
    "intro": (
        "Aarhus Kommune bruger Socius til borgerforslag, whistleblowerordningen, "
        "§ 18-midler til frivilligt socialt arbejde og fællesskabsrådgivning."
    ),
    "contact_email": "socius@aarhus.example",
    "contact_phone": "89 40 20 00",
    "address": "Rådhuspladsen 2, 8000 Aarhus C",
    "runs_community_advice": True,
}


def _account(spec: DemoAccount) -> tuple[Any, bool]:
    user_model = get_user_model()
    user = user_model.objects.filter(email=spec.email).first()
    if user is not None:
        return user, False
    user = user_model.objects.create_user(email=spec.email, password=DEMO_PASSWORD, name=spec.name)
    EmailAddress.objects.create(user=user, email=spec.email, verified=True, primary=True)
    return user, True


def demo_staff(email: str, name: str, role: str) -> Any:
    """A module's demo staff account: created once, granted ``role`` by the demo administrator
    and given the shared demo TOTP secret (core's ``demo_seed`` runs first and makes her)."""
    user, _created = _account(DemoAccount(email, name, role))
    admin = get_user_model().objects.get(email="admin@socius.example")
    if not user.role_assignments.filter(role=role).exists():
        services.role_grant(actor=admin, user=user, role=role)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def demo_seed() -> list[str]:
    """Create the demo accounts and organisations; returns lines to print."""
    users = {spec.role: _account(spec)[0] for spec in DEMO_ACCOUNTS}
    admin = users[Role.ADMINISTRATOR]
    if not admin.role_assignments.filter(role=Role.ADMINISTRATOR).exists():
        # The first administrator is appointed by the system itself.
        from socius.core.models import RoleAssignment

        RoleAssignment.objects.create(user=admin, role=Role.ADMINISTRATOR)
    for spec in DEMO_ACCOUNTS:
        user = users[spec.role]
        if spec.role in STAFF_ROLES:
            if spec.role != Role.ADMINISTRATOR:
                services.role_grant(actor=admin, user=user, role=spec.role)
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
        elif spec.role == Role.POLITICIAN:
            profile = services.politician_declare(
                actor=user, party=Party.objects.get(name="Socialdemokratiet"), office="Byrådsmedlem"
            )
            if not profile.is_verified:
                services.politician_verify(actor=admin, profile=profile)
        else:
            services.role_grant(actor=user, user=user, role=spec.role)
    contact = users[Role.VOLUNTEER]
    for data in DEMO_ORGANISATIONS:
        if Organisation.objects.filter(name=data["name"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k not in {"themes", "municipality"}}
        services.organisation_create(
            actor=contact,
            themes=list(Theme.objects.filter(slug__in=data["themes"])),
            municipality=Municipality.objects.get(code=data["municipality"]),
            **fields,
        )
    aarhus = Municipality.objects.get(code="751")
    if not MunicipalSpace.objects.filter(municipality=aarhus).exists():
        services.municipal_space_save(actor=admin, municipality=aarhus, **DEMO_SPACE)
    lines = [f"  {spec.email:<32} {Role(spec.role).label}" for spec in DEMO_ACCOUNTS]
    return [
        "Demo accounts (password for all: " + DEMO_PASSWORD + "):",
        *lines,
        "Staff accounts use two-factor authentication. Add this secret to an authenticator app,",
        "or run `make demo-code` for the current code: " + DEMO_TOTP_SECRET,
    ]
