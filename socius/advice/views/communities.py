from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.advice import selectors, services
from socius.advice.forms import CommunityFilterForm, CommunityForm
from socius.advice.models import Community
from socius.core.access import request_user
from socius.core.cache import public_page
from socius.core.feedback import service_call_with_feedback
from socius.core.journeys import redirect_with_return
from socius.core.models import Organisation
from socius.core.paging import page_with_query


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


def _community(public_id: Any) -> Community:
    community = (
        Community.objects.select_related("organisation", "municipality")
        .filter(public_id=public_id)
        .first()
    )
    if community is None:
        raise Http404
    return community


def community_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    community = _community(public_id)
    can_manage = services.community_can_manage(request.user, community.organisation_id)
    if not can_manage and not Community.objects.visible().filter(pk=community.pk).exists():
        raise Http404  # hidden entries are seen only by their organisation
    return render(
        request, "advice/community_detail.html", {"community": community, "can_manage": can_manage}
    )


def _organisations(user: Any) -> Any:
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
    community = _community(public_id) if public_id else None
    if community is not None and not services.community_can_manage(user, community.organisation_id):
        raise Http404
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
            form.add_error(None, exc)
        else:
            messages.success(request, _("The community was saved."))
            return redirect(community)
    return render(request, "advice/community_edit.html", {"form": form, "community": community})


@login_required
@require_POST
def community_confirm(request: HttpRequest, public_id: str) -> HttpResponse:
    community = _community(public_id)
    if not services.community_can_manage(request.user, community.organisation_id):
        raise Http404
    service_call_with_feedback(
        request,
        lambda: services.community_confirm(actor=request_user(request), community=community),
        _("Thank you. The community is shown for another six months."),
    )
    return redirect(community)
