"""The treasurer's pages: start page, bank statements, hand matching, the bookkeeping export
and spending. Every page needs ``SUPPORT_TREASURER`` (403 otherwise; a missing id then 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, request_user
from socius.core.csv_export import csv_response
from socius.core.feedback import service_error_to_form
from socius.core.roles import Capability
from socius.support.treasury import selectors, services
from socius.support.treasury.access import (
    line_for_treasurer,
    spending_for_treasurer,
    statement_for_treasurer,
)
from socius.support.treasury.forms import (
    LineIgnoreForm,
    LineMatchForm,
    PeriodForm,
    SpendingForm,
    StatementUploadForm,
)
from socius.support.treasury.models import BankLine, BankStatement

TREASURER = Capability.SUPPORT_TREASURER


@capability_required(TREASURER)
@require_GET
def treasurer_home(request: HttpRequest) -> HttpResponse:
    context = selectors.treasurer_overview(today=timezone.localdate())
    context["links"] = {
        "campaign_create": selectors.url_or_empty("support:campaign-create"),
        "tiers": selectors.url_or_empty("support:tier-list"),
        "members": selectors.url_or_empty("support:members"),
        "tax_reports": selectors.url_or_empty("support_tax:report-list"),
    }
    context["campaign_links"] = [
        (c, selectors.url_or_empty("support:campaign-edit", c.slug)) for c in context["campaigns"]
    ]
    return render(request, "support_treasury/treasurer_home.html", context)


def _upload_page(request: HttpRequest, form: StatementUploadForm, status: int = 200) -> Any:
    statements = selectors.statement_list()[:50]
    return render(
        request,
        "support_treasury/statement_upload.html",
        {"form": form, "statements": statements},
        status=status,
    )


@capability_required(TREASURER)
@require_http_methods(["GET", "POST"])
def statement_upload(request: HttpRequest) -> HttpResponse:
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _upload_page(request, form)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = services.statement_upload(
                actor=request_user(request), data=upload.read(), file_name=upload.name
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request,
                _("The statement is read: %(matched)s of %(lines)s lines booked.")
                % {"matched": statement.matched_count, "lines": statement.line_count},
            )
            return redirect("support_treasury:statement-detail", statement.pk)
    return _upload_page(request, form, status=400)


def _statement_page(
    request: HttpRequest,
    statement: BankStatement,
    bound: tuple[int, str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    lines = list(selectors.statement_lines(statement))
    open_lines = []
    for line in lines:
        if line.status != BankLine.Status.UNMATCHED or line.amount_ore <= 0:
            continue
        prefix = f"line-{line.pk}"
        match = LineMatchForm(prefix=f"{prefix}-match")
        ignore = LineIgnoreForm(prefix=f"{prefix}-ignore")
        if bound and bound[0] == line.pk:
            match, ignore = (bound[2], ignore) if bound[1] == "match" else (match, bound[2])
        open_lines.append((line, match, ignore))
    return render(
        request,
        "support_treasury/statement_detail.html",
        {"statement": statement, "lines": lines, "open_lines": open_lines},
        status=status,
    )


@capability_required(TREASURER)
@require_GET
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = statement_for_treasurer(user=request_user(request), pk=pk)
    return _statement_page(request, statement)


@capability_required(TREASURER)
@require_POST
def line_match(request: HttpRequest, pk: int) -> HttpResponse:
    line = line_for_treasurer(user=request_user(request), pk=pk)
    form = LineMatchForm(request.POST, prefix=f"line-{line.pk}-match")
    if form.is_valid():
        try:
            services.line_match(
                actor=request_user(request), line=line, reference=form.cleaned_data["reference"]
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The line is booked on the payment."))
            return redirect("support_treasury:statement-detail", line.statement_id)
    return _statement_page(request, line.statement, (line.pk, "match", form), status=400)


@capability_required(TREASURER)
@require_POST
def line_ignore(request: HttpRequest, pk: int) -> HttpResponse:
    line = line_for_treasurer(user=request_user(request), pk=pk)
    form = LineIgnoreForm(request.POST, prefix=f"line-{line.pk}-ignore")
    if form.is_valid():
        try:
            services.line_ignore(
                actor=request_user(request), line=line, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The line is set aside."))
            return redirect("support_treasury:statement-detail", line.statement_id)
    return _statement_page(request, line.statement, (line.pk, "ignore", form), status=400)


def _kr(amount_ore: int) -> str:
    """Kroner with a decimal comma and no thousands dots ("1234,56"), as spreadsheets with a
    Danish locale read numbers."""
    whole, ore = divmod(amount_ore, 100)
    return f"{whole},{ore:02d}"


BOOKKEEPING_HEADER = [
    gettext_lazy("Date"),
    gettext_lazy("Voucher"),
    gettext_lazy("Account"),
    gettext_lazy("Provider"),
    gettext_lazy("In (kr.)"),
    gettext_lazy("Out (kr.)"),
    gettext_lazy("Kind"),
]


def _bookkeeping_rows(entries: Any) -> Any:
    """One row per entry, money in and out in their own columns (a refund is money out, so no
    cell starts with a minus), then the totals."""
    total_in = total_out = 0
    for e in entries.iterator():
        amount_in, amount_out = max(e.amount_ore, 0), max(-e.amount_ore, 0)
        total_in, total_out = total_in + amount_in, total_out + amount_out
        yield [
            e.booked_on.isoformat(),
            f"{e.payment.reference}/{e.pk}",
            e.get_purpose_display(),
            e.get_provider_display(),
            _kr(amount_in) if amount_in else "",
            _kr(amount_out) if amount_out else "",
            e.get_kind_display(),
        ]
    yield ["", _("Total"), "", "", _kr(total_in), _kr(total_out), ""]


@capability_required(TREASURER)
@require_GET
def bookkeeping_csv(request: HttpRequest) -> HttpResponse:
    if not request.GET:
        return render(request, "support_treasury/bookkeeping.html", {"form": PeriodForm()})
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(request, "support_treasury/bookkeeping.html", {"form": form}, status=400)
    start, end = form.cleaned_data["fra"], form.cleaned_data["til"]
    entries = selectors.bookkeeping_rows(date_from=start, date_to=end)
    rows = _bookkeeping_rows(entries)
    response = csv_response(
        filename=f"bogfoering-{start.isoformat()}-{end.isoformat()}.csv",
        header=BOOKKEEPING_HEADER,
        rows=rows,
    )
    response["Cache-Control"] = "no-store"
    return response


@capability_required(TREASURER)
@require_GET
def spending_list(request: HttpRequest) -> HttpResponse:
    spending = selectors.spending_with_links(selectors.spending_list()[:200])
    return render(request, "support_treasury/spending_list.html", {"spending": spending})


def _spending_form_page(
    request: HttpRequest, form: SpendingForm, spending: Any = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "support_treasury/spending_form.html",
        {"form": form, "spending": spending},
        status=status,
    )


@capability_required(TREASURER)
@require_http_methods(["GET", "POST"])
def spending_create(request: HttpRequest) -> HttpResponse:
    form = SpendingForm(request.POST or None, initial={"spent_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.spending_save(actor=request_user(request), data=form.service_data())
            except ValidationError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, _("The spending is saved."))
                return redirect("support_treasury:spending-list")
        return _spending_form_page(request, form, status=400)
    return _spending_form_page(request, form)


@capability_required(TREASURER)
@require_http_methods(["GET", "POST"])
def spending_edit(request: HttpRequest, pk: int) -> HttpResponse:
    spending = spending_for_treasurer(user=request_user(request), pk=pk)
    form = SpendingForm(request.POST or None, initial=SpendingForm.initial_for(spending))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.spending_save(
                    actor=request_user(request), spending=spending, data=form.service_data()
                )
            except ValidationError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, _("The spending is saved."))
                return redirect("support_treasury:spending-list")
        return _spending_form_page(request, form, spending, status=400)
    return _spending_form_page(request, form, spending)
