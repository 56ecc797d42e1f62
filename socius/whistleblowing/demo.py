"""Danish demo content: a channel, a handler with a key, and one report (idempotent)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from socius.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoAccount, _account
from socius.core.models import Municipality, RoleAssignment
from socius.core.roles import Role
from socius.whistleblowing import crypto
from socius.whistleblowing.models import Channel, HandlerKey
from socius.whistleblowing.services import channels, handling, reporting

DEMO_PASSPHRASE = "Demo-passphrase-2026"  # noqa: S105 - published demo credential
HANDLER = DemoAccount("whistleblower@socius.example", "Hanne Whistleblowerenhed", Role.CASE_HANDLER)
# A second administrator: the custodian who confirms a channel's first handler.
CUSTODIAN = DemoAccount("kustode@socius.example", "Karin Kustode", Role.ADMINISTRATOR)
ADMIN_EMAIL = "admin@socius.example"


def demo_seed() -> list[str]:
    if Channel.objects.filter(slug="medarbejdere").exists():
        return []
    user, _created = _account(HANDLER)
    RoleAssignment.objects.get_or_create(user=user, role=Role.CASE_HANDLER)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    recovery = handling.handler_key_create(actor=user, passphrase=DEMO_PASSPHRASE)
    custodian, _created = _account(CUSTODIAN)
    RoleAssignment.objects.get_or_create(user=custodian, role=Role.ADMINISTRATOR)
    if not Authenticator.objects.filter(user=custodian, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(custodian, DEMO_TOTP_SECRET)
    admin = get_user_model().objects.get(email=ADMIN_EMAIL)
    aarhus = Municipality.objects.get(code="751")
    channel = Channel.objects.create(
        slug="medarbejdere",
        municipality=aarhus,
        name="Medarbejdere i Aarhus Kommune",
        description="For ansatte, vikarer, praktikanter og tidligere ansatte.",
        retention_days=90,
    )
    suppliers = Channel.objects.create(
        slug="leverandoerer",
        name="Leverandører og samarbejdspartnere",
        description="For leverandører, rådgivere og andre, der arbejder sammen med kommunen.",
        municipality=aarhus,
    )
    # The first handler of each channel: the administrator adds and approves, a custodian
    # confirms; both compare the key's fingerprint (here: the demo's own).
    fingerprint = crypto.fingerprint(bytes(HandlerKey.objects.get(user=user).public_key))
    for each in (channel, suppliers):
        channels.handler_add(actor=admin, channel=each, user=user)
        approval = channels.first_handler_propose(
            actor=admin, channel=each, user=user, fingerprint=fingerprint
        )
        channels.first_handler_confirm(actor=custodian, approval=approval, fingerprint=fingerprint)
    submitted = reporting.report_submit(
        channel=channel,
        content={
            "what": "En leder i vores afdeling har flere gange godkendt fakturaer fra sin svogers firma uden udbud.",
            "when": "Fra marts til september i år.",
            "where": "Teknik og Miljø, afdelingen for vejvedligehold.",
            "who": "Lederen af afdelingen og firmaet Vej & Kant ApS (demo).",
            "how_known": "Jeg har selv set fakturaerne i økonomisystemet.",
            "evidence": "Jeg kan sende skærmbilleder af fakturaerne.",
        },
        uploads=[
            SimpleUploadedFile(
                "fakturaer.txt",
                b"Faktura 2026-031, 2026-047 og 2026-112 fra Vej & Kant ApS (demo).\n",
                content_type="text/plain",
            )
        ],
    )
    return [
        "Whistleblower scheme (/whistleblower/):",
        f"  handler {HANDLER.email} (password {DEMO_PASSWORD}, TOTP as above)",
        f"  custodian {CUSTODIAN.email} (password {DEMO_PASSWORD}; approves first handlers)",
        f"  key passphrase: {DEMO_PASSPHRASE}   recovery key: {recovery}",
        f"  demo report receipt: {submitted.receipt}",
    ]
