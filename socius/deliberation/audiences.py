"""Closed audiences: conversations that only a given group of people may see and take part in.

A conversation with an empty ``audience`` is public, as every conversation was before. A
closed one carries a key such as ``"school.class:<uuid>"``: the part before the first colon
names a registered audience, the rest is the audience's own id. Deliberation never imports
the module behind an audience; that module registers two callbacks from its
``AppConfig.ready``: who may take part (read, write statements, vote) and who moderates.

Threat model: a closed conversation holds what members of a small group (a school class of
children) wrote for each other. Nobody outside the group may learn that it exists, what it
asks or what was written, neither through deliberation's own pages, API, search, sections and
lists, nor by guessing a slug. So every public list filters on ``audience=""`` (the selectors,
the search registration), the one lookup (``access.conversation_for_view``) answers 404 to
anyone the audience's callback refuses, and the services check the callbacks again before
they write. An audience whose prefix is not registered refuses everybody (fails closed), and
deliberation's editors do not moderate a closed conversation: the audience's moderator does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Check = Callable[[Any, str], bool]


@dataclass(frozen=True)
class Audience:
    prefix: str
    can_take_part: Check  # (user, the audience's own id) -> may read, write and vote
    can_moderate: Check  # (user, the audience's own id) -> may moderate, open and close


_AUDIENCES: dict[str, Audience] = {}


def audience_register(prefix: str, *, can_take_part: Check, can_moderate: Check) -> Audience:
    """Register a closed audience under ``prefix`` (letters, digits, dots; no colon)."""
    if not prefix or ":" in prefix:
        raise ValueError(f"bad audience prefix {prefix!r}")
    audience = Audience(prefix, can_take_part, can_moderate)
    _AUDIENCES[prefix] = audience
    return audience


def audience_key(prefix: str, ident: object) -> str:
    """The value of ``Conversation.audience`` for one audience: ``"<prefix>:<id>"``."""
    return f"{prefix}:{ident}"


def _split(key: str) -> tuple[Audience | None, str]:
    prefix, sep, ident = key.partition(":")
    if not sep or not ident:
        return None, ""
    return _AUDIENCES.get(prefix), ident


def _ask(check: Check, user: Any, ident: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(check(user, ident))


def audience_may_take_part(user: Any, key: str) -> bool:
    """Whether ``user`` may see and take part in a conversation closed to ``key`` (an empty
    key is a public conversation: everybody may)."""
    if not key:
        return True
    audience, ident = _split(key)
    return audience is not None and _ask(audience.can_take_part, user, ident)


def audience_may_moderate(user: Any, key: str) -> bool:
    """Whether ``user`` moderates a conversation closed to ``key`` (non-empty)."""
    audience, ident = _split(key)
    return audience is not None and _ask(audience.can_moderate, user, ident)
