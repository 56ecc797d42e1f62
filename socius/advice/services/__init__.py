"""Every write in the advice app. Each service runs in one transaction and is audited."""

from socius.advice.services.communities import (
    FIELDS,
    MANAGING_ROLES,
    community_can_manage,
    community_confirm,
    community_create,
    community_update,
)
from socius.advice.services.follow_up import follow_up_answer, follow_ups_send
from socius.advice.services.requests import (
    guide_draft_from_message,
    message_send,
    note_add,
    request_assign,
    request_close,
    request_reopen,
    request_start,
    request_submit,
    request_withdraw,
)

__all__ = [
    "FIELDS",
    "MANAGING_ROLES",
    "community_can_manage",
    "community_confirm",
    "community_create",
    "community_update",
    "follow_up_answer",
    "follow_ups_send",
    "guide_draft_from_message",
    "message_send",
    "note_add",
    "request_assign",
    "request_close",
    "request_reopen",
    "request_start",
    "request_submit",
    "request_withdraw",
]
