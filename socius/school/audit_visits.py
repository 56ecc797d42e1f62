"""Audit actions of the visits part (offers, bookings, evaluations). Entries name the offer or
booking; never a pupil, and never what a teacher or association wrote."""

from django.utils.translation import gettext_lazy as _

from socius.school.audit import school_action

AUDIT_OFFER_CREATED = school_action("school.visits.offer_created", _("Visit offer created"))
AUDIT_OFFER_UPDATED = school_action("school.visits.offer_updated", _("Visit offer changed"))
AUDIT_OFFER_LISTED = school_action("school.visits.offer_listed", _("Visit offer listed"))
AUDIT_OFFER_WITHDRAWN = school_action("school.visits.offer_withdrawn", _("Visit offer withdrawn"))
AUDIT_OFFER_CERTIFICATE = school_action(
    "school.visits.offer_certificate", _("Børneattest confirmed for a visit offer")
)
AUDIT_BOOKING_CREATED = school_action("school.visits.booking_created", _("Visit booked"))
AUDIT_BOOKING_CONFIRMED = school_action("school.visits.booking_confirmed", _("Visit confirmed"))
AUDIT_BOOKING_DECLINED = school_action("school.visits.booking_declined", _("Visit declined"))
AUDIT_BOOKING_CANCELLED = school_action("school.visits.booking_cancelled", _("Visit cancelled"))
AUDIT_BOOKING_HELD = school_action("school.visits.booking_held", _("Visit held"))
AUDIT_EVALUATION_ADDED = school_action("school.visits.evaluation_added", _("Visit evaluated"))
