"""Conversations in the platform search: title, question and introduction (public ones only)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import Document, search_register
from socius.deliberation.models import Conversation


def conversation_document(conversation: Conversation) -> Document | None:
    if conversation.audience:
        return None  # closed to an audience (deliberation.audiences): never searchable
    body = "\n".join(p for p in (conversation.question, conversation.description) if p)
    return Document(
        title=conversation.title,
        body=body,
        url=conversation.get_absolute_url(),
        kind="conversation",
        module="deliberation",
        themes=(conversation.theme.slug,),
        published=conversation.created_at,
    )


def conversation_queryset() -> QuerySet[Conversation]:
    return Conversation.objects.filter(audience="").select_related("theme")


search_register(
    kind="conversation",
    module="deliberation",
    model=Conversation,
    label=_("Conversation"),
    document=conversation_document,
    queryset=conversation_queryset,
)
