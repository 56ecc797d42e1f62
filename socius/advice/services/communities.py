"""Every write to communities. Each service runs in one transaction and is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from socius.advice.audit import (
    AUDIT_COMMUNITY_CONFIRMED,
    AUDIT_COMMUNITY_CREATED,
    AUDIT_COMMUNITY_UPDATED,
)
from socius.advice.models import Community
from socius.core.access import ACTING_ROLES, user_acts_for_organisation
from socius.core.audit import audit_record
from socius.core.models import Organisation, Theme

if TYPE_CHECKING:
    from socius.accounts.models import User


FIELDS = (
    "title",
    "description",
    "audience",
    "when",
    "municipality",
    "address",
    "contact_email",
    "contact_phone",
    "is_active",
)
MANAGING_ROLES = ACTING_ROLES
# An organisation's contacts and board members keep its communities up to date.
community_can_manage = user_acts_for_organisation


@transaction.atomic
def community_create(
    *, actor: User, organisation: Organisation, themes: list[Theme] | None = None, **fields: Any
) -> Community:
    """List a community of an organisation the actor is a contact or board member of."""
    if not community_can_manage(actor, organisation.pk):
        raise PermissionDenied
    community = Community(
        organisation=organisation, **{k: v for k, v in fields.items() if k in FIELDS}
    )
    community.full_clean()
    community.save()
    community.themes.set(themes or [])
    audit_record(actor=actor, action=AUDIT_COMMUNITY_CREATED, target=community)
    return community


@transaction.atomic
def community_update(
    *, actor: User, community: Community, themes: list[Theme] | None = None, **fields: Any
) -> Community:
    """Change an entry; saving it also confirms that it is up to date."""
    if not community_can_manage(actor, community.organisation_id):
        raise PermissionDenied
    stored = Community.objects.get(pk=community.pk)
    changed = [k for k, v in fields.items() if k in FIELDS and getattr(stored, k) != v]
    for key in changed:
        setattr(community, key, fields[key])
    community.confirmed_at, community.stale_reminded_at = timezone.now(), None
    community.full_clean()
    community.save(update_fields=[*changed, "confirmed_at", "stale_reminded_at", "updated_at"])
    if themes is not None:
        community.themes.set(themes)
    audit_record(
        actor=actor, action=AUDIT_COMMUNITY_UPDATED, target=community, data={"fields": changed}
    )
    return community


@transaction.atomic
def community_confirm(*, actor: User, community: Community) -> None:
    """The organisation says the entry is still right; it stays visible for another period."""
    if not community_can_manage(actor, community.organisation_id):
        raise PermissionDenied
    community.confirmed_at, community.stale_reminded_at = timezone.now(), None
    community.save(update_fields=["confirmed_at", "stale_reminded_at", "updated_at"])
    audit_record(actor=actor, action=AUDIT_COMMUNITY_CONFIRMED, target=community)
