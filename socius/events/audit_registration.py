"""Registration and waiting-list audit actions, filed under the events module.

Only what the organiser or the system decides; a person's own actions on their registration
are not audited (see ``socius.events.services``)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module="events")


AUDIT_REGISTRATION_CANCELLED = _action("events.registration.cancel", _("Registration cancelled"))
AUDIT_OFFER_MADE = _action("events.offer.make", _("Seat offered from the waiting list"))
AUDIT_OFFER_EXPIRED = _action("events.offer.expire", _("Offered seat expired"))
AUDIT_WAITING_MOVED = _action("events.waiting.move", _("Waiting list changed by the organiser"))
AUDIT_NEEDS_ERASED = _action("events.needs.erase", _("Dietary and access needs erased"))
