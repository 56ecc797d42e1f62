"""Every write to grants. Each service runs in one transaction and is audited."""

from socius.grants.services.applications import (
    application_create,
    application_submit,
    application_update,
    application_withdraw,
    gate_check_set,
    message_send,
)
from socius.grants.services.decisions import (
    allocation_run,
    amount_lock,
    report_submit,
    round_decide,
)
from socius.grants.services.reviews import conflict_declare, review_assign, review_submit
from socius.grants.services.rounds import (
    criterion_save,
    form_field_delete,
    form_field_save,
    pool_create,
    round_close,
    round_create,
    round_open,
    theme_minimum_set,
)

__all__ = [
    "allocation_run",
    "amount_lock",
    "application_create",
    "application_submit",
    "application_update",
    "application_withdraw",
    "conflict_declare",
    "criterion_save",
    "form_field_delete",
    "form_field_save",
    "gate_check_set",
    "message_send",
    "pool_create",
    "report_submit",
    "review_assign",
    "review_submit",
    "round_close",
    "round_create",
    "round_decide",
    "round_open",
    "theme_minimum_set",
]
