"""Pages for handlers (TOTP required by StaffMFAMiddleware) and custodians."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import request_user, user_can
from socius.core.audit import audit_record
from socius.core.csv_safe import csv_safe
from socius.core.dates import date_text
from socius.whistleblowing import crypto, keystore
from socius.whistleblowing.access import (
    channel_for_handler,
    channels_for_handler,
    report_for_handler,
    report_private_key,
)
from socius.whistleblowing.exports import case_pdf
from socius.whistleblowing.forms import (
    HandlerFileForm,
    HandlerMessageForm,
    HoldForm,
    IdentityRequestForm,
    PassphraseNewForm,
    RecoverForm,
    TransitionForm,
    UnlockForm,
)
from socius.whistleblowing.models import Attachment, HandlerKey, IdentityRequest, Report
from socius.whistleblowing.selectors import (
    Deadline,
    InboxRow,
    acknowledgement_deadline,
    feedback_deadline,
    inbox_for,
)
from socius.whistleblowing.services import handling
from socius.whistleblowing.views.reporter import attachment_response
from socius.whistleblowing.workflows import CaseState, transitions_from


def _handler_key(request: HttpRequest) -> bytes | None:
    return keystore.handler_key_get(
        request.session.session_key,
        int(request.user.pk or 0),
        request.COOKIES.get(keystore.HANDLER_COOKIE),
    )


def _may_use(request: HttpRequest) -> None:
    if not (
        user_can(request.user, "whistleblowing.handle")
        or user_can(request.user, "whistleblowing.custodian")
    ):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    _may_use(request)
    user = request_user(request)
    has_key = HandlerKey.objects.filter(user=user).exists()
    new_form, unlock_form, recover_form = PassphraseNewForm(), UnlockForm(), RecoverForm()
    action = request.POST.get("action")
    if action == "create" and not has_key:
        new_form = PassphraseNewForm(request.POST)
        if new_form.is_valid():
            try:
                recovery = handling.handler_key_create(
                    actor=user, passphrase=new_form.cleaned_data["passphrase"]
                )
            except ValidationError as exc:
                new_form.add_error(None, exc)
            else:
                return render(
                    request, "whistleblowing/handler_recovery.html", {"recovery_key": recovery}
                )
    if action in {"unlock", "recover"} and has_key:
        ok: str | None = None
        if not request.session.session_key:
            request.session.save()
        if action == "unlock":
            unlock_form = UnlockForm(request.POST)
            if unlock_form.is_valid():
                ok = handling.handler_key_unlock(
                    actor=user,
                    session_key=request.session.session_key or "",
                    passphrase=unlock_form.cleaned_data["passphrase"],
                )
                if not ok:
                    unlock_form.add_error(None, _("The passphrase did not open your key."))
        else:
            recover_form = RecoverForm(request.POST)
            if recover_form.is_valid():
                d = recover_form.cleaned_data
                try:
                    ok = handling.handler_key_unlock(
                        actor=user,
                        session_key=request.session.session_key or "",
                        recovery_key=d["recovery_key"],
                        new_passphrase=d["new_passphrase"],
                    )
                except ValidationError as exc:
                    recover_form.add_error(None, exc)
                else:
                    if not ok:
                        recover_form.add_error(None, _("The recovery key did not open your key."))
        if ok:
            messages.success(request, _("Your key is unlocked for this session."))
            response = redirect("whistleblowing:handler-home")
            response.set_cookie(
                keystore.HANDLER_COOKIE,
                ok,
                path=keystore.HANDLER_COOKIE_PATH,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    if action == "lock":
        return _locked(request)
    channels = channels_for_handler(user)
    pending = (
        IdentityRequest.objects.filter(status=IdentityRequest.Status.PENDING)
        .exclude(requested_by=user)
        .count()
        if user_can(user, "whistleblowing.custodian")
        else 0
    )
    return render(
        request,
        "whistleblowing/handler_home.html",
        {
            "has_key": has_key,
            "unlocked": _handler_key(request) is not None,
            "channels": channels,
            "new_form": new_form,
            "unlock_form": unlock_form,
            "recover_form": recover_form,
            "is_handler": user_can(user, "whistleblowing.handle"),
            "pending_identity": pending,
            "is_custodian": user_can(user, "whistleblowing.custodian"),
        },
    )


@login_required
@require_GET
def channel_inbox(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    channel = channel_for_handler(user=user, slug=slug)
    rows = inbox_for(user=user, channel=channel)
    audit_record(actor=user, action="whistle.inbox.viewed", target=channel)
    return render(
        request,
        "whistleblowing/handler_inbox.html",
        {"channel": channel, "rows": rows, "tbody": inbox_rows_html(rows)},
    )


def inbox_rows_html(rows: list[InboxRow]) -> SafeString:
    """The inbox table's rows, rendered in Python: a thousand rows through the template engine
    took most of the page's time (bench/README.md). Every value is escaped by format_html."""
    labels = {
        "overdue": _("overdue"),
        "warning": _("soon"),
        "done": _("done"),
        "ok": "",
        "pending": "",
    }
    states = dict(CaseState.choices)
    hold = _("Legal hold")
    zero = "00000000-0000-0000-0000-000000000000"
    case_url = reverse("whistleblowing:handler-case", args=[zero])
    dates: dict[datetime.date, str] = {}

    def day(value: datetime.date | None) -> str:
        if value is None:
            return "–"
        if value not in dates:
            dates[value] = date_text(value)
        return dates[value]

    def deadline(d: Deadline) -> SafeString:
        label = labels[d.status]
        if not label:
            return format_html("{}", day(d.due))
        return format_html(
            '{} <strong class="deadline-{}">{}</strong>', day(d.due), d.status, label
        )

    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                case_url.replace(zero, str(r.report.public_id)),
                r.report.short_id,
                day(r.report.received_on),
                states.get(r.report.state, r.report.state),
                deadline(r.acknowledgement),
                deadline(r.feedback),
                hold if r.report.legal_hold_reason else day(r.report.delete_after),
            )
            for r in rows
        ),
    )


def _case_keys(request: HttpRequest, report: Report) -> bytes | None:
    handler_key = _handler_key(request)
    if handler_key is None:
        return None
    return report_private_key(user=request.user, report=report, handler_private_key=handler_key)


@login_required
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    report = report_for_handler(user=user, public_id=public_id)
    private = _case_keys(request, report)
    if private is None:
        messages.info(request, _("Unlock your key to open the case."))
        return redirect("whistleblowing:handler-home")
    forms: dict[str, Any] = {}
    if request.method == "POST" and _case_action(request, user, report, forms):
        return redirect("whistleblowing:handler-case", public_id=report.public_id)
    handling.case_opened(actor=user, report=report)
    return render(
        request,
        "whistleblowing/handler_case.html",
        _case_context(request, user, report, private, forms),
    )


def _case_action(request: HttpRequest, user: Any, report: Report, forms: dict[str, Any]) -> bool:
    action = request.POST.get("action", "")
    try:
        if action == "transition":
            form: Any = TransitionForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                handling.case_transition(
                    actor=user,
                    report=report,
                    name=d["transition"],
                    message=d["message"],
                    reason=d["reason"],
                )
                messages.success(request, _("The case was updated."))
                return True
            forms["transition_error"] = True
        elif action == "message":
            form = HandlerMessageForm(request.POST)
            forms["message_form"] = form
            if form.is_valid():
                handling.handler_message(
                    actor=user,
                    report=report,
                    body=form.cleaned_data["body"],
                    kind=form.cleaned_data["kind"],
                )
                messages.success(request, _("Saved."))
                return True
        elif action == "files":
            form = HandlerFileForm(request.POST, request.FILES)
            forms["file_form"] = form
            if form.is_valid():
                for upload in form.cleaned_data["attachments"]:
                    handling.handler_attachment(actor=user, report=report, upload=upload)
                messages.success(request, _("The files were added."))
                return True
        elif action == "identity":
            form = IdentityRequestForm(request.POST)
            forms["identity_form"] = form
            if form.is_valid():
                handling.identity_request(
                    actor=user, report=report, legal_ground=form.cleaned_data["legal_ground"]
                )
                messages.success(request, _("The request was sent to the custodian."))
                return True
        elif action == "hold":
            form = HoldForm(request.POST)
            forms["hold_form"] = form
            if form.is_valid():
                handling.legal_hold_set(
                    actor=user, report=report, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The legal hold was updated."))
                return True
    except ValidationError as exc:
        forms["action_error"] = " ".join(exc.messages)
    return False


def _case_context(
    request: HttpRequest, user: Any, report: Report, private: bytes, forms: dict[str, Any]
) -> dict[str, Any]:
    thread = [
        {"m": m, "body": crypto.unseal_text(private, bytes(m.sealed_body))}
        for m in report.messages.select_related("handler")
    ]
    attachments = [
        {"a": a, "name": crypto.unseal_text(private, bytes(a.sealed_name))}
        for a in report.attachments.all()
    ]
    identity = ""
    if request.GET.get("identity") == "1" and handling.identity_approved(actor=user, report=report):
        identity = handling.identity_reveal(actor=user, report=report, private_key=private)
    return {
        "report": report,
        "content": handling.case_content(report, private),
        "thread": thread,
        "attachments": attachments,
        "transitions": transitions_from(report.state),
        "ack": acknowledgement_deadline(report),
        "feedback": feedback_deadline(report),
        "message_form": forms.get("message_form") or HandlerMessageForm(),
        "file_form": forms.get("file_form") or HandlerFileForm(),
        "identity_form": forms.get("identity_form") or IdentityRequestForm(),
        "hold_form": forms.get("hold_form")
        or HoldForm(initial={"reason": report.legal_hold_reason}),
        "action_error": forms.get("action_error", ""),
        "identity_requests": report.identity_requests.filter(requested_by=user),
        "identity_allowed": handling.identity_approved(actor=user, report=report),
        "identity": identity,
        "state_changes": report.state_changes.all(),
    }


@login_required
@require_GET
def case_file(request: HttpRequest, public_id: str, file_id: str) -> HttpResponse:
    user = request_user(request)
    report = report_for_handler(user=user, public_id=public_id)
    private = _case_keys(request, report)
    attachment = Attachment.objects.filter(report=report, public_id=file_id).first()
    if private is None or attachment is None:
        raise Http404
    handling.attachment_downloaded(actor=user, attachment=attachment)
    return attachment_response(attachment, private, request)


@login_required
@require_GET
def case_export(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    user = request_user(request)
    report = report_for_handler(user=user, public_id=public_id)
    private = _case_keys(request, report)
    if private is None or fmt not in {"csv", "pdf"}:
        raise Http404
    audit_record(actor=user, action="whistle.case.exported", target=report, data={"format": fmt})
    content = handling.case_content(report, private)
    thread = [
        (
            m.created_at,
            m.get_author_display(),
            m.get_kind_display(),
            crypto.unseal_text(private, bytes(m.sealed_body)),
        )
        for m in report.messages.all()
    ]
    if fmt == "pdf":
        response = HttpResponse(case_pdf(report, content, thread), content_type="application/pdf")
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(csv_safe([_("Field"), _("Value")]))
        writer.writerow(csv_safe([_("Case"), report.short_id]))
        writer.writerow(csv_safe([_("State"), report.get_state_display()]))
        for key, value in content.items():
            writer.writerow(csv_safe([key, value]))
        for created, author, kind, body in thread:
            writer.writerow(csv_safe([f"{created:%Y-%m-%d %H:%M} {author} ({kind})", body]))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="sag-{report.short_id}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def identity_requests(request: HttpRequest) -> HttpResponse:
    """The custodian's list: legal grounds only, never content or identity."""
    user = request_user(request)
    if not user_can(user, "whistleblowing.custodian"):
        raise Http404
    if request.method == "POST":
        item = IdentityRequest.objects.filter(
            pk=request.POST.get("request", "0") if request.POST.get("request", "").isdigit() else 0
        ).first()
        if item is None:
            raise Http404
        try:
            handling.identity_decide(
                actor=user, request=item, approve=request.POST.get("decision") == "approve"
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision was saved."))
        return redirect("whistleblowing:identity-requests")
    pending = IdentityRequest.objects.filter(status=IdentityRequest.Status.PENDING).select_related(
        "report__channel", "requested_by"
    )
    return render(
        request, "whistleblowing/identity_requests.html", {"pending": pending, "me": user}
    )


@login_required
@require_POST
def lock(request: HttpRequest) -> HttpResponse:
    return _locked(request)


def _locked(request: HttpRequest) -> HttpResponse:
    keystore.handler_key_drop(request.session.session_key)
    response = redirect("whistleblowing:handler-home")
    response.delete_cookie(keystore.HANDLER_COOKIE, path=keystore.HANDLER_COOKIE_PATH)
    return response
