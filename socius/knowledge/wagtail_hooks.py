"""Wagtail admin hooks: the live LIX box, and a LIX warning after saving, never a refusal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.auth import require_admin_access

from socius.core.plain_language import TARGET_FOR_EVERYONE, lix
from socius.knowledge.choosers import author_chooser_viewset
from socius.knowledge.panels import lix_context


def _lix_warn(request: HttpRequest, page: Any) -> None:
    summary = getattr(page.specific, "summary", None)
    if summary is None:
        return
    result = lix(summary)
    if result is not None and not result.is_plain:
        messages.warning(
            request,
            _(
                "The summary has a LIX of %(score)s (%(band)s), above %(target)s. "
                "Consider shorter sentences and shorter words."
            )
            % {"score": result.score, "band": result.band, "target": TARGET_FOR_EVERYONE},
        )


# The hidden fields Wagtail's workflow buttons add to the edit form (workflow-action.js).
_WORKFLOW_ACTION_FIELDS = (
    "action-workflow-action",
    "workflow-action-name",
    "workflow-action-extra-data",
)


@hooks.register("before_edit_page")
def autosave_never_acts_on_the_workflow(request: HttpRequest, page: Any) -> None:
    """Wagtail's autosave posts the whole edit form. Once a reviewer has clicked "Godkend",
    that form holds the workflow action's hidden fields while the page is being sent; an
    autosave in that moment approved a second time, at once, and one of the two requests
    found no task left and failed with a server error. An autosave (a request that does not
    accept HTML) saves the draft only; the button's own request acts on the workflow."""
    if request.method != "POST" or request.accepts("text/html"):
        return None
    if not any(name in request.POST for name in _WORKFLOW_ACTION_FIELDS):
        return None
    data = request.POST.copy()
    for name in _WORKFLOW_ACTION_FIELDS:
        data.pop(name, None)
    request.POST = data  # type: ignore[assignment]
    return None


@hooks.register("after_create_page")
def lix_warn_after_create(request: HttpRequest, page: Any) -> None:
    _lix_warn(request, page)


@hooks.register("after_edit_page")
def lix_warn_after_edit(request: HttpRequest, page: Any) -> None:
    _lix_warn(request, page)


@require_admin_access
@require_POST
def lix_preview(request: HttpRequest) -> HttpResponse:
    """The LIX box for the summary being typed (static/knowledge/lix.js). Only editors reach
    it (the admin's access check and CmsGuardMiddleware's MFA); it stores nothing."""
    return render(
        request,
        "knowledge/admin/lix_result.html",
        lix_context(str(request.POST.get("summary", ""))),
    )


@hooks.register("register_admin_urls")
def lix_urls() -> list[Any]:
    return [path("knowledge/lix/", lix_preview, name="knowledge_lix")]


@hooks.register("insert_editor_js")
def lix_js() -> str:
    return format_html('<script src="{}"></script>', static("knowledge/lix.js"))


@hooks.register("register_admin_viewset")
def author_chooser() -> Any:
    return author_chooser_viewset
