"""Pages of the tax deduction: the donor's deduction, giving and deleting the CPR number (by
MitID or the form), § 12, stk. 3 commitments, and the treasurer's yearly report.

No page shows a CPR number: the donor sees only that it is stored; the treasurer gets the
numbers only inside the report download."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import capability_required
from socius.core.roles import Capability
from socius.support.payments.providers.base import ProviderError
from socius.support.tax import access, mitid, selectors, services
from socius.support.tax.agreement import agreement_pdf, agreement_text
from socius.support.tax.forms import CommitmentForm, CprForm, ReportBuildForm
from socius.support.tax.report import report_file_open, report_start


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def deduction(request: HttpRequest) -> HttpResponse:
    """ "Dit fradrag i år": this year's total, the cap, the CPR number's state, statements."""
    supporter = access.supporter_own(request.user)
    year = timezone.localdate().year
    context: dict[str, Any] = {"supporter": supporter, "year": year}
    if supporter is not None:
        context |= {
            "summary": selectors.deduction_for(supporter=supporter, year=year),
            "statements": selectors.statements_for(supporter),
            "commitments": selectors.commitments_for(supporter),
        }
    return render(request, "support_tax/deduction.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cpr_give(request: HttpRequest) -> HttpResponse:
    """Give the CPR number once (MitID when configured, else the form); later: delete it."""
    supporter = access.supporter_own(request.user)
    identity = selectors.identity_for(supporter) if supporter is not None else None
    form = CprForm(request.POST or None)
    if request.method == "POST" and identity is None and form.is_valid():
        supporter = supporter or access.supporter_own_or_create(request.user)
        try:
            services.cpr_give(actor=request.user, supporter=supporter, cpr=form.cleaned_data["cpr"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your CPR number is stored. Your gifts will be reported."))
            return redirect("support_tax:deduction")
    return render(
        request,
        "support_tax/cpr_give.html",
        {"form": form, "identity": identity, "mitid": mitid.mitid_available()},
    )


@login_required
@require_POST
def cpr_delete(request: HttpRequest) -> HttpResponse:
    supporter = access.supporter_own(request.user)
    if supporter is not None and services.cpr_delete(actor=request.user, supporter=supporter):
        messages.success(
            request, _("Your CPR number is deleted. Gifts from now on give no deduction.")
        )
    return redirect("support_tax:deduction")


# A link, not a form: the CSP (form-action 'self') forbids a form answered by a redirect to
# the provider (as proposals' signing does).
@login_required
@require_http_methods(["GET"])
def cpr_mitid_start(request: HttpRequest) -> HttpResponse:
    try:
        return redirect(mitid.mitid_start(request))
    except mitid.MitIdError as exc:
        messages.error(request, str(exc))
        return redirect("support_tax:cpr-give")


@login_required
@require_http_methods(["GET"])
def cpr_mitid_return(request: HttpRequest) -> HttpResponse:
    try:
        digits = mitid.mitid_finish(request)
        supporter = access.supporter_own_or_create(request.user)
        services.cpr_give(actor=request.user, supporter=supporter, cpr=digits, source="mitid")
    except (mitid.MitIdError, ValidationError) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect("support_tax:cpr-give")
    messages.success(
        request, _("Your CPR number is stored from MitID. Your gifts will be reported.")
    )
    return redirect("support_tax:deduction")


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest) -> HttpResponse:
    """Pick a yearly amount, read the agreement, give the CPR number if needed, accept."""
    supporter = access.supporter_own_or_create(request.user)
    has_cpr = selectors.identity_for(supporter) is not None
    form = CommitmentForm(request.POST or None)
    cpr_form = None if has_cpr else CprForm(request.POST or None, prefix="cpr")
    if request.method == "POST":
        valid = form.is_valid() and (cpr_form is None or cpr_form.is_valid())
        if valid:
            try:
                commitment = _commitment_save(request, supporter, form, cpr_form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you. Your agreement is signed and stored."))
                return redirect("support_tax:commitment-detail", public_id=commitment.public_id)
    example = agreement_text(
        supporter=supporter,
        yearly_amount_ore=form.yearly_amount_ore if form.is_bound and form.is_valid() else 120000,
        first_year=timezone.localdate().year,
        years=services.MIN_COMMITMENT_YEARS,
    )
    return render(
        request,
        "support_tax/commitment_create.html",
        {"form": form, "cpr_form": cpr_form, "agreement": example.split("\n\n")},
    )


def _commitment_save(
    request: HttpRequest, supporter: Any, form: CommitmentForm, cpr_form: CprForm | None
) -> Any:
    from django.db import transaction

    with transaction.atomic():
        if cpr_form is not None:
            services.cpr_give(
                actor=request.user, supporter=supporter, cpr=cpr_form.cleaned_data["cpr"]
            )
        commitment = services.commitment_create(
            actor=request.user,
            supporter=supporter,
            yearly_amount_ore=form.yearly_amount_ore,
            accepted=bool(form.cleaned_data.get("accept")),
            provider=form.provider_code,
        )
    if commitment.provider:
        return_url = request.build_absolute_uri(
            reverse("support_tax:commitment-detail", args=[commitment.public_id])
        )
        try:
            services.commitment_payment_start(commitment=commitment, return_url=return_url)
        except (ProviderError, LookupError):
            messages.warning(
                request, _("The yearly payment could not be started yet. We will contact you.")
            )
    return commitment


@login_required
def commitment_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    commitment = access.commitment_for_view(user=request.user, public_id=public_id)
    mandate = commitment.gift.mandates.order_by("-created_at").first()
    return render(
        request,
        "support_tax/commitment_detail.html",
        {
            "commitment": commitment,
            "paragraphs": commitment.agreement_text.split("\n\n"),
            "mandate": mandate,
            "bank_payment": selectors.commitment_bank_payment(commitment),
        },
    )


@login_required
def commitment_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    commitment = access.commitment_for_view(user=request.user, public_id=public_id)
    return _pdf(agreement_pdf(commitment), f"aftale-{commitment.first_year}.pdf")


def _report_list_render(
    request: HttpRequest, form: ReportBuildForm | None = None, status: int = 200, **extra: Any
) -> HttpResponse:
    year = timezone.localdate().year - 1
    return render(
        request,
        "support_tax/report_list.html",
        {
            "reports": selectors.report_list(),
            "form": form or ReportBuildForm(initial={"year": year}),
            "default_year": year,
            "final_years": sorted(selectors.report_final_years(), reverse=True),
            "cvr": settings.SUPPORT_TAX_CVR,
            **extra,
        },
        status=status,
    )


@capability_required(Capability.SUPPORT_TREASURER)
def report_list(request: HttpRequest) -> HttpResponse:
    return _report_list_render(request)


@capability_required(Capability.SUPPORT_TREASURER)
@require_POST
def report_build(request: HttpRequest) -> HttpResponse:
    form = ReportBuildForm(request.POST)
    if form.is_valid():
        try:
            report = report_start(
                actor=request.user,
                year=form.cleaned_data["year"],
                correction=form.cleaned_data["correction"],
            )
        except ValidationError as exc:
            form.add_error("correction", exc)
        else:
            if report.correction:
                messages.success(request, _("The correction is being built."))
            else:
                messages.success(request, _("The report is being built."))
            return redirect("support_tax:report-list")
    return _report_list_render(request, form, status=400)


@capability_required(Capability.SUPPORT_TREASURER)
@require_POST
def report_submit(request: HttpRequest, public_id: Any) -> HttpResponse:
    """ "Indberettet": the treasurer has uploaded the draft's file to Skattestyrelsen."""
    report = access.report_for_treasurer(user=request.user, public_id=public_id)
    try:
        services.report_submit(actor=request.user, report=report)
    except ValidationError as exc:
        return _report_list_render(
            request, status=400, submit_error=exc.messages[0], submit_error_for=report.public_id
        )
    messages.success(
        request,
        _("The report for %(year)s is marked as submitted to Skattestyrelsen.")
        % {"year": report.year},
    )
    return redirect("support_tax:report-list")


def report_progress(request: HttpRequest, public_id: Any) -> HttpResponse:
    report = access.report_for_treasurer(user=request.user, public_id=public_id)
    return JsonResponse({"status": report.status, "percent": report.progress_percent})


def report_download(request: HttpRequest, public_id: Any) -> HttpResponse:
    report = access.report_for_treasurer(user=request.user, public_id=public_id)
    if not report.file_sealed:
        messages.error(request, _("The report is not ready yet."))
        return redirect("support_tax:report-list")
    text = report_file_open(actor=request.user, report=report)
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.file_name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
