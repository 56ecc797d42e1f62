"""The class conversation's audience in the forum: ``"school.class:<the class's public id>"``.

``conversations_register`` is called from the app's ``ready``; the module also registers on
import (idempotent), so the services that use the audience work wherever they are imported.

Threat model: a class conversation holds what children wrote for their class. Deliberation asks
these callbacks before it shows, lists, writes or moderates anything of a closed conversation;
they answer yes only to the class's pupils who may take part (consent recorded where needed,
class not archived) and to its verified teacher, and only the teacher moderates. Anything else
(an id that is not a UUID, another class, an anonymous visitor, staff) is refused.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from socius.deliberation.audiences import audience_key, audience_register
from socius.school.access import class_for_member, class_for_teacher
from socius.school.models import SchoolClass

AUDIENCE_PREFIX = "school.class"


def class_audience(school_class: SchoolClass) -> str:
    """The audience key of a class's conversations."""
    return audience_key(AUDIENCE_PREFIX, school_class.public_id)


def _valid(ident: str) -> bool:
    try:
        uuid.UUID(ident)
    except ValueError:
        return False
    return True


def class_member_may_take_part(user: Any, ident: str) -> bool:
    if not _valid(ident):
        return False
    try:
        class_for_member(user, ident)
    except Http404:
        return False
    return True


def class_teacher_moderates(user: Any, ident: str) -> bool:
    if not _valid(ident):
        return False
    try:
        class_for_teacher(user, ident)
    except Http404:
        return False
    return True


def conversations_register() -> None:
    """Register the class audience with deliberation (from ``SchoolConfig.ready``)."""
    audience_register(
        AUDIENCE_PREFIX,
        can_take_part=class_member_may_take_part,
        can_moderate=class_teacher_moderates,
    )


conversations_register()
