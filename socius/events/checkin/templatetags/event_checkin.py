"""``{% load event_checkin %}``: the ticket of a registration, and the first name the door
pages show."""

from __future__ import annotations

from django import template

from socius.events.checkin import services, tickets
from socius.events.models import Registration

register = template.Library()


@register.simple_tag
def ticket_of(registration: Registration) -> tickets.Ticket | None:
    """The ticket of a confirmed registration; None for every other status."""
    if registration.status != Registration.Status.CONFIRMED:
        return None
    return tickets.ticket_for(registration)


@register.filter
def first_name(registration: Registration | None) -> str:
    return services.first_name(registration) if registration is not None else ""


@register.filter
def short_code(ticket: tickets.Ticket) -> str:
    return tickets.short_code_display(ticket.short_code)


@register.filter
def token_groups(ticket: tickets.Ticket) -> str:
    return tickets.token_groups(ticket.token)
