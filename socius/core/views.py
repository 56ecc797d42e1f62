from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from socius.core import selectors, services
from socius.core.access import (
    capability_required,
    organisation_can_manage,
    organisation_for_manage,
    request_user,
    user_can,
    user_is_staff,
)
from socius.core.audit import audit_action_label
from socius.core.cache import member_page, public_fragment, public_page
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.forms import (
    AuditFilterForm,
    MemberForm,
    MunicipalSpaceForm,
    OrganisationFilterForm,
    OrganisationForm,
    ThemeForm,
)
from socius.core.journeys import safe_next
from socius.core.models import Membership, Municipality, Theme
from socius.core.paging import page_with_query
from socius.core.roles import Capability
from socius.core.sections import sections_for
from socius.core.unavailable import failure_note, unavailable_response
from socius.core.workbench import workbench_queues

PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50
# Organisations shown on a theme page (the organisation list has no theme filter yet).
THEME_ITEMS = 50


@public_page()
@member_page()
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what is happening now, gathered from the modules' registered sections.
    Public content only, so anonymous visitors get it from the page cache, and members a kept
    page with their own header filled in."""
    lists = public_fragment(
        request,
        "home",
        "core/includes/home_lists.html",
        lambda: {"themes": selectors.theme_list_active(), "sections": sections_for("home")},
    )
    return render(request, "core/home.html", {"lists": lists})


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
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and readiness: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        failure_note(request, exc)
        return unavailable_response(request)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Themes -----------------------------------------------------------------------------------
@public_page()
def theme_list(request: HttpRequest) -> HttpResponse:
    themes = selectors.theme_list_with_counts()
    return render(
        request,
        "core/theme_list.html",
        {"themes": themes, "can_edit": user_can(request.user, Capability.THEME_EDIT)},
    )


@public_page()
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The one page of a theme: everything on it across the modules (the knowledge hub's theme
    pages redirect here; see docs/architecture.md)."""
    theme = get_object_or_404(Theme, slug=slug, is_active=True)
    organisations = list(selectors.organisation_list_filtered(theme=theme)[:THEME_ITEMS])
    return render(
        request,
        "core/theme_detail.html",
        {
            "theme": theme,
            "sections": sections_for("theme", theme=theme),
            "organisations": organisations,
            "can_edit": user_can(request.user, Capability.THEME_EDIT),
        },
    )


@capability_required(Capability.THEME_EDIT)
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug) if slug else None
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.theme_save(
                actor=request_user(request), theme=theme, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The theme was saved."))
            return redirect(saved.get_absolute_url() if saved.is_active else "core:theme-list")
    return render(request, "core/theme_edit.html", {"form": form, "theme": theme})


# --- Organisations ----------------------------------------------------------------------------
@public_page()
@member_page()
def organisation_list(request: HttpRequest) -> HttpResponse:
    def listing() -> dict[str, Any]:
        form = OrganisationFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        qs = selectors.organisation_list_filtered(
            q=filters.get("q", ""),
            kind=filters.get("kind", ""),
            municipality=filters.get("municipality"),
        )
        page, query = page_with_query(request, qs, PAGE_SIZE)
        return {"form": form, "page": page, "query": query}

    html = public_fragment(
        request, "organisations", "core/includes/organisation_listing.html", listing
    )
    return render(request, "core/organisation_list.html", {"listing": html})


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
            # The page is public: only a logged-in person can be one who manages it.
            "can_manage": request.user.is_authenticated
            and organisation_can_manage(user=request_user(request), organisation=org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Register an organisation; with a safe ``next`` (the page that asked for an
    organisation first), the person goes back there afterwards."""
    form = OrganisationForm(request.POST or None)
    next_url = safe_next(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = list(data.pop("themes", []))
        try:
            org = services.organisation_create(actor=request_user(request), themes=themes, **data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("The organisation was registered. You are its contact person.")
            )
            return redirect(next_url or org)
    return render(
        request,
        "core/organisation_edit.html",
        {"form": form, "organisation": None, "next_url": next_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for_manage(user=request_user(request), slug=slug)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = list(data.pop("themes", []))
        try:
            services.organisation_update(
                actor=request_user(request), organisation=org, themes=themes, **data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(org)
    return render(request, "core/organisation_edit.html", {"form": form, "organisation": org})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for_manage(user=request_user(request), slug=slug)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set(
                actor=request_user(request),
                organisation=org,
                user=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
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
    org = organisation_for_manage(user=request_user(request), slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=org)
    try:
        services.membership_remove(actor=request_user(request), membership=membership)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("The person was removed from the organisation."))
    return redirect("core:organisation-members", slug=org.slug)


# --- Audit ------------------------------------------------------------------------------------
@capability_required(Capability.AUDIT_VIEW)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_list_filtered(
        person=filters.get("person", ""),
        module=filters.get("module", ""),
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page, query = page_with_query(request, entries, AUDIT_PAGE_SIZE)
    rows = [(entry, audit_action_label(entry.action)) for entry in page]
    asked = request.GET.get("side", "")
    # A page past the end shows the last page, and says so (huge numbers included).
    past_the_end = asked.isdigit() and (len(asked) > 9 or int(asked) > page.paginator.num_pages)
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "rows": rows,
            "filtered": bool(filters) and any(filters.values()),
            "past_the_end": past_the_end,
        },
    )


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """Arbejdsbord: every queue the person's staff roles give them, overdue work first."""
    if not user_is_staff(request.user):
        raise PermissionDenied
    queues = workbench_queues(request.user)
    return render(
        request,
        "core/workbench.html",
        {
            "queues": queues,
            "total_overdue": sum(q.overdue for q in queues),
            "can_audit": user_can(request.user, Capability.AUDIT_VIEW),
        },
    )


# --- Municipal spaces -------------------------------------------------------------------------
@public_page()
def municipality_list(request: HttpRequest) -> HttpResponse:
    """The municipalities that take part, each with its responsible authority."""
    spaces = selectors.municipal_space_list_participating()
    return render(
        request,
        "core/municipality_list.html",
        {"spaces": spaces, "can_manage": user_can(request.user, Capability.MUNICIPALITY_MANAGE)},
    )


@public_page()
def municipality_space(request: HttpRequest, slug: str) -> HttpResponse:
    """A participating municipality's schemes, with the authority responsible for them."""
    space = selectors.municipal_space_get(slug=slug)
    if space is None:
        raise Http404
    return render(
        request,
        "core/municipality_space.html",
        {
            "space": space,
            "sections": sections_for("municipality", municipality=space.municipality),
            "can_manage": user_can(request.user, Capability.MUNICIPALITY_MANAGE),
        },
    )


@capability_required(Capability.MUNICIPALITY_MANAGE)
def municipality_admin_list(request: HttpRequest) -> HttpResponse:
    """Administrators: every municipality, and whether it takes part."""
    municipalities = selectors.municipality_list_with_spaces()
    return render(request, "core/municipality_admin_list.html", {"municipalities": municipalities})


@capability_required(Capability.MUNICIPALITY_MANAGE)
@require_http_methods(["GET", "POST"])
def municipality_admin_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Administrators: say whether a municipality takes part and who answers for it."""
    municipality = get_object_or_404(Municipality, code=code)
    space = getattr(municipality, "space", None)
    form = MunicipalSpaceForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        try:
            services.municipal_space_save(
                actor=request_user(request), municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The municipality's details were saved."))
            return redirect("core:municipality-admin-list")
    return render(
        request,
        "core/municipality_admin_edit.html",
        {"form": form, "municipality": municipality, "space": space},
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page (``handler404``), except under /api/, where every answer is JSON: a URL
    that none of the API's routes matches (an unknown path, or a path parameter holding an
    encoded slash) gets the API's own ``{"detail": "Not Found"}``, as its OpenAPI document
    declares, not an HTML page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)
