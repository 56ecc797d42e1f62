"""Pages for handlers (TOTP required by StaffMFAMiddleware) and custodians."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, request_user, user_can
from socius.core.csv_export import csv_response
from socius.core.dates import date_text
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.roles import Capability
from socius.whistleblowing import approvals, crypto, keystore
from socius.whistleblowing.access import (
    channel_for_handler,
    channels_for_handler,
    report_for_handler,
    report_private_key,
)
from socius.whistleblowing.errors import private_errors
from socius.whistleblowing.exports import case_pdf
from socius.whistleblowing.forms import (
    HandlerFileForm,
    HandlerMessageForm,
    HoldForm,
    IdentityRequestForm,
    KeyApproveForm,
    PassphraseNewForm,
    RecoverForm,
    TransitionForm,
    UnlockForm,
)
from socius.whistleblowing.models import (
    Attachment,
    Channel,
    HandlerKey,
    HandlerKeyApproval,
    IdentityRequest,
    Report,
)
from socius.whistleblowing.selectors import (
    Deadline,
    InboxRow,
    acknowledgement_deadline,
    feedback_deadline,
    inbox_for,
)
from socius.whistleblowing.services import channels as channel_services
from socius.whistleblowing.services import handling
from socius.whistleblowing.views.reporter import attachment_response
from socius.whistleblowing.workflows import CASE_WORKFLOW, CaseState

if TYPE_CHECKING:
    from socius.accounts.models import User


def _handler_key(request: HttpRequest) -> bytes | None:
    return keystore.handler_key_get(
        request.session.session_key,
        int(request.user.pk or 0),
        request.COOKIES.get(keystore.HANDLER_COOKIE),
    )


def _home_page(
    request: HttpRequest,
    *,
    new_form: PassphraseNewForm | None = None,
    unlock_form: UnlockForm | None = None,
    recover_form: RecoverForm | None = None,
) -> HttpResponse:
    user = request_user(request)
    channels = channels_for_handler(user)
    pending = (
        IdentityRequest.objects.filter(status=IdentityRequest.Status.PENDING)
        .exclude(requested_by=user)
        .count()
        if user_can(user, Capability.WHISTLEBLOWING_CUSTODIAN)
        else 0
    )
    own_key = HandlerKey.objects.filter(user=user).first()
    keyed = approvals.approved_keys(c.pk for c in channels)
    return render(
        request,
        "whistleblowing/handler_home.html",
        {
            "has_key": own_key is not None,
            "fingerprint": crypto.fingerprint(bytes(own_key.public_key)) if own_key else "",
            "channel_rows": [
                {"channel": c, "approved": user.pk in keyed.get(c.pk, {})} for c in channels
            ],
            "is_admin": user_can(user, Capability.MUNICIPALITY_MANAGE),
            "unlocked": _handler_key(request) is not None,
            "channels": channels,
            "new_form": new_form or PassphraseNewForm(),
            "unlock_form": unlock_form or UnlockForm(),
            "recover_form": recover_form or RecoverForm(),
            "is_handler": user_can(user, Capability.WHISTLEBLOWING_HANDLE),
            "pending_identity": pending,
            "is_custodian": user_can(user, Capability.WHISTLEBLOWING_CUSTODIAN),
        },
    )


@private_errors
@capability_required(
    Capability.WHISTLEBLOWING_HANDLE,
    Capability.WHISTLEBLOWING_CUSTODIAN,
    Capability.MUNICIPALITY_MANAGE,
)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _home_page(request)


@private_errors
@capability_required(Capability.WHISTLEBLOWING_HANDLE, Capability.WHISTLEBLOWING_CUSTODIAN)
@require_POST
def key_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if HandlerKey.objects.filter(user=user).exists():
        return _home_page(request)
    new_form = PassphraseNewForm(request.POST)
    if new_form.is_valid():
        try:
            recovery = handling.handler_key_create(
                actor=user, passphrase=new_form.cleaned_data["passphrase"]
            )
        except ValidationError as exc:
            service_error_to_form(new_form, exc)
        else:
            return render(
                request, "whistleblowing/handler_recovery.html", {"recovery_key": recovery}
            )
    return _home_page(request, new_form=new_form)


def _unlocked(request: HttpRequest, token: str) -> HttpResponse:
    messages.success(request, _("Your key is unlocked for this session."))
    response = redirect("whistleblowing:handler-home")
    response.set_cookie(
        keystore.HANDLER_COOKIE,
        token,
        path=keystore.HANDLER_COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


@private_errors
@capability_required(Capability.WHISTLEBLOWING_HANDLE, Capability.WHISTLEBLOWING_CUSTODIAN)
@require_POST
def key_unlock(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not HandlerKey.objects.filter(user=user).exists():
        return _home_page(request)
    unlock_form = UnlockForm(request.POST)
    if unlock_form.is_valid():
        ok = handling.handler_key_unlock(
            actor=user,
            session_key=_session_key(request),
            passphrase=unlock_form.cleaned_data["passphrase"],
        )
        if ok:
            return _unlocked(request, ok)
        unlock_form.add_error(None, _("The passphrase did not open your key."))
    return _home_page(request, unlock_form=unlock_form)


@private_errors
@capability_required(Capability.WHISTLEBLOWING_HANDLE, Capability.WHISTLEBLOWING_CUSTODIAN)
@require_POST
def key_recover(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not HandlerKey.objects.filter(user=user).exists():
        return _home_page(request)
    recover_form = RecoverForm(request.POST)
    if recover_form.is_valid():
        d = recover_form.cleaned_data
        try:
            ok = handling.handler_key_unlock(
                actor=user,
                session_key=_session_key(request),
                recovery_key=d["recovery_key"],
                new_passphrase=d["new_passphrase"],
            )
        except ValidationError as exc:
            service_error_to_form(recover_form, exc)
        else:
            if ok:
                return _unlocked(request, ok)
            recover_form.add_error(None, _("The recovery key did not open your key."))
    return _home_page(request, recover_form=recover_form)


@private_errors
@capability_required(Capability.WHISTLEBLOWING_HANDLE)
@require_GET
def channel_inbox(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    channel = channel_for_handler(user=user, slug=slug)
    rows = inbox_for(user=user, channel=channel)
    handling.channel_inbox_viewed(actor=user, channel=channel)
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
                hold if r.report.legal_hold else day(r.report.delete_after),
            )
            for r in rows
        ),
    )


def _case_keys(request: HttpRequest, report: Report) -> bytes | None:
    handler_key = _handler_key(request)
    if handler_key is None:
        return None
    return report_private_key(
        user=request_user(request), report=report, handler_private_key=handler_key
    )


def _case_open(request: HttpRequest, public_id: str) -> tuple[User, Report, bytes | None]:
    user = request_user(request)
    report = report_for_handler(user=user, public_id=public_id)
    return user, report, _case_keys(request, report)


def _case_page(
    request: HttpRequest, user: User, report: Report, private: bytes, forms: dict[str, Any]
) -> HttpResponse:
    handling.case_opened(actor=user, report=report)
    return render(
        request,
        "whistleblowing/handler_case.html",
        _case_context(request, user, report, private, forms),
    )


def _locked_case(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Unlock your key to open the case."))
    return redirect("whistleblowing:handler-home")


@private_errors
@login_required
@require_GET
def case(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report, private = _case_open(request, public_id)
    if private is None:
        return _locked_case(request)
    return _case_page(request, user, report, private, {})


# One POST URL per action on a case. Each takes the form, and returns its success message, or
# None with the bound form (or an error flag) put in ``forms`` for the page.
type CaseAction = Callable[[HttpRequest, User, Report, dict[str, Any]], str | None]


def _case_transition(
    request: HttpRequest, user: User, report: Report, forms: dict[str, Any]
) -> str | None:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        forms["transition_error"] = True
        return None
    d = form.cleaned_data
    handling.case_transition(
        actor=user, report=report, name=d["transition"], message=d["message"], reason=d["reason"]
    )
    return _("The case was updated.")


def _case_message(
    request: HttpRequest, user: User, report: Report, forms: dict[str, Any]
) -> str | None:
    form = forms["message_form"] = HandlerMessageForm(request.POST)
    if not form.is_valid():
        return None
    handling.handler_message(
        actor=user, report=report, body=form.cleaned_data["body"], kind=form.cleaned_data["kind"]
    )
    return _("Saved.")


def _case_files(
    request: HttpRequest, user: User, report: Report, forms: dict[str, Any]
) -> str | None:
    form = forms["file_form"] = HandlerFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return None
    handling.handler_attachments(
        actor=user, report=report, uploads=form.cleaned_data["attachments"]
    )
    return _("The files were added.")


def _case_identity(
    request: HttpRequest, user: User, report: Report, forms: dict[str, Any]
) -> str | None:
    form = forms["identity_form"] = IdentityRequestForm(request.POST)
    if not form.is_valid():
        return None
    handling.identity_request(
        actor=user, report=report, legal_ground=form.cleaned_data["legal_ground"]
    )
    return _("The request was sent to the custodian.")


def _case_hold(
    request: HttpRequest, user: User, report: Report, forms: dict[str, Any]
) -> str | None:
    form = forms["hold_form"] = HoldForm(request.POST)
    if not form.is_valid():
        return None
    handling.legal_hold_set(actor=user, report=report, reason=form.cleaned_data["reason"])
    return _("The legal hold was updated.")


def _case_post(request: HttpRequest, public_id: str, action: CaseAction) -> HttpResponse:
    user, report, private = _case_open(request, public_id)
    if private is None:
        return _locked_case(request)
    forms: dict[str, Any] = {}
    try:
        done = action(request, user, report, forms)
    except ValidationError as exc:
        forms["action_error"] = " ".join(exc.messages)
    else:
        if done is not None:
            messages.success(request, done)
            return redirect("whistleblowing:handler-case", public_id=report.public_id)
    return _case_page(request, user, report, private, forms)


@private_errors
@login_required
@require_POST
def case_transition(request: HttpRequest, public_id: str) -> HttpResponse:
    return _case_post(request, public_id, _case_transition)


@private_errors
@login_required
@require_POST
def case_message(request: HttpRequest, public_id: str) -> HttpResponse:
    return _case_post(request, public_id, _case_message)


@private_errors
@login_required
@require_POST
def case_files(request: HttpRequest, public_id: str) -> HttpResponse:
    return _case_post(request, public_id, _case_files)


@private_errors
@login_required
@require_POST
def case_identity(request: HttpRequest, public_id: str) -> HttpResponse:
    return _case_post(request, public_id, _case_identity)


@private_errors
@login_required
@require_POST
def case_hold(request: HttpRequest, public_id: str) -> HttpResponse:
    return _case_post(request, public_id, _case_hold)


def _case_context(
    request: HttpRequest, user: User, report: Report, private: bytes, forms: dict[str, Any]
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
    hold_reason = handling.legal_hold_reason(report, private)
    return {
        "report": report,
        "content": handling.case_content(report, private),
        "thread": thread,
        "attachments": attachments,
        "transitions": CASE_WORKFLOW.transitions_from(report.state),
        "ack": acknowledgement_deadline(report),
        "feedback": feedback_deadline(report),
        "message_form": forms.get("message_form") or HandlerMessageForm(),
        "file_form": forms.get("file_form") or HandlerFileForm(),
        "identity_form": forms.get("identity_form") or IdentityRequestForm(),
        "hold_form": forms.get("hold_form") or HoldForm(initial={"reason": hold_reason}),
        "hold_reason": hold_reason,
        "action_error": forms.get("action_error", ""),
        "identity_requests": report.identity_requests.filter(requested_by=user),
        "identity_allowed": handling.identity_approved(actor=user, report=report),
        "identity": identity,
        "state_changes": report.state_changes.all(),
    }


@private_errors
@login_required
@require_GET
def case_file(request: HttpRequest, public_id: str, file_id: str) -> HttpResponse:
    user = request_user(request)
    report = report_for_handler(user=user, public_id=public_id)
    private = _case_keys(request, report)
    attachment = Attachment.objects.filter(report=report, public_id=file_id).first()
    if private is None or attachment is None:
        raise Http404
    handling.attachment_downloaded(actor=user, report=report, attachment=attachment)
    return attachment_response(attachment, private, request)


# The CSV's row labels: the questions as the case page shows them, in the request's language.
_CONTENT_LABELS = {
    "what": gettext_lazy("What happened?"),
    "when": gettext_lazy("When did it happen?"),
    "where": gettext_lazy("Where did it happen?"),
    "who": gettext_lazy("Who is involved?"),
    "how_known": gettext_lazy("How do you know?"),
    "evidence": gettext_lazy("Is there evidence?"),
    "contact_wish": gettext_lazy("Meeting or call"),
}


@private_errors
@login_required
@require_GET
def case_export(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    user = request_user(request)
    report = report_for_handler(user=user, public_id=public_id)
    private = _case_keys(request, report)
    if private is None or fmt not in {"csv", "pdf"}:
        raise Http404
    handling.case_exported(actor=user, report=report, fmt=fmt)
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
        response.headers["Content-Disposition"] = (
            f'attachment; filename="sag-{report.short_id}.pdf"'
        )
    else:
        rows: list[list[str]] = [
            [_("Case"), report.short_id],
            [_("State"), report.get_state_display()],
            *([str(_CONTENT_LABELS.get(key, key)), value] for key, value in content.items()),
            *([f"{created:%Y-%m-%d %H:%M} {author} ({kind})", body]
              for created, author, kind, body in thread),
        ]  # fmt: skip
        response = csv_response(
            filename=f"sag-{report.short_id}.csv", header=[_("Field"), _("Value")], rows=rows
        )
    response.headers["Cache-Control"] = "no-store"
    return response


@private_errors
@capability_required(Capability.WHISTLEBLOWING_CUSTODIAN)
@require_http_methods(["GET", "POST"])
def identity_requests(request: HttpRequest) -> HttpResponse:
    """The custodian's list: legal grounds only, never content or identity."""
    user = request_user(request)
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
            service_error_to_messages(request, exc)
        else:
            messages.success(request, _("The decision was saved."))
        return redirect("whistleblowing:identity-requests")
    # The legal grounds are sealed to each custodian's key: read with the unlocked key.
    private = _handler_key(request)
    pending = [
        {
            "r": item,
            "ground": handling.identity_ground_for_custodian(
                actor=user, request=item, private_key=private
            ),
            "sealed_for_me": str(user.pk) in item.custodian_copies,
        }
        for item in IdentityRequest.objects.filter(
            status=IdentityRequest.Status.PENDING
        ).select_related("report__channel", "requested_by")
    ]
    return render(
        request,
        "whistleblowing/identity_requests.html",
        {"pending": pending, "me": user, "unlocked": private is not None},
    )


@private_errors
@login_required
@require_POST
def lock(request: HttpRequest) -> HttpResponse:
    return _locked(request)


def _locked(request: HttpRequest) -> HttpResponse:
    keystore.handler_key_drop(request.session.session_key)
    response = redirect("whistleblowing:handler-home")
    response.delete_cookie(keystore.HANDLER_COOKIE, path=keystore.HANDLER_COOKIE_PATH)
    return response


# --- Handler keys: fingerprints and approval ----------------------------------------------------
def _form_refusal(form: KeyApproveForm) -> ValidationError:
    return ValidationError([str(e) for errors in form.errors.values() for e in errors])


def _key_rows(channel: Channel, approved: dict[int, bytes]) -> list[dict[str, Any]]:
    """Each active handler of ``channel`` with the state of their key there."""
    handlers = list(channel.handlers.filter(is_active=True).order_by("name", "pk"))
    keys = {
        k.user_id: bytes(k.public_key)
        for k in HandlerKey.objects.filter(user__in=[h.pk for h in handlers])
    }
    first = {
        a.user_id: a
        for a in HandlerKeyApproval.objects.filter(
            channel=channel, method=HandlerKeyApproval.Method.FIRST, server_seal=""
        ).select_related("approved_by")
        if bytes(a.public_key) == keys.get(a.user_id)
    }
    rows = []
    for h in handlers:
        key = keys.get(h.pk)
        state = "approved" if h.pk in approved else ("waiting" if key else "no_key")
        rows.append(
            {
                "user": h,
                "state": state,
                "fingerprint": crypto.fingerprint(key) if key else "",
                "first": first.get(h.pk) if state == "waiting" else None,
            }
        )
    return rows


@private_errors
@capability_required(Capability.WHISTLEBLOWING_HANDLE)
@require_GET
def keys(request: HttpRequest, slug: str) -> HttpResponse:
    """A channel's handlers and their keys, for its handlers: approve a colleague's key."""
    user = request_user(request)
    channel = channel_for_handler(user=user, slug=slug)
    approved = approvals.channel_keys(channel)
    return render(
        request,
        "whistleblowing/handler_keys.html",
        {
            "channel": channel,
            "rows": _key_rows(channel, approved),
            "me": user,
            "i_am_approved": user.pk in approved,
            "unlocked": _handler_key(request) is not None,
        },
    )


@private_errors
@capability_required(Capability.WHISTLEBLOWING_HANDLE)
@require_POST
def key_approve(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    user = request_user(request)
    channel = channel_for_handler(user=user, slug=slug)
    colleague = channel.handlers.filter(pk=user_id, is_active=True).first()
    if colleague is None:
        raise Http404
    private = _handler_key(request)
    if private is None:
        messages.info(request, _("Unlock your key to approve a colleague's key."))
        return redirect("whistleblowing:handler-home")
    form = KeyApproveForm(request.POST)
    if not form.is_valid():
        service_error_to_messages(request, _form_refusal(form))
    else:
        try:
            channel_services.handler_key_approve(
                actor=user,
                channel=channel,
                user=colleague,
                fingerprint=form.cleaned_data["fingerprint"],
                approver_private_key=private,
            )
        except ValidationError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(
                request,
                _("The key was approved. %(person)s can now read the channel's reports.")
                % {"person": colleague.name or colleague.email},
            )
    return redirect("whistleblowing:handler-keys", slug=channel.slug)


@private_errors
@capability_required(Capability.MUNICIPALITY_MANAGE, Capability.WHISTLEBLOWING_CUSTODIAN)
@require_GET
def channel_keys(request: HttpRequest) -> HttpResponse:
    """Every channel, whether it can receive reports, and its handlers' keys: an administrator
    approves a channel's first handler, and a custodian confirms."""
    user = request_user(request)
    channels = list(Channel.objects.order_by("name"))
    keyed = approvals.approved_keys(c.pk for c in channels)
    return render(
        request,
        "whistleblowing/channel_keys.html",
        {
            "channels": [
                {
                    "channel": c,
                    "receives": bool(c.is_active and keyed.get(c.pk)),
                    "rows": _key_rows(c, keyed.get(c.pk, {})),
                    "first_possible": not keyed.get(c.pk),
                }
                for c in channels
            ],
            "me": user,
            "is_admin": user_can(user, Capability.MUNICIPALITY_MANAGE),
            "is_custodian": user_can(user, Capability.WHISTLEBLOWING_CUSTODIAN),
        },
    )


def _first_key_result(request: HttpRequest, action: Callable[[str], None]) -> HttpResponse:
    form = KeyApproveForm(request.POST)
    if not form.is_valid():
        service_error_to_messages(request, _form_refusal(form))
    else:
        try:
            action(form.cleaned_data["fingerprint"])
        except ValidationError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, _("Your approval was saved."))
    return redirect("whistleblowing:channel-keys")


@private_errors
@capability_required(Capability.MUNICIPALITY_MANAGE)
@require_POST
def first_key_propose(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    channel = get_object_or_404(Channel, slug=slug)
    person = get_object_or_404(channel.handlers.all(), pk=user_id)
    actor = request_user(request)

    def propose(fingerprint: str) -> None:
        channel_services.first_handler_propose(
            actor=actor, channel=channel, user=person, fingerprint=fingerprint
        )

    return _first_key_result(request, propose)


@private_errors
@capability_required(Capability.WHISTLEBLOWING_CUSTODIAN)
@require_POST
def first_key_confirm(request: HttpRequest, approval_id: int) -> HttpResponse:
    approval = get_object_or_404(
        HandlerKeyApproval.objects.select_related("channel", "user"),
        pk=approval_id,
        method=HandlerKeyApproval.Method.FIRST,
        server_seal="",
    )
    actor = request_user(request)

    def confirm(fingerprint: str) -> None:
        channel_services.first_handler_confirm(
            actor=actor, approval=approval, fingerprint=fingerprint
        )

    return _first_key_result(request, confirm)
