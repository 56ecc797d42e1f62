from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from socius.core import selectors, services
from socius.core.access import organisation_can_manage, organisation_for_manage, user_can
from socius.core.cache import public_page
from socius.core.forms import MemberForm, OrganisationFilterForm, OrganisationForm, ThemeForm
from socius.core.models import Membership, Theme
from socius.core.paging import page_with_query

PAGE_SIZE = 25


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    themes = selectors.theme_list_active()
    return render(request, "core/home.html", {"themes": themes})


@public_page()
def page_accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/page_accessibility.html")


@public_page()
def page_about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/page_about.html")


@public_page()
def page_privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/page_privacy.html")


def language_set(request: HttpRequest, code: str) -> HttpResponse:
    """Switch language with a plain link (no form, so public pages carry no CSRF token and can
    be cached). Only a language preference is set; ``next`` must stay on this site."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon.

    Not permanent: the icon's hashed file name changes when it changes."""
    return redirect(static("socius/favicon.svg"))


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Themes -----------------------------------------------------------------------------------
@public_page()
def theme_list(request: HttpRequest) -> HttpResponse:
    themes = selectors.theme_list_with_counts()
    return render(
        request,
        "core/theme_list.html",
        {"themes": themes, "can_edit": user_can(request.user, "theme.edit")},
    )


@public_page()
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug, is_active=True)
    organisations = selectors.organisation_list_filtered(theme=theme)[:50]
    return render(
        request,
        "core/theme_detail.html",
        {
            "theme": theme,
            "organisations": organisations,
            "can_edit": user_can(request.user, "theme.edit"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if not user_can(request.user, "theme.edit"):
        raise PermissionDenied
    theme = get_object_or_404(Theme, slug=slug) if slug else None
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.theme_save(actor=request.user, theme=theme, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The theme was saved."))
            return redirect(saved.get_absolute_url() if saved.is_active else "core:theme-list")
    return render(request, "core/theme_edit.html", {"form": form, "theme": theme})


# --- Organisations ----------------------------------------------------------------------------
@public_page()
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organisation_list_filtered(
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        municipality=filters.get("municipality"),
    )
    page, query = page_with_query(request, qs, PAGE_SIZE)
    return render(
        request,
        "core/organisation_list.html",
        {"form": form, "page": page, "query": query},
    )


@public_page()
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.organisation_detail(slug=slug)
    if org is None:
        raise Http404
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": org,
            "can_manage": organisation_can_manage(user=request.user, organisation=org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = list(data.pop("themes", []))
        try:
            org = services.organisation_create(actor=request.user, themes=themes, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The organisation was registered. You are its contact person.")
            )
            return redirect(org)
    return render(request, "core/organisation_edit.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for_manage(user=request.user, slug=slug)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = list(data.pop("themes", []))
        try:
            services.organisation_update(
                actor=request.user, organisation=org, themes=themes, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(org)
    return render(request, "core/organisation_edit.html", {"form": form, "organisation": org})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for_manage(user=request.user, slug=slug)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set(
                actor=request.user,
                organisation=org,
                user=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The member list was updated."))
            return redirect("core:organisation-members", slug=org.slug)
    members = org.memberships.select_related("user").order_by("role", "created_at")
    return render(
        request,
        "core/organisation_members.html",
        {"organisation": org, "members": members, "form": form},
    )


@login_required
@require_POST
def organisation_member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    org = organisation_for_manage(user=request.user, slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=org)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The person was removed from the organisation."))
    return redirect("core:organisation-members", slug=org.slug)


# --- Audit ------------------------------------------------------------------------------------
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, "audit.view"):
        raise PermissionDenied
    page = Paginator(selectors.audit_list_recent(), 50).get_page(request.GET.get("side"))
    return render(request, "core/audit_list.html", {"page": page})
