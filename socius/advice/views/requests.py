"""Pages for organisations that ask for advice, and the follow-up survey."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socius.advice import selectors, services
from socius.advice.access import request_for_organisation
from socius.advice.forms import AdviceRequestForm, FollowUpForm, MessageForm
from socius.advice.services.follow_up import FollowUpAlreadyAnswered, follow_up_from_token
from socius.core.access import request_user, user_can
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.journeys import redirect_with_return
from socius.core.models import Organisation
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User


def _organisations(user: User) -> Any:
    return (
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=services.MANAGING_ROLES
        )
        .distinct()
        .order_by("name")
    )


def request_list(request: HttpRequest) -> HttpResponse:
    """What the service offers, and the requests of the visitor's organisations."""
    requests = (
        selectors.request_list_for_organisations(user=request_user(request))
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "advice/request_list.html",
        {
            "requests": requests,
            "response_days": settings.ADVICE_RESPONSE_WORKING_DAYS,
            "can_handle": user_can(request.user, Capability.ADVICE_HANDLE),
        },
    )


def _no_organisation(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        _(
            "Only contacts and board members of an organisation can ask for advice. Register your organisation first."
        ),
    )
    return redirect_with_return(request, "core:organisation-create")


def _request_create_page(request: HttpRequest, form: AdviceRequestForm) -> HttpResponse:
    return render(request, "advice/request_create.html", {"form": form})


@login_required
@require_safe
def request_create(request: HttpRequest) -> HttpResponse:
    """Two steps: describe the need, see guides that may answer it, then send it anyway.

    Step 1 posts to `request_check` (step 2: the suggestions); step 2 posts to `request_submit`
    or back to `request_edit`. Everything typed travels with the form through both steps (as
    hidden fields on the second), so going back or submitting loses nothing, without scripts."""
    organisations = _organisations(request_user(request))
    if not organisations.exists():
        return _no_organisation(request)
    return _request_create_page(request, AdviceRequestForm(organisations=organisations))


@login_required
@require_POST
def request_check(request: HttpRequest) -> HttpResponse:
    """Step 2: the guides that may already answer the request; nothing is stored."""
    organisations = _organisations(request_user(request))
    if not organisations.exists():
        return _no_organisation(request)
    form = AdviceRequestForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _request_create_page(request, form)
    data = form.cleaned_data
    hits = selectors.guide_suggestions(
        title=data["title"], description=data["description"], themes=list(data["themes"])
    )
    return render(
        request,
        "advice/request_suggestions.html",
        {"form": form, "hits": hits, "guides_only": bool(selectors.guide_kind())},
    )


@login_required
@require_POST
def request_edit(request: HttpRequest) -> HttpResponse:
    """Back from step 2 to step 1, with everything typed still filled in."""
    organisations = _organisations(request_user(request))
    if not organisations.exists():
        return _no_organisation(request)
    form = AdviceRequestForm(request.POST, organisations=organisations)
    form.is_valid()  # show any errors beside the fields, as step 1 would
    return _request_create_page(request, form)


@login_required
@require_POST
def request_submit(request: HttpRequest) -> HttpResponse:
    """Send the request (from step 2, or straight from a form that holds every field)."""
    user = request_user(request)
    organisations = _organisations(user)
    if not organisations.exists():
        return _no_organisation(request)
    form = AdviceRequestForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            advice = services.request_submit(
                actor=user,
                organisation=data["organisation"],
                title=data["title"],
                wants=data["wants"],
                themes=list(data["themes"]),
                target_group=data["target_group"],
                size=data["size"],
                description=data["description"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Thank you. We have received your request and will answer by %(date)s.")
                % {"date": _date(advice.response_due)},
            )
            return redirect(advice)
    return _request_create_page(request, form)


def _date(value: Any) -> str:
    from socius.core.dates import date_text

    return date_text(value)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The organisation's view of its request: the messages, never the advisors' notes."""
    user = request_user(request)
    advice = request_for_organisation(user=user, public_id=public_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                actor=user, request=advice, body=form.cleaned_data["body"], as_advisor=False
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Your message was sent to the advisor."))
            return redirect(advice)
    return render(
        request,
        "advice/request_detail.html",
        {
            "advice": advice,
            "form": form,
            "thread": advice.messages.select_related("author"),
        },
    )


@login_required
@require_POST
def request_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    advice = request_for_organisation(user=user, public_id=public_id)
    service_call_with_feedback(
        request,
        lambda: services.request_withdraw(actor=user, request=advice),
        _("The request was withdrawn."),
    )
    return redirect(advice)


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, token: str) -> HttpResponse:
    """The follow-up survey behind a signed, single-use link; no login needed (see
    services/follow_up.py for the threat model)."""
    survey = follow_up_from_token(token)
    if survey is None:
        return render(request, "advice/follow_up_invalid.html", status=404)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_answer(follow_up=survey, **form.cleaned_data)
        except (FollowUpAlreadyAnswered, ValidationError):
            return render(request, "advice/follow_up_invalid.html", status=404)
        return render(request, "advice/follow_up_thanks.html")
    return render(request, "advice/follow_up.html", {"survey": survey, "form": form})
