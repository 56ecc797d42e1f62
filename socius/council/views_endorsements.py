"""Pages of cross-party support under /byraad/opbakning/: how the measure works, a target's
support with every endorsement, endorse and withdraw (POST), and the editors' invitation of
every party. Targets come from ``access_endorsements`` (404 while not public); the invitation
page is one editors know of (403 without the role)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, request_user
from socius.core.dates import date_text
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.journeys import safe_next
from socius.core.roles import Capability
from socius.council import access_endorsements as access
from socius.council import selectors_endorsements as selectors
from socius.council import services_endorsements as services
from socius.council.forms_endorsements import EndorsementForm


@require_GET
def endorsement_explained(request: HttpRequest) -> HttpResponse:
    """How the breadth of support is measured, in plain Danish."""
    return render(request, "council/endorsement_explained.html")


def _target_page(
    request: HttpRequest, target: selectors.Target, form: EndorsementForm | None = None
) -> HttpResponse:
    support = selectors.support_for(target)
    return render(
        request,
        "council/endorsement_target.html",
        {"target": target, "support": support, "endorsement_form": form},
        status=200,
    )


@require_GET
def endorsement_target(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """A target's support: the parties, the measure and every endorsement with its reason."""
    return _target_page(request, access.target_for_view(kind, key))


@login_required
@require_POST
def endorsement_create(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """Endorse as the person logged in; a refusal is shown on the target's page."""
    user = request_user(request)
    target = access.target_for_view(kind, key)
    form = EndorsementForm(request.POST)
    if form.is_valid():
        try:
            services.endorsement_create(
                actor=user, kind=target.kind, key=target.key, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. Your endorsement is shown with your party."))
            return redirect(safe_next(request) or target.url)
    return _target_page(request, target, form)


@login_required
@require_POST
def endorsement_withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Withdraw one's own endorsement (someone else's is 404)."""
    user = request_user(request)
    endorsement = access.endorsement_for_politician(user=user, public_id=public_id)
    try:
        services.endorsement_withdraw(actor=user, endorsement=endorsement)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("Your endorsement is withdrawn. You can endorse again later."))
    fallback = services.support_path(endorsement.target_kind, endorsement.target_key)
    return redirect(safe_next(request) or fallback)


def _invite_message(result: services.InviteResult) -> str:
    text = ngettext(
        "%(parties)d party was invited (%(people)d politicians).",
        "%(parties)d parties were invited (%(people)d politicians).",
        len(result.invited),
    ) % {"parties": len(result.invited), "people": result.recipients}
    for party, when in result.too_soon:
        text += " " + _(
            "%(party)s was invited less than 7 days ago and can be invited again on %(date)s."
        ) % {"party": party.name, "date": date_text(when)}
    return text


@capability_required(Capability.ENDORSEMENTS_INVITE)
@require_http_methods(["GET", "POST"])
def endorsement_invite(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """Editors invite every party with verified politicians to consider endorsing."""
    target = access.target_for_view(kind, key)
    if request.method == "POST":
        try:
            result = services.endorsement_invite_all(
                actor=request_user(request), kind=target.kind, key=target.key
            )
        except ValidationError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, _invite_message(result))
        return redirect("council:endorsement-invite", target.kind, target.key)
    return render(
        request,
        "council/endorsement_invite.html",
        {
            "target": target,
            "invitations": selectors.invitations_recent(target.kind, target.key)[:50],
            "parties": _invitable_parties(target),
        },
    )


def _invitable_parties(target: selectors.Target) -> list[tuple[Any, int]]:
    counts: dict[int, tuple[Any, int]] = {}
    for profile in selectors.invitable_profiles(target):
        party, n = counts.get(profile.party_id, (profile.party, 0))
        counts[profile.party_id] = (party, n + 1)
    return list(counts.values())
