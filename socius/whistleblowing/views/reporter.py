"""Pages for reporters. No account, no session, no trace (docs/whistleblowing.md).

ReporterPrivacyMiddleware has already removed the address and user agent, and adds
no-store, no-referrer and the neutral error page. The inbox is opened with the receipt and
then kept open by a random token in a cookie limited to the scheme's path.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.whistleblowing import abuse, approvals, crypto, keystore, services
from socius.whistleblowing.errors import private_errors
from socius.whistleblowing.forms import (
    ExcludeForm,
    IdentityForm,
    MinutesAnswerForm,
    ReceiptConfirmForm,
    ReceiptForm,
    ReporterFileForm,
    ReporterMessageForm,
    ReportForm,
)
from socius.whistleblowing.middleware import neutral_error
from socius.whistleblowing.models import Attachment, Channel, Message, Report
from socius.whistleblowing.selectors import reporter_dates

COOKIE = "wb_inbox"
COOKIE_PATH = "/whistleblower/"
STRICT_CSP: dict[str, list[str]] = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}


def reporter_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    # An error report names no POST value and no local variable (errors.py).
    return csp_override(STRICT_CSP)(private_errors(wrapped))


@require_GET
@reporter_page
def information(request: HttpRequest) -> HttpResponse:
    channels = approvals.channels_receiving(
        Channel.objects.filter(is_active=True).select_related("municipality__space")
    )
    return render(
        request,
        "whistleblowing/information.html",
        {
            "channels": channels,
            "escrow": bool(settings.WHISTLEBLOWING_ESCROW_PUBLIC_KEY),
        },
    )


@require_GET
@reporter_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "whistleblowing/privacy.html", {})


def _report_form_page(
    request: HttpRequest, channel: Channel, form: ReportForm, error: str = ""
) -> HttpResponse:
    # Browsers do not keep chosen files when a form comes back with errors: say so, but only
    # when files were chosen.
    attached = request.method == "POST" and bool(request.FILES.getlist("attachments"))
    challenge, bits = abuse.pow_issue(abuse.POW_REPORT)
    data = form.data.copy() if form.is_bound else None  # type: ignore[attr-defined]
    if data is not None:
        data["pow_challenge"], data["pow_nonce"] = challenge, ""
        form.data = data
    else:
        form.initial.update({"pow_challenge": challenge})
    return render(
        request,
        "whistleblowing/report_form.html",
        {
            "channel": channel,
            "form": form,
            "pow_bits": bits,
            "error": error,
            "reattach_hint": _("Choose your files again before you send the report.")
            if attached
            else "",
            "nojs_wait": settings.WHISTLEBLOWING_NOJS_WAIT,
        },
    )


@require_http_methods(["GET", "POST"])
@reporter_page
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    channel = get_object_or_404(Channel, slug=slug, is_active=True)
    if not approvals.channel_receives(channel):
        # Nobody could read a report: no form, no receipt, the external channel instead.
        return render(
            request,
            "whistleblowing/channel_closed.html",
            {
                "channel": channel,
                "message": services.channel_closed_message(),
                "external_url": services.EXTERNAL_CHANNEL_URL,
            },
        )
    handlers = services.channel_handlers(channel)
    if request.method != "POST":
        return _report_form_page(request, channel, ReportForm(handlers=handlers))
    form = ReportForm(request.POST, request.FILES, handlers=handlers)
    if not form.is_valid():
        return _report_form_page(request, channel, form)
    data = form.cleaned_data
    if not abuse.pow_redeem(data["pow_challenge"], data.get("pow_nonce", ""), abuse.POW_REPORT):
        return _report_form_page(
            request,
            channel,
            form,
            _("The security check did not succeed. Wait a moment and send the report again."),
        )
    if not abuse.submission_allowed(getattr(request, "whistle_source", "")):
        return _report_form_page(
            request,
            channel,
            form,
            _("Many reports are being sent right now. Please try again in an hour."),
        )
    try:
        submitted = services.report_submit(
            channel=channel,
            content={k: data.get(k, "") for k in services.CONTENT_FIELDS},
            identity=data.get("identity", ""),
            kind=data["kind"],
            recording_consent=data.get("recording_consent", False),
            excluded_handler_ids=[int(x) for x in data.get("exclude", [])],
            uploads=data.get("attachments", []),
        )
    except ValidationError as exc:
        return _report_form_page(request, channel, form, " ".join(exc.messages))
    return _receipt_page(
        request,
        ReceiptConfirmForm(),
        confirming=True,
        channel=channel,
        receipt=crypto.receipt_format(submitted.receipt),
    )


def _open_inbox(request: HttpRequest) -> tuple[Report, bytes] | None:
    found = keystore.reporter_token_get(request.COOKIES.get(COOKIE))
    if found is None:
        return None
    public_id, private = found
    report = Report.objects.select_related("channel").filter(public_id=public_id).first()
    return (report, private) if report else None


def _receipt_page(
    request: HttpRequest, form: ReceiptForm, *, confirming: bool, **context: Any
) -> HttpResponse:
    """The receipt form (inbox login or confirmation), with a fresh proof-of-work token."""
    challenge, bits = abuse.pow_issue(abuse.POW_RECEIPT)
    if form.is_bound:
        data = form.data.copy()  # type: ignore[attr-defined]
        data["pow_challenge"], data["pow_nonce"] = challenge, ""
        form.data = data
    else:
        form.initial.update({"pow_challenge": challenge})
    template = "whistleblowing/receipt.html" if confirming else "whistleblowing/inbox_login.html"
    context.update(
        form=form,
        confirming=confirming,
        pow_bits=bits,
        nojs_wait=settings.WHISTLEBLOWING_NOJS_WAIT,
    )
    return render(request, template, context)


def _receipt_check(request: HttpRequest, form: ReceiptForm) -> tuple[Report, bytes] | str:
    """Open the inbox, or say why not. Only a receipt that was checked counts as a failure:
    an attempt refused by the brake or by the proof of work does not prolong the wait."""
    source = getattr(request, "whistle_source", "")
    wrong = _(
        "We could not open an inbox with this receipt. Check the digits, wait a moment and try again."
    )
    if abuse.receipt_wait_seconds(source) > 0:
        return wrong
    data = form.cleaned_data
    if not abuse.pow_redeem(data["pow_challenge"], data["pow_nonce"], abuse.POW_RECEIPT):
        return _("The security check did not succeed. Wait a moment and try again.")
    opened = services.receipt_open(data["receipt"])
    if opened is None:
        abuse.receipt_failure(source)
        return wrong
    return opened


def _login(request: HttpRequest) -> HttpResponse:
    confirming = "saved" in request.POST or request.POST.get("confirm") == "1"
    form = (ReceiptConfirmForm if confirming else ReceiptForm)(request.POST)
    error = ""
    if form.is_valid():
        opened = _receipt_check(request, form)
        if isinstance(opened, str):
            error = opened
        else:
            report, private = opened
            response = redirect("whistleblowing:inbox")
            response.set_cookie(
                COOKIE,
                keystore.reporter_token_new(str(report.public_id), private),
                path=COOKIE_PATH,
                httponly=True,
                samesite="Strict",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    return _receipt_page(request, form, confirming=confirming, error=error)


_DONE = {
    "message": _("Your message was sent."),
    "files": _("Your files were added."),
    "identity": _("Your identity was saved, encrypted."),
    "minutes": _("Thank you. Your answer to the minutes was saved."),
    "exclude": _("The handler can no longer see your report."),
}


@require_GET
@reporter_page
def inbox(request: HttpRequest) -> HttpResponse:
    opened = _open_inbox(request)
    if opened is None:
        return _receipt_page(request, ReceiptForm(), confirming=False)
    report, private = opened
    return _inbox_page(request, report, private, {})


@require_POST
@reporter_page
def inbox_login(request: HttpRequest) -> HttpResponse:
    return _login(request)


@require_POST
@reporter_page
def inbox_logout(request: HttpRequest) -> HttpResponse:
    if _open_inbox(request) is None:
        return neutral_error(request, 400)
    services.reporter_log_out(request.COOKIES.get(COOKIE))
    response = redirect("whistleblowing:information")
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response


# One POST URL per action in the inbox. Each validates its form and calls the service; it
# returns the key of its done message, or "" with the bound form (or an error) for the page.
type InboxAction = Callable[[HttpRequest, Report, dict[str, Any]], str]


def _inbox_post(request: HttpRequest, action: InboxAction) -> HttpResponse:
    opened = _open_inbox(request)
    if opened is None:
        return neutral_error(request, 400)
    report, private = opened
    forms: dict[str, Any] = {}
    try:
        done = action(request, report, forms)
    except ValidationError as exc:
        done, forms = "", {"action_error": " ".join(exc.messages)}
    if done:
        return redirect(f"{reverse('whistleblowing:inbox')}?done={done}")
    return _inbox_page(request, report, private, forms)


def _message(request: HttpRequest, report: Report, forms: dict[str, Any]) -> str:
    form = forms["message_form"] = ReporterMessageForm(request.POST)
    if not form.is_valid():
        return ""
    services.reporter_message(report=report, body=form.cleaned_data["body"])
    return "message"


def _files(request: HttpRequest, report: Report, forms: dict[str, Any]) -> str:
    form = forms["file_form"] = ReporterFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return ""
    services.attachments_add(
        report=report, uploads=form.cleaned_data["attachments"], from_reporter=True
    )
    return "files"


def _identity(request: HttpRequest, report: Report, forms: dict[str, Any]) -> str:
    form = forms["identity_form"] = IdentityForm(request.POST)
    if not form.is_valid():
        return ""
    services.reporter_identity_give(report=report, identity=form.cleaned_data["identity"])
    return "identity"


def _minutes(request: HttpRequest, report: Report, forms: dict[str, Any]) -> str:
    form = MinutesAnswerForm(request.POST)
    if not form.is_valid():
        forms["minutes_error"] = True
        return ""
    d = form.cleaned_data
    services.reporter_minutes_answer(
        report=report, minutes_id=str(d["minutes"]), approve=d["approve"], comment=d["comment"]
    )
    return "minutes"


def _exclude(request: HttpRequest, report: Report, forms: dict[str, Any]) -> str:
    handlers = services.channel_handlers(report.channel)
    form = forms["exclude_form"] = ExcludeForm(request.POST, handlers=handlers)
    if not form.is_valid():
        return ""
    services.reporter_exclude_handler(report=report, user_id=form.cleaned_data["handler"])
    return "exclude"


@require_POST
@reporter_page
def inbox_message(request: HttpRequest) -> HttpResponse:
    return _inbox_post(request, _message)


@require_POST
@reporter_page
def inbox_files(request: HttpRequest) -> HttpResponse:
    return _inbox_post(request, _files)


@require_POST
@reporter_page
def inbox_identity(request: HttpRequest) -> HttpResponse:
    return _inbox_post(request, _identity)


@require_POST
@reporter_page
def inbox_minutes(request: HttpRequest) -> HttpResponse:
    return _inbox_post(request, _minutes)


@require_POST
@reporter_page
def inbox_exclude(request: HttpRequest) -> HttpResponse:
    return _inbox_post(request, _exclude)


def _inbox_page(
    request: HttpRequest, report: Report, private: bytes, forms: dict[str, Any]
) -> HttpResponse:
    content = services.case_content_for_reporter(report, private)
    messages = [
        {"m": m, "body": crypto.unseal_text(private, bytes(m.sealed_body))}
        for m in report.messages.exclude(kind=Message.Kind.INTERNAL)
    ]
    attachments = [
        {"a": a, "name": crypto.unseal_text(private, bytes(a.sealed_name))}
        for a in report.attachments.all()
    ]
    excluded = set(report.excluded_handlers.values_list("pk", flat=True))
    handlers = [h for h in services.channel_handlers(report.channel) if h.pk not in excluded]
    context = {
        "report": report,
        "dates": reporter_dates(report),
        "content": content,
        "thread": messages,
        "attachments": attachments,
        "message_form": forms.get("message_form") or ReporterMessageForm(),
        "file_form": forms.get("file_form") or ReporterFileForm(),
        "identity_form": forms.get("identity_form") or IdentityForm(),
        "exclude_form": forms.get("exclude_form") or ExcludeForm(handlers=handlers),
        "can_exclude": len(handlers) > 1,
        "has_identity": bool(report.sealed_identity),
        "action_error": forms.get("action_error", ""),
        "done": _DONE.get(request.GET.get("done", ""), ""),
    }
    return render(request, "whistleblowing/inbox.html", context)


@require_GET
@reporter_page
def inbox_file(request: HttpRequest, public_id: str) -> HttpResponse:
    opened = _open_inbox(request)
    if opened is None:
        raise Http404
    report, private = opened
    attachment = Attachment.objects.filter(report=report, public_id=public_id).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment, private, request)


def attachment_response(
    attachment: Attachment, private: bytes, request: HttpRequest
) -> HttpResponse:
    """Decrypt in full first, so a tampered or truncated file is refused, never half-served."""
    try:
        name, data = services.attachment_read(attachment, private)
    except crypto.DecryptionError:
        return neutral_error(request, 400)
    response = HttpResponse(data, content_type="application/octet-stream")
    response.headers["Content-Disposition"] = _disposition(name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response


def _disposition(name: str) -> str:
    from urllib.parse import quote

    ascii_name = (
        "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._- ") else "_" for ch in name)
        or "file"
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
