"""Pages of the visits part: the public list of offers, an association's offers and their
bookings, a teacher's booking and the class's visits. Protected objects come from
``access_visits`` (404 to outsiders); the pages a person knows exist answer 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import request_user
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.school import access_visits as access
from socius.school import selectors_visits as selectors
from socius.school import services_visits as services
from socius.school.access import class_for_member, teacher_is_verified, teacher_required
from socius.school.forms_visits import BookingForm, EvaluationForm, OfferFilterForm, OfferForm
from socius.school.models import BookingState, OfferStatus, VisitOffer

GET_POST = ["GET", "POST"]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    """Listed offers with a valid børneattest statement, for anyone; never a contact's
    e-mail address."""
    form = OfferFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    offers = selectors.offer_list_public(**filters)
    page = Paginator(offers, 20).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "school/offer_list.html",
        {
            "form": form,
            "page": page,
            "offers": page.object_list,
            "query": query.urlencode(),
            "is_contact": access.visit_organisations_for(request.user).exists(),
        },
    )


@require_GET
def offer_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    offer, manages = access.offer_for_viewer(user=request.user, public_id=public_id)
    return render(
        request,
        "school/offer_detail.html",
        {
            "offer": offer,
            "manages": manages,
            "certificate": selectors.certificate_status(offer),
            "may_book": offer.is_bookable() and teacher_is_verified(request.user),
        },
    )


def _offer_form_page(request: HttpRequest, form: OfferForm, offer: VisitOffer | None) -> Any:
    return render(request, "school/offer_form.html", {"form": form, "offer": offer})


@access.contact_required
@require_http_methods(GET_POST)
def offer_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = OfferForm(_posted(request), organisations=access.visit_organisations_for(user))
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                actor=user,
                organisation=form.cleaned_data["organisation"],
                fields=form.offer_fields(),
                certificate_confirmed=form.cleaned_data["certificate"],
                listed=form.cleaned_data["listed"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _saved_message(offer))
            return redirect("school:offer-mine")
    return _offer_form_page(request, form, None)


def _saved_message(offer: VisitOffer) -> str:
    if offer.status == OfferStatus.LISTED:
        return _("The offer is saved. Teachers can now see and book it.")
    return _("The offer is saved as a draft. Teachers cannot see it yet.")


@login_required
@require_http_methods(GET_POST)
def offer_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    offer = access.offer_for_contact(user=user, public_id=public_id)
    initial = {
        **{name: getattr(offer, name) for name in services.OfferFields.__dataclass_fields__},
        "weekdays": list(offer.weekdays),
        "certificate": offer.certificate_is_valid(),
        "listed": offer.status == OfferStatus.LISTED,
    }
    form = OfferForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_update(
                actor=user,
                offer=offer,
                fields=form.offer_fields(),
                certificate_confirmed=form.cleaned_data["certificate"],
                listed=form.cleaned_data["listed"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _saved_message(offer))
            return redirect("school:offer-mine")
    return _offer_form_page(request, form, offer)


@access.contact_required
@require_GET
def offer_mine(request: HttpRequest) -> HttpResponse:
    offers = list(selectors.offers_for_contact(user=request.user))
    rows = [(offer, selectors.certificate_status(offer)) for offer in offers]
    return render(request, "school/offer_mine.html", {"rows": rows, "State": BookingState})


@login_required
@require_POST
def offer_withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    offer = access.offer_for_contact(user=user, public_id=public_id)
    services.offer_withdraw(actor=user, offer=offer)
    messages.success(request, _("The offer is withdrawn. Teachers cannot see it any more."))
    return redirect("school:offer-mine")


@login_required
@require_POST
def offer_confirm(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    offer = access.offer_for_contact(user=user, public_id=public_id)
    services.offer_confirm_certificate(actor=user, offer=offer)
    messages.success(request, _("Thank you. The confirmation now holds for 12 months."))
    return redirect("school:offer-mine")


@login_required
@require_POST
def booking_answer(request: HttpRequest, public_id: Any, answer: str) -> HttpResponse:
    if answer not in ("bekraeft", "afvis"):
        raise Http404
    user = request_user(request)
    booking = access.booking_for_contact(user=user, public_id=public_id)
    confirm = answer == "bekraeft"
    service_call_with_feedback(
        request,
        lambda: services.booking_answer(actor=user, booking=booking, confirm=confirm),
        _("The visit is confirmed. The teacher gets an e-mail.")
        if confirm
        else _("The booking is declined. The teacher gets an e-mail."),
    )
    return redirect("school:offer-mine")


@teacher_required
@require_http_methods(GET_POST)
def booking_create(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    offer = access.offer_for_booking(user=user, public_id=public_id)
    form = BookingForm(_posted(request), classes=access.teacher_classes(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                actor=user,
                offer=offer,
                school_class=data["school_class"],
                day=data["day"],
                starts_at=data["starts_at"],
                pupils=data["pupils"],
                message=data["message"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("The visit is booked. The association will answer you by e-mail.")
            )
            return redirect("school:class-visits", public_id=booking.school_class.public_id)
    return render(request, "school/booking_form.html", {"form": form, "offer": offer})


@login_required
@require_GET
def class_visits(request: HttpRequest, public_id: Any) -> HttpResponse:
    school_class, pupil = class_for_member(request.user, public_id)
    bookings = selectors.bookings_for_class(school_class=school_class, for_pupils=bool(pupil))
    return render(
        request,
        "school/booking_list.html",
        {"school_class": school_class, "pupil": pupil, "bookings": bookings, "State": BookingState},
    )


@login_required
@require_POST
def booking_cancel(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    booking, side = access.booking_for_party(user=user, public_id=public_id)
    service_call_with_feedback(
        request,
        lambda: services.booking_cancel(actor=user, booking=booking),
        _("The booking is cancelled. The other side gets an e-mail."),
    )
    if side == "teacher":
        return redirect("school:class-visits", public_id=booking.school_class.public_id)
    return redirect("school:offer-mine")


@login_required
@require_http_methods(GET_POST)
def booking_evaluate(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    booking, side = access.booking_for_party(user=user, public_id=public_id)
    done = booking.evaluations.filter(side=side).first()
    form = EvaluationForm(_posted(request))
    if request.method == "POST" and done is None and form.is_valid():
        try:
            services.evaluation_add(actor=user, booking=booking, **form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            if side == "teacher":
                return redirect("school:class-visits", public_id=booking.school_class.public_id)
            return redirect("school:offer-mine")
    return render(
        request,
        "school/booking_evaluate.html",
        {"booking": booking, "side": side, "done": done, "form": form, "State": BookingState},
    )
