"""Writing to and verifying the audit log (see models/audit.py for the threat model), and the
registry of audit actions with their readable names.

Each module declares its actions as constants in its ``audit.py``::

    AUDIT_PROPOSAL_PUBLISHED = audit_action(
        "proposals.publish", _("Proposal published"), module="proposals"
    )

The code is what the log stores, so a code never changes once entries carry it; the label is
what the audit log page shows. Core's own actions are declared at the end of this file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from socius.core.models.audit import GENESIS_HASH, AuditEntry

if TYPE_CHECKING:
    from socius.accounts.models import User


# Any 64-bit constant works; it names the one advisory lock that serialises appends.
_PG_AUDIT_LOCK = 0x50C1_05_A0D1


def _actor_id(actor: User | None) -> int | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return int(actor.pk)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Call inside the service's transaction."""
    normalised = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])
        # On SQLite the IMMEDIATE transaction mode already holds the write lock here.
        head = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor_id=_actor_id(actor),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            data=normalised,
            prev_hash=head or GENESIS_HASH,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def audit_verify(entries: Iterator[AuditEntry] | None = None) -> Iterator[ChainBreak | int]:
    """Walk the chain in order; yield each verified entry's id, or the first break and stop."""
    expected_prev = GENESIS_HASH
    source = entries if entries is not None else AuditEntry.objects.order_by("id").iterator(2000)
    for entry in source:
        if entry.prev_hash != expected_prev:
            yield ChainBreak(entry.pk, "previous hash does not match the entry before it")
            return
        if entry.compute_hash() != entry.hash:
            yield ChainBreak(entry.pk, "content does not match its hash")
            return
        expected_prev = entry.hash
        yield entry.pk


@dataclass(frozen=True)
class ChainState:
    """The chain as ``audit_verify`` found it: how many entries are intact, the last intact
    one (the head, when ``broken`` is None), and the first break if there is one."""

    entries: int
    head_id: int | None
    head_hash: str | None
    broken: ChainBreak | None = None


def audit_chain_state(progress: Callable[[int], object] | None = None) -> ChainState:
    """Walk the whole chain (``audit_verify``) and return its state; ``progress(1)`` is called
    for each intact entry. Used by ``manage.py audit_verify`` and by backups and restores."""
    checked = 0
    last_id: int | None = None
    for result in audit_verify():
        if isinstance(result, ChainBreak):
            return ChainState(checked, last_id, _entry_hash(last_id), broken=result)
        checked += 1
        last_id = result
        if progress is not None:
            progress(1)
    return ChainState(checked, last_id, _entry_hash(last_id))


def _entry_hash(entry_id: int | None) -> str | None:
    if entry_id is None:
        return None
    return AuditEntry.objects.filter(pk=entry_id).values_list("hash", flat=True).first()


# --- The registry of actions ---------------------------------------------------------------------
@dataclass(frozen=True)
class AuditModule:
    """A module as the audit log page filters by it. ``prefixes`` cover codes made at run
    time (the Django admin writes ``admin.<model>.<change>``)."""

    code: str
    label: str | Promise
    prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditAction:
    code: str
    label: str | Promise
    module: str


_MODULES: dict[str, AuditModule] = {}
_ACTIONS: dict[str, AuditAction] = {}
_discovered = False


def audit_module(code: str, label: str | Promise, *, prefixes: tuple[str, ...] = ()) -> str:
    """Register a module for the audit log's filter; returns ``code``."""
    _MODULES[code] = AuditModule(code, label, prefixes)
    return code


def audit_action(code: str, label: str | Promise, *, module: str) -> str:
    """Register an action code with its readable (lazily translated) label; returns ``code``."""
    known = _ACTIONS.get(code)
    if known is not None and known.module != module:
        raise ValueError(f"The audit action {code} is already registered by {known.module}.")
    _ACTIONS[code] = AuditAction(code, label, module)
    return code


def _discover() -> None:
    """Import every installed app's ``audit.py`` once, so every action is registered."""
    global _discovered
    if not _discovered:
        autodiscover_modules("audit")
        _discovered = True


def audit_actions() -> list[AuditAction]:
    """Every registered action, by module and then by code."""
    _discover()
    return sorted(_ACTIONS.values(), key=lambda a: (a.module, a.code))


def audit_modules() -> list[AuditModule]:
    _discover()
    return list(_MODULES.values())


def audit_action_label(code: str) -> str:
    """The readable name of ``code`` in the active language; an unknown code shows as itself."""
    _discover()
    action = _ACTIONS.get(code)
    if action is not None:
        return str(action.label)
    for module in _MODULES.values():
        for prefix in module.prefixes:
            if code.startswith(prefix):
                return f"{module.label}: {code.removeprefix(prefix)}"
    return code


def audit_module_filter(module: str) -> Q:
    """The condition that selects ``module``'s entries."""
    _discover()
    condition = Q(action__in=[a.code for a in _ACTIONS.values() if a.module == module])
    for prefix in _MODULES[module].prefixes if module in _MODULES else ():
        condition |= Q(action__startswith=prefix)
    return condition


# --- Core's own actions ----------------------------------------------------------------------------
CORE = audit_module("core", _("Platform"))
# The Django admin's codes are made at run time: admin.<model>.<add|change|delete|inline model>.
ADMIN_ACTION_PREFIX = "admin."
ADMIN = audit_module("admin", _("Django administration"), prefixes=(ADMIN_ACTION_PREFIX,))
AUDIT_THEME_CREATED = audit_action("theme.create", _("Theme created"), module=CORE)
AUDIT_THEME_UPDATED = audit_action("theme.update", _("Theme changed"), module=CORE)
AUDIT_ROLE_GRANTED = audit_action("role.grant", _("Role given"), module=CORE)
AUDIT_ROLE_REVOKED = audit_action("role.revoke", _("Role taken away"), module=CORE)
AUDIT_POLITICIAN_DECLARED = audit_action(
    "politician.declare", _("Politician's party declared"), module=CORE
)
AUDIT_POLITICIAN_VERIFIED = audit_action("politician.verify", _("Politician verified"), module=CORE)
AUDIT_POLITICIAN_UNVERIFIED = audit_action(
    "politician.unverify", _("Politician's verification removed"), module=CORE
)
AUDIT_ORGANISATION_CREATED = audit_action(
    "organisation.create", _("Organisation created"), module=CORE
)
AUDIT_ORGANISATION_UPDATED = audit_action(
    "organisation.update", _("Organisation changed"), module=CORE
)
AUDIT_MEMBERSHIP_SET = audit_action(
    "membership.set", _("Organisation member added or changed"), module=CORE
)
AUDIT_MEMBERSHIP_REMOVED = audit_action(
    "membership.remove", _("Organisation member removed"), module=CORE
)
AUDIT_MAIL_UNSUBSCRIBED = audit_action(
    "core.mail.unsubscribed", _("E-mails of one kind turned off from a mail"), module=CORE
)
AUDIT_MAIL_PREFERENCES_CHANGED = audit_action(
    "core.mail.preferences_changed", _("E-mail settings changed"), module=CORE
)
AUDIT_MUNICIPAL_SPACE_CREATED = audit_action(
    "municipality.space.create", _("Municipality's space created"), module=CORE
)
AUDIT_MUNICIPAL_SPACE_UPDATED = audit_action(
    "municipality.space.update", _("Municipality's space changed"), module=CORE
)
