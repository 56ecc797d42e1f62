"""Pages of the social-economy catalogue: search, an enterprise's page, registration and
editing, the five criteria with evidence, and evidence downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from socius.core.access import request_user, user_acts_for_organisation, user_can
from socius.core.feedback import service_error_to_form
from socius.core.roles import Capability
from socius.procurement.cpv import cpv_label
from socius.procurement.enterprises import access, selectors, services
from socius.procurement.enterprises.forms import (
    CatalogueFilterForm,
    CriterionForm,
    EnterpriseForm,
)
from socius.procurement.enterprises.models import (
    CRITERION_QUESTIONS,
    RESERVED_SHARE_TENTHS,
    Criterion,
    SocialEnterprise,
)

CATALOGUE_LIMIT = 200


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The public catalogue, searched by CPV code, municipality and the 30 % rule."""
    form = CatalogueFilterForm(request.GET or None)
    searched = form.is_bound and form.is_valid()
    data = form.cleaned_data if searched else {}
    rows = selectors.enterprise_catalogue(
        cpv_code=data.get("cpv") or None,
        area=data.get("area"),
        reserved_only=bool(data.get("reserved")),
    )
    if form.is_bound and not searched:
        rows = rows.none()
    enterprises = list(rows[:CATALOGUE_LIMIT])
    return render(
        request,
        "procurement_enterprises/catalogue.html",
        {
            "form": form,
            "enterprises": enterprises,
            "searched": searched,
            "wanted_code": data.get("cpv", ""),
            "can_register": request.user.is_authenticated,
        },
    )


@require_safe
def enterprise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An enterprise's public page: the criteria, the RSV claim, the share and the offer."""
    enterprise = access.enterprise_for_view(slug=slug)
    answers = {a.criterion: a for a in enterprise.answers.all()}
    return render(
        request,
        "procurement_enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "criteria": [(value, label, answers.get(value)) for value, label in Criterion.choices],
            "offers": [(o.cpv_code, cpv_label(o.cpv_code)) for o in enterprise.offers.all()],
            "rsv_old": enterprise.rsv_claim_is_old(today=timezone.localdate()),
            "show_evidence": access.evidence_can_see(request.user, enterprise),
            "can_edit": user_acts_for_organisation(request.user, enterprise.organisation_id),
            "is_buyer": user_can(request.user, Capability.PROCUREMENT_MANAGE),
            "reserved_percent": RESERVED_SHARE_TENTHS // 10,
        },
    )


def _enterprise_initial(enterprise: SocialEnterprise) -> dict[str, Any]:
    return {
        "rsv_status": enterprise.rsv_status,
        "rsv_source": enterprise.rsv_source,
        "rsv_stated_on": enterprise.rsv_stated_on,
        "share": enterprise.share_percent_text,
        "share_note": enterprise.share_note,
        "share_evidence_url": enterprise.share_evidence_url,
        "capacity": enterprise.capacity,
        "cpv_codes": "\n".join(o.cpv_code for o in enterprise.offers.all()),
        "areas": list(enterprise.areas.all()),
    }


def _file_errors(exc: ValidationError, field: str) -> ValidationError:
    # The upload checks speak of the file: show their words on the file field.
    if hasattr(exc, "error_dict"):
        return exc
    return ValidationError({field: exc.messages})


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """A contact registers one of their organisations as a social-economy enterprise."""
    user = request_user(request)
    organisations = selectors.organisations_to_register(user=user)
    form = EnterpriseForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        organisations=organisations,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                enterprise = services.enterprise_register(
                    actor=user,
                    organisation=form.cleaned_data["organisation"],
                    facts=form.facts(),
                    areas=form.cleaned_data["areas"],
                    cpv_codes=form.cleaned_data["cpv_codes"],
                    evidence=form.cleaned_data["share_evidence_file"],
                )
            except ValidationError as exc:
                service_error_to_form(form, _file_errors(exc, "share_evidence_file"))
            else:
                messages.success(
                    request,
                    _("The enterprise is in the catalogue. Now answer the five criteria."),
                )
                return redirect(enterprise.get_absolute_url())
        status = 400
    return render(
        request,
        "procurement_enterprises/enterprise_register.html",
        {"form": form, "has_organisations": organisations.exists()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The enterprise's own contacts change what it states and offers."""
    user = request_user(request)
    enterprise = access.enterprise_for_edit(user=user, slug=slug)
    if request.method == "POST":
        form = EnterpriseForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.enterprise_update(
                    actor=user,
                    enterprise=enterprise,
                    facts=form.facts(),
                    areas=form.cleaned_data["areas"],
                    cpv_codes=form.cleaned_data["cpv_codes"],
                    evidence=form.cleaned_data["share_evidence_file"],
                )
            except ValidationError as exc:
                service_error_to_form(form, _file_errors(exc, "share_evidence_file"))
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(enterprise.get_absolute_url())
        status = 400
    else:
        form = EnterpriseForm(initial=_enterprise_initial(enterprise))
        status = 200
    return render(
        request,
        "procurement_enterprises/enterprise_edit.html",
        {"form": form, "enterprise": enterprise},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, slug: str, criterion: str) -> HttpResponse:
    """Answer one of the five criteria in plain words, with a document or a link."""
    user = request_user(request)
    enterprise = access.enterprise_for_edit(user=user, slug=slug)
    if criterion not in Criterion.values:
        raise Http404
    answer = enterprise.answers.filter(criterion=criterion).first()
    if request.method == "POST":
        form = CriterionForm(request.POST, request.FILES, criterion=criterion)
        if form.is_valid():
            try:
                services.criterion_answer_save(
                    actor=user,
                    enterprise=enterprise,
                    criterion=criterion,
                    answer=form.cleaned_data["answer"],
                    evidence_url=form.cleaned_data["evidence_url"],
                    evidence=form.cleaned_data["evidence_file"],
                )
            except ValidationError as exc:
                service_error_to_form(form, _file_errors(exc, "evidence_file"))
            else:
                messages.success(request, _("The answer was saved."))
                return redirect(enterprise.get_absolute_url())
        status = 400
    else:
        initial = {"answer": answer.answer, "evidence_url": answer.evidence_url} if answer else {}
        form = CriterionForm(initial=initial, criterion=criterion)
        status = 200
    return render(
        request,
        "procurement_enterprises/criterion_edit.html",
        {
            "form": form,
            "enterprise": enterprise,
            "criterion_label": Criterion(criterion).label,
            "question": CRITERION_QUESTIONS[criterion],
            "answer": answer,
        },
        status=status,
    )


@require_safe
def evidence_download(request: HttpRequest, slug: str, criterion: str) -> FileResponse:
    """An evidence document as a download, for buyers and the enterprise's contacts only."""
    if criterion != "andel" and criterion not in Criterion.values:
        raise Http404
    enterprise, file = access.evidence_for_download(
        user=request.user, slug=slug, criterion=None if criterion == "andel" else criterion
    )
    name = getattr(file, "name", "")
    ending = name.rsplit(".", 1)[-1] if "." in name else "bin"
    try:
        handle = file.open("rb")  # type: ignore[attr-defined]
    except OSError:
        raise Http404 from None
    # Sent as an opaque download whatever it is: the browser shows nothing inline.
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}.get(
        ending, "application/octet-stream"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{enterprise.organisation.slug}-{criterion}.{ending}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
