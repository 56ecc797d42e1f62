"""The citizen's notes, appointments and documents (owner only, as views.py)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.feedback import service_error_to_form
from socius.plans import access, selectors, services
from socius.plans.forms import DocumentForm, EntryForm
from socius.plans.views import GET_POST, owner_view, posted


@owner_view
@require_http_methods(["GET"])
def entry_list(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    return render(request, "plans/entry_list.html", {"entries": selectors.entry_views(plan)})


@owner_view
@require_http_methods(GET_POST)
def entry_create(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    form = EntryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_create(
                actor=request.user, plan=plan, kind=data["kind"], text=data["text"],
                starts=form.starts(), place=data["place"], with_whom=data["with_whom"],
            )  # fmt: skip
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("It is saved."))
            return redirect("plans:entry-list")
    return render(request, "plans/citizen_form.html", {
        "form": form, "title": _("New note or appointment"), "submit": _("Save"),
        "back_url_name": "plans:entry-list",
    })  # fmt: skip


@owner_view
@require_POST
def entry_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    entry = selectors.entry_of(plan, public_id)
    services.entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("It is deleted."))
    return redirect("plans:entry-list")


@owner_view
@require_http_methods(["GET"])
def document_list(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    return render(
        request, "plans/document_list.html", {"documents": selectors.document_views(plan)}
    )


@owner_view
@require_http_methods(GET_POST)
def document_add(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(actor=request.user, plan=plan, upload=form.cleaned_data["upload"])
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The document is saved."))
            return redirect("plans:document-list")
    return render(request, "plans/citizen_form.html", {
        "form": form, "title": _("Add a document"), "submit": _("Add document"),
        "multipart": True, "back_url_name": "plans:document-list",
        "intro": _("Only you can see it, unless you share it."),
    })  # fmt: skip


@owner_view
@require_http_methods(["GET"])
def document_download(request: HttpRequest, public_id: Any) -> FileResponse:
    plan = access.plan_for_owner(request.user)
    document = selectors.document_of(plan, public_id)
    try:
        name, content_type, content = services.document_open(document=document)
    except (ValueError, OSError):  # the sealed file did not open, or is gone from storage
        raise Http404 from None
    response = FileResponse(
        io.BytesIO(content), as_attachment=True, filename=name,
        content_type=content_type or "application/octet-stream",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
