from __future__ import annotations

import json
from typing import TYPE_CHECKING

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socius.accounts import services as account_services
from socius.accounts.forms import (
    DeleteAccountForm,
    PeopleFilterForm,
    PoliticianForm,
    ProfileForm,
    StaffRoleForm,
)
from socius.accounts.overview import overview_for
from socius.core import services as core_services
from socius.core.access import capability_required, request_user, user_can, user_roles
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.models import PoliticianProfile
from socius.core.roles import PUBLIC_ROLES, Capability, Role

if TYPE_CHECKING:
    from socius.accounts.models import User


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    held = user_roles(user)
    initial = {"name": user.name, "language": user.language, "roles": sorted(held & PUBLIC_ROLES)}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account_services.profile_update(actor=user, name=data["name"], language=data["language"])
        chosen = set(data["roles"])
        if Role.POLITICIAN in held:
            chosen.add(Role.POLITICIAN)  # managed on the politician form
        core_services.roles_set_public(actor=user, roles=chosen)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    politician = PoliticianProfile.objects.filter(user=user).select_related("party").first()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": sorted(held),
            "politician": politician,
            "role_labels": dict(Role.choices),
        },
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Mit overblik: the person's own proposals, conversations, their organisations'
    applications, advice requests and communities, and the way to their notifications."""
    user = request_user(request)
    return render(request, "accounts/overview.html", {"overview": overview_for(user=user)})


@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """The first page after a new account's e-mail address is confirmed: what to do now."""
    user = request_user(request)
    return render(
        request,
        "accounts/welcome.html",
        {"profile_incomplete": not user.name or not user_roles(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def politician(request: HttpRequest) -> HttpResponse:
    current = PoliticianProfile.objects.filter(user=request_user(request)).first()
    initial = {"party": current.party_id, "office": current.office} if current else None
    form = PoliticianForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            core_services.politician_declare(
                actor=request_user(request),
                party=form.cleaned_data["party"],
                office=form.cleaned_data["office"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Your party was saved. Staff will verify it."))
            return redirect("accounts:profile")
    return render(request, "accounts/politician.html", {"form": form, "current": current})


@login_required
def export(request: HttpRequest) -> HttpResponse:
    data = account_services.account_export(actor=request_user(request))
    body = json.dumps(data, ensure_ascii=False, indent=2)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="socius-data-{stamp}.json"'
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request_user(request))
    if request.method == "POST" and form.is_valid():
        try:
            account_services.account_delete(actor=request_user(request))
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})


# --- Staff: people and roles ------------------------------------------------------------------
@capability_required(Capability.PERSON_LIST)
def staff_people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    qs = (
        get_user_model()
        .objects.filter(anonymised_at__isnull=True)
        .prefetch_related("role_assignments")
    )
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(email__icontains=q) | Q(name__icontains=q))
        if role := form.cleaned_data["role"]:
            qs = qs.filter(role_assignments__role=role)
    unverified = PoliticianProfile.objects.filter(verified_at__isnull=True).count()
    page = Paginator(qs.order_by("email"), 50).get_page(request.GET.get("side"))
    return render(
        request,
        "accounts/staff_people.html",
        {"form": form, "page": page, "unverified": unverified, "role_labels": dict(Role.choices)},
    )


@capability_required(Capability.PERSON_LIST)
@require_safe
def staff_person(request: HttpRequest, public_id: str) -> HttpResponse:
    person = get_object_or_404(get_user_model(), public_id=public_id, anonymised_at__isnull=True)
    return _staff_person_page(request, person, StaffRoleForm())


def _staff_person_page(request: HttpRequest, person: User, form: StaffRoleForm) -> HttpResponse:
    politician = PoliticianProfile.objects.filter(user=person).select_related("party").first()
    return render(
        request,
        "accounts/staff_person.html",
        {
            "person": person,
            "roles": sorted(user_roles(person)),
            "role_labels": dict(Role.choices),
            "form": form,
            "politician": politician,
            "can_grant": user_can(request.user, Capability.ROLE_GRANT_STAFF),
            "staff_roles": [r for r in Role if r.value in core_services.STAFF_ROLES],
        },
    )


def _staff_role_change(request: HttpRequest, public_id: str, *, grant: bool) -> HttpResponse:
    person = get_object_or_404(get_user_model(), public_id=public_id, anonymised_at__isnull=True)
    form = StaffRoleForm(request.POST)
    if not form.is_valid():
        return _staff_person_page(request, person, form)
    role = form.cleaned_data["role"]
    change = core_services.role_grant if grant else core_services.role_revoke
    try:
        change(actor=request_user(request), user=person, role=role)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("The roles were updated."))
    return redirect("accounts:staff-person", public_id=person.public_id)


@capability_required(Capability.PERSON_LIST)
@require_POST
def staff_role_grant(request: HttpRequest, public_id: str) -> HttpResponse:
    return _staff_role_change(request, public_id, grant=True)


@capability_required(Capability.PERSON_LIST)
@require_POST
def staff_role_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    return _staff_role_change(request, public_id, grant=False)


@capability_required(Capability.POLITICIAN_VERIFY)
@require_POST
def staff_politician_verify(request: HttpRequest, public_id: str) -> HttpResponse:
    person = get_object_or_404(get_user_model(), public_id=public_id, anonymised_at__isnull=True)
    profile = get_object_or_404(PoliticianProfile, user=person)
    verified = request.POST.get("verified") == "1"
    core_services.politician_verify(actor=request_user(request), profile=profile, verified=verified)
    messages.success(
        request,
        _("The politician's party was marked as verified.")
        if verified
        else _("The verification was withdrawn."),
    )
    return redirect("accounts:staff-person", public_id=person.public_id)


def _sent_from_this_site(request: HttpRequest) -> bool:
    """Whether the browser says the form was sent from a page of this site: its
    ``Sec-Fetch-Site`` header (every current browser sends it), or else an ``Origin`` header
    that names this site exactly."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and origin == f"{request.scheme}://{request.get_host()}"


@csrf_exempt
@require_POST
def logout_from_header(request: HttpRequest) -> HttpResponse:
    """The "Log ud" button in every member's header: logs out at once, without a CSRF token.

    Threat model: a token in the header would be on every page a member sees, and each page
    would then need a freshly masked token and a cookie set (what costs a member's page most
    after reading the session and the person; bench/README.md). Logging out is the one action
    that goes without: the worst a forged request could do is end the person's own session,
    which reveals and changes nothing else. Even that is refused unless the browser says the
    form came from a page of this site (``Sec-Fetch-Site: same-origin``, or an ``Origin``
    equal to this site); anything else - another site, an old browser sending neither header -
    is sent to allauth's log-out page, which asks once more with a form that has a token.
    Every other form keeps Django's CSRF protection."""
    if not _sent_from_this_site(request):
        return redirect("account_logout")
    return allauth_views.logout(request)
