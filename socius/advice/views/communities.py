from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.advice import selectors, services
from socius.advice.access import community_for_manage, community_for_view
from socius.advice.forms import CommunityFilterForm, CommunityForm
from socius.core.access import request_user
from socius.core.cache import public_page
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.journeys import redirect_with_return
from socius.core.models import Organisation
from socius.core.paging import page_with_query

if TYPE_CHECKING:
    from socius.accounts.models import User


@public_page()
def community_list(request: HttpRequest) -> HttpResponse:
    """The public directory: no account needed to find a community near you."""
    form = CommunityFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        qs = selectors.community_list_public(
            q=data["q"], municipality=data["municipality"], theme=data["theme"]
        )
    else:  # an invalid filter shows the whole directory, with the form's error
        qs = selectors.community_list_public()
    page, query = page_with_query(request, qs, 25)
    return render(
        request,
        "advice/community_list.html",
        {"form": form, "page": page, "query": query},
    )


def community_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    community, can_manage = community_for_view(user=request.user, public_id=public_id)
    return render(
        request, "advice/community_detail.html", {"community": community, "can_manage": can_manage}
    )


def _organisations(user: User) -> Any:
    return (
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=services.MANAGING_ROLES
        )
        .distinct()
        .order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request: HttpRequest, public_id: str | None = None) -> HttpResponse:
    user = request_user(request)
    community = community_for_manage(user=user, public_id=public_id) if public_id else None
    organisations = _organisations(user)
    if community is None and not organisations.exists():
        messages.info(
            request,
            _(
                "Only contacts and board members of an organisation can list a community. Register your organisation first."
            ),
        )
        return redirect_with_return(request, "core:organisation-create")
    form = CommunityForm(request.POST or None, instance=community, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = list(data.pop("themes", []))
        try:
            if community is None:
                community = services.community_create(actor=user, themes=themes, **data)
            else:
                services.community_update(actor=user, community=community, themes=themes, **data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The community was saved."))
            return redirect(community)
    return render(request, "advice/community_edit.html", {"form": form, "community": community})


@login_required
@require_POST
def community_confirm(request: HttpRequest, public_id: str) -> HttpResponse:
    community = community_for_manage(user=request_user(request), public_id=public_id)
    service_call_with_feedback(
        request,
        lambda: services.community_confirm(actor=request_user(request), community=community),
        _("Thank you. The community is shown for another six months."),
    )
    return redirect(community)
