"""The dataset pages: the public list and dataset page with downloads and citations, and the
researcher's pages to create a dataset, upload a version, check its schema and publish it.

Status codes: the create page and "your datasets" are pages a person knows of (403 without
the capability); a dataset that is not public is 404 for everybody but its owner and the
reviewers (``access.py``)."""

from __future__ import annotations

import copy
import tempfile
import zipfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.atlas.datasets import access, selectors, services
from socius.atlas.datasets.forms import (
    DatasetFilterForm,
    DatasetForm,
    SchemaForm,
    VersionUploadForm,
    WithdrawForm,
)
from socius.atlas.datasets.licences import licence_info
from socius.atlas.datasets.models import Dataset, DatasetVersion, VersionState
from socius.atlas.datasets.package import (
    citation_bibtex,
    citation_cff,
    descriptor_json,
    package_descriptor,
)
from socius.atlas.datasets.upload import max_request_bytes
from socius.atlas.datasets.validation import type_label
from socius.atlas.datasets.workflows import DATASET_WORKFLOW
from socius.core.access import capability_required, request_user, user_can
from socius.core.cache import public_page
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.roles import Capability

ZIP_SPOOL = 8 * 1024 * 1024


@public_page()
@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    form = DatasetFilterForm(request.GET or None)
    theme, licence = None, ""
    if form.is_valid():
        theme, licence = form.cleaned_data["theme"], form.cleaned_data["licence"]
    return render(
        request,
        "datasets/dataset_list.html",
        {
            "form": form,
            "datasets": selectors.dataset_list_public(theme=theme, licence=licence),
            "can_publish": user_can(request.user, Capability.ATLAS_DATASET_PUBLISH),
            "can_review": user_can(request.user, Capability.ATLAS_DATASET_REVIEW),
        },
    )


@capability_required(Capability.ATLAS_DATASET_PUBLISH, Capability.ATLAS_DATASET_REVIEW)
@require_GET
def dataset_mine(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "datasets/dataset_mine.html",
        {
            "datasets": selectors.dataset_list_for_owner(user=user),
            "not_public": selectors.dataset_list_not_public(user=user),
            "can_publish": user_can(user, Capability.ATLAS_DATASET_PUBLISH),
        },
    )


def _detail_context(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    user = request.user
    is_owner = getattr(user, "pk", None) == dataset.owner_id
    versions = selectors.dataset_versions(dataset, drafts=is_owner)
    published = [v for v in versions if v.state == VersionState.PUBLISHED]
    latest = published[0] if published else None
    return {
        "dataset": dataset,
        "licence": licence_info(dataset.licence),
        "versions": versions,
        "latest": latest,
        "drafts": [v for v in versions if v.state == VersionState.DRAFT],
        "sources": list(dataset.sources.all()),
        "publications": selectors.dataset_publications(dataset),
        "cff": citation_cff(dataset, latest),
        "bibtex": citation_bibtex(dataset, latest),
        "is_owner": is_owner and user_can(user, Capability.ATLAS_DATASET_PUBLISH),
        "transitions": DATASET_WORKFLOW.available(user, dataset),
        "type_label": type_label,
    }


@public_page()
@require_GET
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = access.dataset_for_viewer(user=request.user, slug=slug)
    return render(request, "datasets/dataset_detail.html", _detail_context(request, dataset))


@capability_required(Capability.ATLAS_DATASET_PUBLISH)
@require_http_methods(["GET", "POST"])
def dataset_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = DatasetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            dataset = services.dataset_create(
                actor=user,
                sources=data.pop("sources"),
                publications=data.pop("publications"),
                **data,
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The dataset is created. Now upload its data."))
            return redirect("datasets:version-upload", dataset.slug)
    return render(request, "datasets/dataset_edit.html", {"form": form, "dataset": None})


@login_required
@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    dataset = access.dataset_for_owner(user=user, slug=slug)
    # The form writes its input onto its instance: give it a copy, so the service compares
    # the stored values with the new ones.
    form = DatasetForm(request.POST or None, instance=copy.copy(dataset))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.dataset_update(
                actor=user,
                dataset=dataset,
                sources=data.pop("sources"),
                publications=data.pop("publications"),
                **data,
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(dataset)
    return render(request, "datasets/dataset_edit.html", {"form": form, "dataset": dataset})


@login_required
@require_http_methods(["GET", "POST"])
def version_upload(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    dataset = access.dataset_for_owner(user=user, slug=slug)
    form = VersionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_upload(
                actor=user,
                dataset=dataset,
                changelog=form.cleaned_data["changelog"],
                uploads=form.cleaned_data["uploads"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("The files passed every check. Check the schema, then publish.")
            )
            return redirect("datasets:version-review", dataset.slug, version.number)
    return render(
        request,
        "datasets/version_upload.html",
        {"form": form, "dataset": dataset, "limit_mb": max_request_bytes() // 2**20},
    )


def _review_page(
    request: HttpRequest, version: DatasetVersion, form: SchemaForm | None = None
) -> HttpResponse:
    files = list(version.files.all())
    return render(
        request,
        "datasets/version_review.html",
        {
            "version": version,
            "dataset": version.dataset,
            "files": files,
            "form": form or SchemaForm(files=files),
            "type_label": type_label,
        },
    )


@login_required
@require_GET
def version_review(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = access.version_for_owner(user=request_user(request), slug=slug, number=number)
    return _review_page(request, version)


@login_required
@require_POST
def version_schema(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = request_user(request)
    version = access.version_for_owner(user=user, slug=slug, number=number)
    form = SchemaForm(request.POST, files=list(version.files.all()))
    if form.is_valid():
        try:
            services.version_schema_save(actor=user, version=version, schemas=form.schemas())
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The schema is saved and the files match it."))
            return redirect("datasets:version-review", slug, number)
    return _review_page(request, version, form)


@login_required
@require_POST
def version_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = request_user(request)
    version = access.version_for_owner(user=user, slug=slug, number=number)
    ok = service_call_with_feedback(
        request,
        lambda: services.version_publish(actor=user, version=version),
        _("Version %(n)d is published.") % {"n": version.number},
    )
    if not ok:
        return redirect("datasets:version-review", slug, number)
    return redirect(version.dataset)


@login_required
@require_POST
def version_discard(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = request_user(request)
    version = access.version_for_owner(user=user, slug=slug, number=number)
    service_call_with_feedback(
        request,
        lambda: services.version_discard(actor=user, version=version),
        _("The draft version is deleted."),
    )
    return redirect(version.dataset)


@login_required
@require_http_methods(["GET", "POST"])
def dataset_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    dataset = access.dataset_for_withdrawal(user=user, slug=slug)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dataset_withdraw(
                actor=user, dataset=dataset, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The dataset is withdrawn. It is no longer public."))
            return redirect(dataset)
    return render(request, "datasets/dataset_withdraw.html", {"form": form, "dataset": dataset})


@login_required
@require_POST
def dataset_restore(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    dataset = access.dataset_for_withdrawal(user=user, slug=slug)
    service_call_with_feedback(
        request,
        lambda: services.dataset_restore(actor=user, dataset=dataset),
        _("The dataset is published again."),
    )
    return redirect(dataset)


# --- Downloads --------------------------------------------------------------------------------


def _private[R: HttpResponseBase](response: R, dataset: Dataset) -> R:
    """Downloads are never kept by shared caches unless the dataset is public."""
    response["X-Content-Type-Options"] = "nosniff"
    if not dataset.is_public():
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def file_download(request: HttpRequest, slug: str, number: int, filename: str) -> HttpResponseBase:
    version = access.version_for_download(user=request.user, slug=slug, number=number)
    file = version.files.filter(filename=filename).first()
    if file is None:
        raise Http404
    response = FileResponse(
        default_storage.open(str(file.file.name), "rb"),
        as_attachment=True,
        filename=file.filename,
        content_type="text/csv; charset=utf-8",
    )
    return _private(response, version.dataset)


def _descriptor(version: DatasetVersion) -> dict[str, Any]:
    if version.state == VersionState.PUBLISHED and version.descriptor:
        return dict(version.descriptor)
    files = list(version.files.all())
    return package_descriptor(version, files, list(version.dataset.sources.all()))


@require_GET
def version_datapackage(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = access.version_for_download(user=request.user, slug=slug, number=number)
    response = HttpResponse(
        descriptor_json(_descriptor(version)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="datapackage.json"'
    return _private(response, version.dataset)


@require_GET
def version_zip(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    version = access.version_for_download(user=request.user, slug=slug, number=number)
    # Built in a temporary file that stays in memory while small.
    spool = tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL)  # noqa: SIM115 (FileResponse closes it)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", descriptor_json(_descriptor(version)))
        for file in version.files.all():
            with (
                default_storage.open(str(file.file.name), "rb") as source,
                archive.open(file.filename, "w") as target,
            ):
                while chunk := source.read(64 * 1024):
                    target.write(chunk)
    spool.seek(0)
    name = f"{version.dataset.slug}-v{version.number}.zip"
    response = FileResponse(
        spool, as_attachment=True, filename=name, content_type="application/zip"
    )
    return _private(response, version.dataset)


def _citation(request: HttpRequest, slug: str) -> tuple[Dataset, DatasetVersion | None]:
    dataset = access.dataset_for_viewer(user=request.user, slug=slug)
    return dataset, selectors.version_latest_published(dataset)


@require_GET
def citation_cff_download(request: HttpRequest, slug: str) -> HttpResponse:
    dataset, version = _citation(request, slug)
    response = HttpResponse(
        citation_cff(dataset, version), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="CITATION.cff"'
    return _private(response, dataset)


@require_GET
def citation_bib_download(request: HttpRequest, slug: str) -> HttpResponse:
    dataset, version = _citation(request, slug)
    response = HttpResponse(
        citation_bibtex(dataset, version), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}.bib"'
    return _private(response, dataset)
