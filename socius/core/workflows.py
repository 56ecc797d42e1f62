"""One state machine for every module: states and transitions as data, one engine.

A module declares its workflow in its own ``workflows.py``: the states as ``TextChoices``
and a ``Workflow`` holding its transitions. A transition names the states it leaves from,
the state it reaches, who may take it and the audit action it writes. Who may take it is
either a capability (``core.roles``) or a stand-in actor: a person defined by their relation
to the object ("the applicant's organisation", "the proposer"), or ``SYSTEM``, the platform
itself (a scheduled task, or another service such as the signature that reaches a
threshold). Capabilities and stand-ins are kept apart so that a capability can never be
named "proposer" by accident.

The engine (``Workflow.apply``) checks the actor, then the current state, then sets the
state and any fields the transition changes with one ``save(update_fields=...)`` and writes
the audit entry, all in the caller's transaction. A service that writes anything of its own
before the transition calls ``Workflow.check`` first, so it never writes for an actor who
may not take the step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.access import user_acts_for_organisation, user_can
from socius.core.audit import audit_record
from socius.core.roles import Capability

Label = str | Promise


@dataclass(frozen=True)
class StandIn:
    """An actor defined by their relation to the object, not by a capability they hold.

    Equal by code alone: a lazy label hashes as its translation, which changes with the
    language."""

    code: str
    label: Label = field(compare=False)


SYSTEM = StandIn("system", gettext_lazy("the platform (a scheduled task or another service)"))
# The contacts and board members of the organisation an object belongs to (an application,
# an advice request); recognised by ``acts_for_organisation``.
ORGANISATION = StandIn("organisation", gettext_lazy("the organisation's contacts and board"))


def acts_for_organisation(actor: Any, obj: Any) -> bool:
    """The check for ``ORGANISATION`` on any object with an ``organisation_id``."""
    return user_acts_for_organisation(actor, obj.organisation_id)


@dataclass(frozen=True)
class Transition:
    """One step: from any of ``sources`` to ``target``, by the roles named, audited as
    ``audit_action``. ``requires`` names the inputs the module's service insists on (for
    example a message to the reporter); the engine does not read it, the views may."""

    name: str
    sources: frozenset[str]
    target: str
    audit_action: str
    capabilities: frozenset[Capability] = frozenset()
    stand_ins: frozenset[StandIn] = frozenset()
    label: Label = field(default="", compare=False)
    requires: frozenset[str] = frozenset()


StandInCheck = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Workflow:
    """The states of one kind of object and the transitions between them.

    ``noun`` names the object for error messages ("the application"); ``stand_ins`` says how
    to recognise each stand-in actor the transitions use (``SYSTEM`` needs no check: it is
    the absence of a person)."""

    name: str
    noun: Label
    states: type[models.TextChoices]
    transitions: tuple[Transition, ...]
    stand_ins: Mapping[StandIn, StandInCheck] = field(default_factory=dict)
    field: str = "state"

    def __post_init__(self) -> None:
        states = set(self.states.values)
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.name}: two transitions share a name")
        for t in self.transitions:
            if not t.sources or not t.sources <= states or t.target not in states:
                raise ValueError(f"{self.name}.{t.name}: unknown source or target state")
            if not t.capabilities and not t.stand_ins:
                raise ValueError(f"{self.name}.{t.name}: nobody may take it")
            unchecked = t.stand_ins - set(self.stand_ins) - {SYSTEM}
            if unchecked:
                raise ValueError(f"{self.name}.{t.name}: no check for {unchecked}")

    def __getitem__(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def transitions_from(self, state: str) -> list[Transition]:
        """The transitions that leave ``state``, in the order they are declared."""
        return [t for t in self.transitions if state in t.sources]

    def may(self, actor: Any, obj: Any, transition: Transition) -> bool:
        """Whether ``actor`` is one of the roles allowed to take ``transition`` on ``obj``."""
        for stand_in in transition.stand_ins:
            if stand_in == SYSTEM:
                if actor is None:
                    return True
            elif actor is not None and self.stand_ins[stand_in](actor, obj):
                return True
        return any(user_can(actor, capability) for capability in transition.capabilities)

    def available(self, actor: Any, obj: Any) -> list[Transition]:
        """The transitions ``actor`` may take on ``obj`` now (for buttons and menus)."""
        state = getattr(obj, self.field)
        return [t for t in self.transitions_from(state) if self.may(actor, obj, t)]

    def check(self, *, actor: Any, obj: Any, name: str) -> Transition:
        """Raise unless ``actor`` may take ``name`` on ``obj`` now; writes nothing.

        PermissionDenied for an actor who may not take the step at all, ValidationError
        (naming the current state) for a step not possible from the state the object is in."""
        try:
            transition = self[name]
        except KeyError:
            raise ValidationError(_("This step does not exist.")) from None
        if not self.may(actor, obj, transition):
            raise PermissionDenied
        state = getattr(obj, self.field)
        if state not in transition.sources:
            raise ValidationError(
                _("This is not possible while %(object)s has the status “%(state)s”.")
                % {"object": self.noun, "state": self.state_label(state)}
            )
        return transition

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def apply(
        self,
        *,
        actor: Any,
        obj: models.Model,
        name: str,
        changes: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Transition:
        """Take transition ``name``: check, set the state (and ``changes``), save, audit.

        Call inside the service's transaction; the audit entry records the state before and
        after, and ``data``."""
        transition = self.check(actor=actor, obj=obj, name=name)
        before = getattr(obj, self.field)
        setattr(obj, self.field, transition.target)
        for key, value in (changes or {}).items():
            setattr(obj, key, value)
        obj.save(update_fields=_update_fields(obj, [self.field, *(changes or {})]))
        audit_record(
            actor=actor,
            action=transition.audit_action,
            target=obj,
            data={"from": before, "to": transition.target, **(data or {})},
        )
        return transition


def _update_fields(obj: models.Model, names: Iterable[str]) -> list[str]:
    fields = list(dict.fromkeys(names))
    if (
        any(f.name == "updated_at" for f in obj._meta.concrete_fields)
        and "updated_at" not in fields
    ):
        fields.append("updated_at")
    return fields
