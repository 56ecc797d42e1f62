"""Pages for staff who run rounds, and for reviewers."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, request_user
from socius.core.feedback import (
    service_call_with_feedback,
    service_error_to_form,
    service_error_to_messages,
)
from socius.core.roles import Capability
from socius.core.text import danish_slugify
from socius.grants import selectors, services
from socius.grants.access import application_for_staff, assignment_for_reviewer, round_for_manage
from socius.grants.forms import (
    AssignForm,
    ConflictForm,
    CriterionFormSet,
    DecisionForm,
    FormFieldForm,
    GateForm,
    LockForm,
    MessageForm,
    PoolForm,
    ReviewForm,
    RoundForm,
    ThemeMinimumForm,
)
from socius.grants.gates import gate_label
from socius.grants.models import AllocationRun, Application, FormField, ReviewAssignment, Round
from socius.grants.workflows import RoundState

if TYPE_CHECKING:
    from socius.accounts.models import User


def _rounds_page(
    request: HttpRequest, *, form: RoundForm | None = None, pool_form: PoolForm | None = None
) -> HttpResponse:
    rounds = Round.objects.select_related("pool").order_by("-opens_at")
    return render(
        request,
        "grants/staff_rounds.html",
        {
            "rounds": rounds,
            "form": form or RoundForm(),
            "pool_form": pool_form or PoolForm(prefix="pool"),
        },
    )


@capability_required(Capability.GRANTS_MANAGE)
@require_GET
def staff_rounds(request: HttpRequest) -> HttpResponse:
    return _rounds_page(request)


@capability_required(Capability.GRANTS_MANAGE)
@require_POST
def staff_pool_create(request: HttpRequest) -> HttpResponse:
    pool_form = PoolForm(request.POST, prefix="pool")
    if pool_form.is_valid():
        try:
            services.pool_create(actor=request_user(request), **pool_form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(pool_form, exc)
        else:
            messages.success(request, _("The fund was created."))
            return redirect("grants:staff-rounds")
    return _rounds_page(request, pool_form=pool_form)


@capability_required(Capability.GRANTS_MANAGE)
@require_POST
def staff_round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            round_ = services.round_create(actor=request_user(request), **data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("The round was created. Check the criteria and the form, then open it.")
            )
            return redirect("grants:staff-round", slug=round_.slug)
    return _rounds_page(request, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_round(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_manage(user=request_user(request), slug=slug)
    criteria = list(round_.criteria.all())
    initial = [
        {
            "key": c.key,
            "name": c.name,
            "weight_percent": c.weight * 100,
            "anchors": "\n".join(c.anchors),
        }
        for c in criteria
    ]
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    if request.method == "POST" and formset.is_valid():
        try:
            for form in formset.forms:
                data = form.cleaned_data
                services.criterion_save(
                    actor=request_user(request),
                    round_=round_,
                    key=data["key"],
                    name=data["name"],
                    weight=(data["weight_percent"] / 100).quantize(Decimal("0.0001")),
                    anchors=data["anchors"],
                )
        except ValidationError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, _("The criteria were saved."))
            return redirect("grants:staff-round", slug=round_.slug)
    apps = list(selectors.application_list_for_round(round_))
    rows = [(app, selectors.application_score(app, round_)) for app in apps]
    return render(
        request,
        "grants/staff_round.html",
        {
            "round": round_,
            "formset": formset,
            "rows": rows,
            "editable": round_.state == RoundState.DRAFT,
            "runs": round_.allocation_runs.all()[:10],
            "decision_form": DecisionForm(),
            "questions": round_.form_fields.all(),
            "question_form": FormFieldForm(),
            "minimums": round_.theme_minimums.select_related("theme"),
            "minimum_form": ThemeMinimumForm(),
        },
    )


@login_required
@require_POST
def staff_round_transition(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    round_ = round_for_manage(user=request_user(request), slug=slug)
    actor = request_user(request)
    calls = {
        "open": lambda: services.round_open(actor=actor, round_=round_),
        "close": lambda: services.round_close(actor=actor, round_=round_),
        "allocate": lambda: services.allocation_run(actor=actor, round_=round_),
    }
    if action not in calls:
        raise Http404
    service_call_with_feedback(request, calls[action], _("Done."))
    return redirect("grants:staff-round", slug=round_.slug)


@login_required
@require_POST
def staff_round_question(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a question to the round's application form (while the round is being prepared)."""
    round_ = round_for_manage(user=request_user(request), slug=slug)
    form = FormFieldForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        key = danish_slugify(data["label"])[:50] or "spoergsmaal"
        service_call_with_feedback(
            request,
            lambda: services.form_field_save(
                actor=request_user(request), round_=round_, key=key, **data
            ),
            _("The question was added."),
        )
    else:
        messages.error(request, _("Write the question and choose its kind."))
    return redirect("grants:staff-round", slug=round_.slug)


@login_required
@require_POST
def staff_round_theme_minimum(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_manage(user=request_user(request), slug=slug)
    form = ThemeMinimumForm(request.POST)
    if form.is_valid():
        service_call_with_feedback(
            request,
            lambda: services.theme_minimum_set(
                actor=request_user(request),
                round_=round_,
                theme=form.cleaned_data["theme"],
                share=(form.cleaned_data["share_percent"] / 100).quantize(Decimal("0.0001")),
            ),
            _("The minimum share was saved."),
        )
    else:
        messages.error(request, _("Choose a theme and a share from 0 to 100 %."))
    return redirect("grants:staff-round", slug=round_.slug)


@login_required
@require_POST
def staff_round_question_delete(request: HttpRequest, slug: str, field_id: int) -> HttpResponse:
    round_ = round_for_manage(user=request_user(request), slug=slug)
    field = get_object_or_404(FormField, pk=field_id, round=round_)
    service_call_with_feedback(
        request,
        lambda: services.form_field_delete(actor=request_user(request), field=field),
        _("The question was removed."),
    )
    return redirect("grants:staff-round", slug=round_.slug)


@login_required
@require_POST
def staff_round_decide(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    round_ = round_for_manage(user=request_user(request), slug=slug)
    run = get_object_or_404(AllocationRun, pk=run_id, round=round_)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in who decided and when."))
        return redirect("grants:staff-round", slug=round_.slug)
    service_call_with_feedback(
        request,
        lambda: services.round_decide(
            actor=request_user(request), round_=round_, run=run, **form.cleaned_data
        ),
        _("The decision was recorded and the letters were sent."),
    )
    return redirect("grants:staff-round", slug=round_.slug)


def _application_page(
    request: HttpRequest, app: Application, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The staff page of one application, with ``bound`` forms shown with their errors."""
    page_forms: dict[str, forms.Form] = {
        "gate": GateForm(),
        "assign": AssignForm(),
        "lock": LockForm(),
        "message": MessageForm(),
        **(bound or {}),
    }
    return render(
        request,
        "grants/staff_application.html",
        {
            "application": app,
            "summary": selectors.application_score(app, app.round),
            "checks": [(c, gate_label(c.gate)) for c in app.gate_checks.all()],
            "reviews": app.reviews.select_related("reviewer"),
            "messages_list": app.messages.select_related("author"),
            "forms": page_forms,
        },
    )


@login_required
@require_GET
def staff_application(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_staff(user=request_user(request), public_id=public_id)
    return _application_page(request, app)


def _application_action(
    request: HttpRequest,
    public_id: str,
    name: str,
    form: forms.Form,
    call: Callable[[User, Application, dict[str, Any]], object],
) -> HttpResponse:
    """One staff action on an application: the form is validated, the service decides."""
    actor = request_user(request)
    app = application_for_staff(user=actor, public_id=public_id)
    if form.is_valid():
        try:
            call(actor, app, form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("grants:staff-application", public_id=app.public_id)
    return _application_page(request, app, {name: form})


@login_required
@require_POST
def staff_application_gate(request: HttpRequest, public_id: str) -> HttpResponse:
    return _application_action(
        request,
        public_id,
        "gate",
        GateForm(request.POST),
        lambda actor, app, data: services.gate_check_set(actor=actor, app=app, **data),
    )


@login_required
@require_POST
def staff_application_assign(request: HttpRequest, public_id: str) -> HttpResponse:
    return _application_action(
        request,
        public_id,
        "assign",
        AssignForm(request.POST),
        lambda actor, app, data: services.review_assign(
            actor=actor, app=app, reviewer=data["reviewer"]
        ),
    )


@login_required
@require_POST
def staff_application_lock(request: HttpRequest, public_id: str) -> HttpResponse:
    return _application_action(
        request,
        public_id,
        "lock",
        LockForm(request.POST),
        lambda actor, app, data: services.amount_lock(actor=actor, app=app, amount=data["amount"]),
    )


@login_required
@require_POST
def staff_application_message(request: HttpRequest, public_id: str) -> HttpResponse:
    return _application_action(
        request,
        public_id,
        "message",
        MessageForm(request.POST),
        lambda actor, app, data: services.message_send(actor=actor, app=app, body=data["body"]),
    )


@capability_required(Capability.GRANTS_REVIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    assignments = ReviewAssignment.objects.filter(reviewer=request_user(request)).select_related(
        "application__round", "application__organisation"
    )
    return render(
        request,
        "grants/review_list.html",
        {"assignments": assignments, "conflict_form": ConflictForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = assignment_for_reviewer(user=request_user(request), assignment_id=assignment_id)
    app = assignment.application
    criteria = list(app.round.criteria.all())
    current = {s.criterion.key: s.value for s in assignment.scores.select_related("criterion")}
    initial = {f"c_{k}": ("na" if v is None else str(v)) for k, v in current.items()}
    initial["comment"] = assignment.comment
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                actor=request_user(request),
                assignment=assignment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Your review was saved."))
            return redirect("grants:review-list")
    return render(
        request,
        "grants/review_detail.html",
        {"assignment": assignment, "application": app, "form": form},
    )


@capability_required(Capability.GRANTS_REVIEW)
@require_POST
def review_conflict(request: HttpRequest) -> HttpResponse:
    form = ConflictForm(request.POST)
    if form.is_valid():
        service_call_with_feedback(
            request,
            lambda: services.conflict_declare(actor=request_user(request), **form.cleaned_data),
            _("The conflict of interest was recorded."),
        )
    else:
        messages.error(request, _("Choose the organisation and describe the conflict."))
    return redirect("grants:review-list")
