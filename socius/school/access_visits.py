"""The one door to visit offers and bookings.

Threat model: an association's offer drafts, its bookings (which class comes when) and a
class's bookings are known only to the people involved. Guessing or reusing a public_id must
reveal nothing, so every lookup answers 404 to anyone who is not one of them, exactly as for
an id that does not exist. An offer that is listed and has a valid børneattest confirmation is
public; any other offer is seen only by its organisation's contact persons. The pages a person
knows exist but lacks the role for (create an offer, the association's own list) answer 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.models import Membership, Organisation
from socius.school.access import teacher_is_verified
from socius.school.models import SchoolClass, VisitBooking, VisitOffer


def visit_organisations_for(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` is a contact person of (Membership role CONTACT)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.CONTACT
    ).order_by("name")


def is_contact_of(user: Any, organisation_id: int) -> bool:
    """Whether ``user`` is a contact person of the organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=Membership.Role.CONTACT
    ).exists()


def contact_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for contact persons of an organisation: anonymous visitors log in, anyone else
    is told why not (403), since the page itself is no secret."""
    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not visit_organisations_for(request.user).exists():
            raise PermissionDenied(
                _("Only contact persons of an association in the directory can offer visits.")
            )
        return view(request, *args, **kwargs)

    return wrapped


def _offers() -> QuerySet[VisitOffer]:
    return VisitOffer.objects.select_related("organisation__municipality")


def offer_for_contact(*, user: Any, public_id: UUID | str) -> VisitOffer:
    """The offer for a contact person of its organisation; 404 for anyone else."""
    offer = _offers().filter(public_id=public_id).first()
    if offer is None or not is_contact_of(user, offer.organisation_id):
        raise Http404
    return offer


def offer_for_viewer(*, user: Any, public_id: UUID | str) -> tuple[VisitOffer, bool]:
    """The offer and whether ``user`` manages it. A bookable offer is public; a draft, a
    withdrawn offer or one whose confirmation ran out is seen by its contacts only (404)."""
    offer = _offers().filter(public_id=public_id).first()
    if offer is None:
        raise Http404
    manages = is_contact_of(user, offer.organisation_id)
    if not manages and not offer.is_bookable(timezone.now()):
        raise Http404
    return offer, manages


def offer_for_booking(*, user: Any, public_id: UUID | str) -> VisitOffer:
    """A bookable offer, for a verified teacher (the view's decorator checks the role)."""
    offer = _offers().filter(public_id=public_id).first()
    if offer is None or not offer.is_bookable(timezone.now()):
        raise Http404
    return offer


def _bookings() -> QuerySet[VisitBooking]:
    return VisitBooking.objects.select_related(
        "offer__organisation", "school_class__school", "created_by"
    )


def booking_side(user: Any, booking: VisitBooking) -> str | None:
    """ "teacher" (the class's verified teacher), "association" (a contact person of the
    offer's organisation) or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if booking.school_class.teacher_id == user.pk and teacher_is_verified(user):
        return "teacher"
    if is_contact_of(user, booking.offer.organisation_id):
        return "association"
    return None


def booking_for_party(*, user: Any, public_id: UUID | str) -> tuple[VisitBooking, str]:
    """The booking and the side ``user`` is on; 404 for everyone not on either side."""
    booking = _bookings().filter(public_id=public_id).first()
    side = booking_side(user, booking) if booking is not None else None
    if booking is None or side is None:
        raise Http404
    return booking, side


def booking_for_contact(*, user: Any, public_id: UUID | str) -> VisitBooking:
    """The booking for a contact person of the offer's organisation; 404 for anyone else."""
    booking, side = booking_for_party(user=user, public_id=public_id)
    if side != "association":
        raise Http404
    return booking


def teacher_classes(user: Any) -> QuerySet[SchoolClass]:
    """The verified teacher's own classes that are not archived (none for anyone else)."""
    if not teacher_is_verified(user):
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(teacher=user, archived_at__isnull=True).select_related(
        "school"
    )


def require_contact(user: Any, organisation_id: int) -> None:
    """For services: refuse (403) anyone who is not a contact person of the organisation."""
    if not is_contact_of(user, organisation_id):
        raise PermissionDenied


def require_booking_side(user: Any, booking: VisitBooking, *sides: str) -> str:
    """For services: the side ``user`` is on, when it is one of ``sides``; 403 otherwise."""
    side = booking_side(user, booking)
    if side is None or side not in sides:
        raise PermissionDenied
    return side


__all__ = [
    "booking_for_contact",
    "booking_for_party",
    "booking_side",
    "contact_required",
    "is_contact_of",
    "offer_for_booking",
    "offer_for_contact",
    "offer_for_viewer",
    "require_booking_side",
    "require_contact",
    "teacher_classes",
    "visit_organisations_for",
]
