"""The words the door page shows, in one place for the server's answers and checkin.js (the
page hands them to the script as JSON, so the script needs no catalogue of its own)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socius.events.checkin.tickets import Refusal


def refusal_texts() -> dict[str, str]:
    return {
        Refusal.MALFORMED: _("This is not a ticket code: it is empty or too long."),
        Refusal.NOT_A_TICKET: _("This QR code or text is not a ticket."),
        Refusal.VERSION: _("The ticket is in a format this page does not know."),
        Refusal.OTHER_EVENT: _("The ticket is for another event."),
        Refusal.OLD_KEY: _(
            "The ticket has been replaced by a new one. Ask the person to open their ticket again."
        ),
        Refusal.BAD_SIGNATURE: _("The ticket is not valid: it has been changed or made up."),
        Refusal.UNKNOWN: _("No registration for this event has this code."),
        Refusal.CANCELLED: _("The registration is cancelled."),
        Refusal.NO_SEAT: _("The registration has no seat (waiting list or an offer not taken)."),
    }


def door_texts() -> dict[str, object]:
    """Everything checkin.js says, translated; ``{name}``, ``{time}`` and ``{n}`` are filled
    in by the script."""
    return {
        "refusals": refusal_texts(),
        "checked_in": _("Checked in"),
        "count": _("{people} of {total} people checked in."),
        "already": _("Already checked in at {time}"),
        "refused": _("Refused"),
        "conflict": _("It was checked in on another device. The organiser sees it as a conflict."),
        "person": _("{name}, 1 person"),
        "people": _("{name}, {n} people"),
        "not_listed": _("Valid ticket, but not on the saved list. It is checked when sent."),
        "saved_here": _("Saved on this device. It is sent when there is a connection."),
        "party_changed": _("The ticket says {n}; the registration now says the number shown."),
        "queue_empty": _("Every scan has been sent."),
        "queue_one": _("1 scan waits to be sent."),
        "queue_many": _("{n} scans wait to be sent."),
        "offline": _("No connection: scans are saved on this device."),
        "sending": _("Sending scans…"),
        "send_failed": _(
            "The scans could not be sent. Log in again and reload the page; they stay saved."
        ),
        "list_saved": _("List saved on this device at {time}."),
        "server_refused": _("Refused when sent: {name}. {reason}"),
        "server_conflict": _("Conflict when sent: {name} was already checked in at {time}."),
        "forgotten": _("The list and the saved scans are removed from this device."),
        "unsent_left": _("{n} scans have not been sent yet. Send them first."),
        "camera_failed": _("The camera could not be started. Type the code instead."),
        "no_crypto": _(
            "This browser cannot check signatures. Codes are looked up in the list and "
            "checked when sent."
        ),
    }
