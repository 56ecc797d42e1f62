"""Writes to a person's own account: profile, data export, deletion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.accounts.audit import (
    AUDIT_ACCOUNT_DELETED,
    AUDIT_ACCOUNT_EXPORTED,
    AUDIT_ACCOUNT_UPDATED,
)
from socius.core import services as core_services
from socius.core.audit import audit_record
from socius.core.models import Party, RoleAssignment
from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.core.roles import Role

if TYPE_CHECKING:
    from socius.accounts.models import User


@transaction.atomic
def profile_update(*, actor: User, name: str, language: str) -> None:
    """Change one's public name and the language mails are written in."""
    changed = [f for f, v in (("name", name), ("language", language)) if getattr(actor, f) != v]
    if not changed:
        return
    actor.name, actor.language = name, language
    actor.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action=AUDIT_ACCOUNT_UPDATED, target=actor, data={"fields": changed})


@transaction.atomic
def account_onboard(
    *, actor: Any, name: str, language: str, roles: set[str], party: Party | None = None
) -> None:
    """What a new person tells us at sign-up: their public name, the language of their
    mails, the public roles they take part in and, for a politician, their party (staff
    verify it later). Each part is the same service the profile page uses, so the rules
    and the audit entries are the same."""
    profile_update(actor=actor, name=name, language=language)
    core_services.roles_set_public(actor=actor, roles=set(roles))
    if party is not None:
        core_services.politician_declare(actor=actor, party=party)


@transaction.atomic
def account_export(*, actor: User) -> dict[str, Any]:
    """Everything the platform holds about ``actor``, as JSON-ready data (GDPR art. 15/20)."""
    data = {
        "account": {
            "email": actor.email,
            "name": actor.name,
            "language": actor.language,
            "date_joined": actor.date_joined.isoformat(),
            "last_login": actor.last_login.isoformat() if actor.last_login else None,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=actor)
            ],
            # The secrets themselves are never exported: only that they exist.
            "two_factor": [
                {"type": a.type, "created_at": a.created_at.isoformat()}
                for a in Authenticator.objects.filter(user=actor)
            ],
        },
        **personal_data_export(actor),
    }
    audit_record(actor=actor, action=AUDIT_ACCOUNT_EXPORTED, target=actor)
    return data


@transaction.atomic
def account_delete(*, actor: User) -> None:
    """Delete the account (GDPR art. 17). What the person wrote in public stays, shown as
    written by "Deleted user"; everything that identifies them is erased. The row itself is
    kept, anonymised, so public contributions and the audit chain keep their references."""
    if (
        RoleAssignment.objects.filter(user=actor, role=Role.ADMINISTRATOR).exists()
        and not RoleAssignment.objects.filter(role=Role.ADMINISTRATOR, user__is_active=True)
        .exclude(user=actor)
        .exists()
    ):
        raise ValidationError(
            _("You are the last administrator. Appoint another administrator before you leave.")
        )
    sections = personal_data_erase(actor)
    EmailAddress.objects.filter(user=actor).delete()
    Authenticator.objects.filter(user=actor).delete()
    actor.email = f"deleted-{actor.public_id}@anonymised.invalid"
    actor.name = ""
    actor.is_active = False
    actor.is_staff = False
    actor.is_superuser = False
    actor.anonymised_at = timezone.now()
    actor.set_unusable_password()
    actor.save(
        update_fields=[
            "email",
            "name",
            "is_active",
            "is_staff",
            "is_superuser",
            "anonymised_at",
            "password",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor, action=AUDIT_ACCOUNT_DELETED, target=actor, data={"sections": sections}
    )
