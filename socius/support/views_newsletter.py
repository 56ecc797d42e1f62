"""The newsletter: sign-up, confirmation and one-click unsubscribe; writing and sending issues. The links' GET shows a
button and changes nothing (mail scanners follow links); POST acts. The unsubscribe POST is
CSRF-exempt because RFC 8058 mail clients post ``List-Unsubscribe=One-Click`` without
cookies; it can do nothing but unsubscribe the address its secret names."""

from __future__ import annotations

from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from socius.core.access import capability_required, request_user
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.roles import Capability
from socius.support import access
from socius.support import services_newsletter as services
from socius.support.forms import NewsletterForm, NewsletterIssueForm
from socius.support.models import NewsletterIssue


@require_http_methods(["GET", "POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.newsletter_signup(
            email=form.cleaned_data["email"], language=get_language() or "da"
        )
        # The same answer whether the address was new, pending or already confirmed.
        return redirect("support:newsletter-sent")
    return render(request, "support/newsletter_signup.html", {"form": form})


def newsletter_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "support/newsletter_sent.html")


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, secret: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "support/newsletter_confirm.html", {"secret": secret})
    ok = services.newsletter_confirm(secret=secret)
    return render(
        request, "support/newsletter_confirmed.html", {"ok": ok}, status=200 if ok else 400
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request: HttpRequest, secret: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "support/newsletter_unsubscribe.html", {"secret": secret})
    ok = services.newsletter_unsubscribe(secret=secret)
    return render(request, "support/newsletter_unsubscribed.html", {"ok": ok},
                  status=200 if ok else 400)  # fmt: skip


# --- issues (SUPPORT_NEWSLETTER; 403 for others) ----------------------------------------


@capability_required(Capability.SUPPORT_NEWSLETTER)
@require_GET
def issue_list(request: HttpRequest) -> HttpResponse:
    return render(request, "support/newsletter_issue_list.html",
                  {"issues": NewsletterIssue.objects.all()})  # fmt: skip


@capability_required(Capability.SUPPORT_NEWSLETTER)
@require_http_methods(["GET", "POST"])
def issue_create(request: HttpRequest) -> HttpResponse:
    form = NewsletterIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.newsletter_issue_save(actor=request_user(request), issue=form.instance)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            return redirect(issue.get_absolute_url())
    return render(request, "support/newsletter_issue_form.html", {"form": form})


def _issue_page(
    request: HttpRequest, issue: NewsletterIssue, form: NewsletterIssueForm
) -> HttpResponse:
    waiting = issue.send_started_at is None
    return render(request, "support/newsletter_issue_detail.html", {
        "issue": issue, "form": form if waiting else None,
        "recipients": services.newsletter_recipients(issue).count() if waiting else None,
        "sending": issue.send_started_at is not None and issue.sent_at is None,
    })  # fmt: skip


@capability_required(Capability.SUPPORT_NEWSLETTER)
@require_http_methods(["GET", "POST"])
def issue_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    issue = access.newsletter_issue_for_editor(user=user, public_id=public_id)
    # The form edits a copy, so the preview keeps showing what is saved.
    form = NewsletterIssueForm(
        request.POST if request.POST.get("action") == "save" else None, instance=copy(issue)
    )
    if request.method == "GET":
        return _issue_page(request, issue, form)
    try:
        if request.POST.get("action") == "send":
            services.newsletter_issue_send(actor=user, issue=issue)
            messages.success(request, _("The newsletter is being sent."))
        elif form.is_valid():
            services.newsletter_issue_save(actor=user, issue=form.instance)
            messages.success(request, _("The issue is saved. Read it through before sending."))
        else:
            return _issue_page(request, issue, form)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    return redirect(issue.get_absolute_url())


@capability_required(Capability.SUPPORT_NEWSLETTER)
@require_GET
def issue_progress(request: HttpRequest, public_id: Any) -> JsonResponse:
    issue = access.newsletter_issue_for_editor(user=request_user(request), public_id=public_id)
    return JsonResponse({
        "sent": issue.sent_count, "total": issue.recipients_count,
        "percent": issue.progress_percent, "done": issue.sent_at is not None,
    })  # fmt: skip
