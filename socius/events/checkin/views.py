"""The door page of an event (organisers only; 404 for everyone else), its sync endpoint,
the service worker that keeps the page for offline use, and renewing the tickets."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import request_user
from socius.core.dates import datetime_text
from socius.events.access import event_for_manage
from socius.events.checkin import selectors, services
from socius.events.checkin.forms import CodeForm, RenewForm
from socius.events.checkin.models import Scan
from socius.events.checkin.payload import PayloadError, ScanIn, sync_payload_read
from socius.events.checkin.services import ScanResult
from socius.events.checkin.texts import door_texts, refusal_texts
from socius.events.models import Event


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the event pages are another part of the module
        return None


def _result_message(request: HttpRequest, result: ScanResult) -> None:
    """The outcome of a scan typed into the page without scripts, as a message."""
    if result.outcome == "refused":
        messages.error(request, _("Refused.") + " " + refusal_texts().get(result.reason, ""))
        return
    who = ngettext("%(name)s, %(n)s person", "%(name)s, %(n)s people", result.party_size) % {
        "name": result.first_name,
        "n": result.party_size,
    }
    if result.outcome == Scan.Outcome.CHECKED_IN:
        messages.success(request, _("Checked in: %(who)s.") % {"who": who})
        return
    when = datetime_text(result.checked_in_at) if result.checked_in_at else ""
    text = _("Already checked in at %(time)s: %(who)s.") % {"time": when, "who": who}
    if result.conflict:
        text += " " + _("It was checked in on another device. The organiser sees it as a conflict.")
    messages.warning(request, text)


def _page(request: HttpRequest, event: Event, form: CodeForm, status: int = 200) -> HttpResponse:
    conflicts = list(selectors.scan_conflicts_for(event)[:100])
    firsts = selectors.scan_first_for([c.registration_id for c in conflicts if c.registration_id])
    return render(
        request,
        "event_checkin/checkin_page.html",
        {
            "event": event,
            "event_url": _url("events:event-detail", event.slug),
            "list_url": _url("events:event-list"),
            "form": form,
            "renew_form": RenewForm(),
            "attendance": selectors.attendance_for(event),
            "conflicts": [(c, firsts.get(c.registration_id or 0)) for c in conflicts],
            "refused": selectors.scan_refused_count(event),
            "door_list": selectors.door_list_for(event),
            "door_texts": door_texts(),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def checkin_page(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    if request.method != "POST":
        return _page(request, event, CodeForm(initial={"nonce": services.new_nonce()}))
    form = CodeForm(request.POST)
    if not form.is_valid():
        data = request.POST.copy()
        data["nonce"] = services.new_nonce()
        return _page(request, event, CodeForm(data), status=400)
    scan = ScanIn(
        nonce=form.cleaned_data["nonce"], code=form.cleaned_data["code"], scanned_at="", index=0
    )
    [result] = services.scans_sync(
        actor=user, event=event, device=f"form-{user.public_id.hex[:12]}", scans=[scan]
    )
    _result_message(request, result)
    return redirect("event_checkin:checkin-page", slug=event.slug)


def _json_result(result: ScanResult) -> dict[str, Any]:
    data = asdict(result)
    data["checked_in_at"] = result.checked_in_at.isoformat() if result.checked_in_at else None
    return data


@never_cache
@require_POST
def scan_sync(request: HttpRequest, slug: str) -> HttpResponse:
    """Scans queued on a door device: JSON in, the server's verdicts and a fresh list out.
    CSRF-protected like every POST; idempotent by each scan's nonce."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login", "message": _("Log in again.")}, status=401)
    user = request_user(request)
    try:
        event = event_for_manage(user=user, slug=slug)
    except Http404:
        return JsonResponse({"error": "not_found"}, status=404)
    unreadable = JsonResponse(
        {"error": "payload", "message": _("The scans could not be read.")}, status=400
    )
    if request.content_type != "application/json":
        return unreadable
    try:
        payload = sync_payload_read(request.body)
    except PayloadError:
        return unreadable
    results = services.scans_sync(
        actor=user, event=event, device=payload.device, scans=payload.scans
    )
    return JsonResponse(
        {
            "results": [_json_result(r) for r in results],
            "list": selectors.door_list_for(event),
            "attendance": asdict(selectors.attendance_for(event)),
        }
    )


@login_required
@require_GET
def service_worker(request: HttpRequest, slug: str) -> HttpResponse:
    """The service worker, served from the page's own address so that it may keep the page
    for use without a connection (a worker only controls pages under its own path)."""
    event_for_manage(user=request_user(request), slug=slug)
    response = render(
        request, "event_checkin/sw.js", {"slug": slug}, content_type="text/javascript"
    )
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_POST
def tickets_renew(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    form = RenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to renew the tickets."))
    else:
        services.ticket_key_rotate(actor=user, event=event)
        messages.success(
            request,
            _("The tickets are renewed. Old tickets are refused; reload the page on every device."),
        )
    return redirect("event_checkin:checkin-page", slug=event.slug)
