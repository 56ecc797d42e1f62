"""Registering, the personal page behind the link in the mails, the waiting list and the
organiser's list of registrations.

Pages behind a personal link (``tilmelding/<key>/``) are never cached and send no referrer to
other sites (the online link, a map), so the key does not leave the platform (threat model in ``socius.events.services``). Each action
posts to its own URL; the GET of an action's URL (the link in a mail) only shows a button, so
a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import request_user
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.events import selectors_registration as selectors
from socius.events import services
from socius.events.access import event_for_manage, event_for_public
from socius.events.calendar import event_ics
from socius.events.forms_registration import RegistrationForm, WaitingMoveForm
from socius.events.models import Registration
from socius.events.needs import ACCESS_NEEDS, DIETARY_NEEDS


def _private(response: HttpResponse) -> HttpResponse:
    # Not "no-referrer": browsers then send "Origin: null" with the page's own forms.
    response["Referrer-Policy"] = "same-origin"
    return response


def _by_key(key: str) -> Registration:
    registration = services.registration_key_read(key)
    if registration is None:
        raise Http404
    return registration


def _to_page(registration: Registration) -> HttpResponseRedirect:
    return redirect(services.registration_link(registration))


@never_cache
@require_http_methods(["GET", "POST"])
def registration_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_public(user=request.user, slug=slug)
    # The form and the service both read the questions: once.
    prefetch_related_objects([event], "questions")
    guest = not request.user.is_authenticated
    form = RegistrationForm(request.POST or None, event=event, guest=guest)
    if request.method == "POST" and form.is_valid() and (event.open_to_guests or not guest):
        try:
            registration = services.registration_create(
                actor=request.user,
                event=event,
                name=form.cleaned_data.get("name", ""),
                email=form.cleaned_data.get("email", ""),
                language=get_language() or "da",
                **form.service_arguments(),
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You are registered. We have sent you a confirmation."))
            else:
                messages.info(
                    request,
                    _("The event is full, so you are on the waiting list as number %(n)s.")
                    % {"n": registration.waiting_number},
                )
            return _to_page(registration)
    already = None
    if not guest:
        already = (
            Registration.objects.filter(
                event=event, user=request_user(request), status__in=services.LIVE
            )
            .only("public_id")
            .first()
        )
    return render(
        request,
        "events/registration_create.html",
        {"event": event, "form": form, "guest": guest, "already": already},
    )


def _detail_page(
    request: HttpRequest, key: str, registration: Registration, form: RegistrationForm | None = None
) -> HttpResponse:
    event = registration.event
    live = registration.status in services.LIVE and event.starts_at > timezone.now()
    if form is None and live:
        form = RegistrationForm(event=event, guest=False, registration=registration)
    context: dict[str, Any] = {
        "registration": registration,
        "event": event,
        "key": key,
        "form": form if live else None,
        "dietary": [DIETARY_NEEDS.get(c, c) for c in registration.dietary_needs],
        "access": [ACCESS_NEEDS.get(c, c) for c in registration.access_needs],
        "answers": registration.answers.select_related("question"),
        "show_online": registration.status == Registration.Status.CONFIRMED and event.online_url,
    }
    return _private(render(request, "events/registration_detail.html", context))


@never_cache
@require_GET
def registration_detail(request: HttpRequest, key: str) -> HttpResponse:
    return _detail_page(request, key, _by_key(key))


@never_cache
@require_POST
def registration_change(request: HttpRequest, key: str) -> HttpResponse:
    registration = _by_key(key)
    form = RegistrationForm(
        request.POST, event=registration.event, guest=False, registration=registration
    )
    if form.is_valid():
        try:
            services.registration_change(registration=registration, **form.service_arguments())
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Your registration is changed."))
            return _private(redirect("events:registration-detail", key))
    return _detail_page(request, key, registration, form)


def _action(request: HttpRequest, key: str, template: str, call: Any, success: str) -> HttpResponse:
    registration = _by_key(key)
    if request.method == "POST":
        try:
            call(registration=registration)
        except ValidationError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, success)
        return _private(redirect("events:registration-detail", key))
    context = {"registration": registration, "event": registration.event, "key": key}
    return _private(render(request, template, context))


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, key: str) -> HttpResponse:
    return _action(request, key, "events/registration_cancel.html",
                   services.registration_cancel, _("Your registration is cancelled."))  # fmt: skip


@never_cache
@require_http_methods(["GET", "POST"])
def waiting_leave(request: HttpRequest, key: str) -> HttpResponse:
    return _action(request, key, "events/waiting_leave.html",
                   services.waiting_leave, _("You have left the waiting list."))  # fmt: skip


@never_cache
@require_http_methods(["GET", "POST"])
def offer_accept(request: HttpRequest, key: str) -> HttpResponse:
    return _action(request, key, "events/offer_accept.html",
                   services.offer_accept, _("Your seat is confirmed."))  # fmt: skip


@never_cache
@require_GET
def registration_ics(request: HttpRequest, key: str) -> HttpResponse:
    registration = _by_key(key)
    response = HttpResponse(
        event_ics(registration.event, registration=registration),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return _private(response)


@login_required
@require_GET
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = selectors.registration_list_for(user=request_user(request))
    return render(request, "events/registration_mine.html", {"registrations": registrations})


@login_required
@never_cache
@require_GET
def my_registration_open(request: HttpRequest, public_id: str) -> HttpResponse:
    """The owner's way to their personal page: a redirect to its link (404 for others)."""
    registration = get_object_or_404(Registration, public_id=public_id, user=request_user(request))
    return _private(_to_page(registration))


def _manage_page(request: HttpRequest, slug: str, move_form: WaitingMoveForm | None = None,
                 moved: Registration | None = None) -> HttpResponse:  # fmt: skip
    event = event_for_manage(user=request.user, slug=slug)
    context = {
        "event": event,
        "counts": selectors.registration_counts(event=event),
        "needs": selectors.needs_counts(event=event),
        "registrations": selectors.registration_list_for_event(event=event),
        "waiting": selectors.waiting_list_for_event(event=event),
        "move_form": move_form,
        "moved": moved,
    }
    return render(request, "events/registrations_manage.html", context)


@login_required
@never_cache
@require_GET
def registrations_manage(request: HttpRequest, slug: str) -> HttpResponse:
    return _manage_page(request, slug)


@login_required
@require_POST
def waiting_move(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    event = event_for_manage(user=request.user, slug=slug)
    registration = get_object_or_404(
        Registration.objects.select_related("event"), event=event, public_id=public_id
    )
    form = WaitingMoveForm(request.POST, prefix=str(registration.public_id))
    if form.is_valid():
        try:
            services.waiting_move(
                actor=request_user(request),
                registration=registration,
                reason=form.cleaned_data["reason"],
                give_seat=form.cleaned_data["move"] == WaitingMoveForm.GIVE_SEAT,
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The waiting list is changed, and the reason is logged."))
            return redirect("events:registrations-manage", event.slug)
    return _manage_page(request, slug, form, registration)
