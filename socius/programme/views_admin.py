"""The programme's editing pages under /program/administration/ (PROGRAMME_MANAGE; the
yearly report: PROGRAMME_REPORT). Each reads input, calls one access function and one
service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required
from socius.core.feedback import form_service_call, service_call_with_feedback
from socius.core.roles import Capability
from socius.core.threads import step_kind
from socius.programme import access, services, services_actions, services_report
from socius.programme.forms import (
    ActionForm,
    ActionFromDecisionForm,
    CommitmentForm,
    LinkForm,
    MeasureForm,
    MilestoneForm,
    ProgrammeForm,
    ReportForm,
    StatusForm,
)
from socius.programme.models import ActivityLink, Commitment, Programme
from socius.programme.selectors_activity import CONTRACT_KIND, contract_candidates
from socius.programme.selectors_atlas import indicator_choices

MANAGE = Capability.PROGRAMME_MANAGE


@capability_required(MANAGE)
@require_GET
def admin_home(request: HttpRequest) -> HttpResponse:
    from socius.council.selectors import decisions_latest

    programmes = Programme.objects.select_related("municipality").order_by("municipality__name")
    # The councils' latest decisions, each a step away from becoming an action.
    decisions = decisions_latest(limit=10)
    return render(
        request, "programme/admin_home.html", {"programmes": programmes, "decisions": decisions}
    )


@capability_required(MANAGE)
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    programme = access.programme_for_edit(user=request.user, pk=pk) if pk else None
    initial = {}
    if programme is not None:
        initial = {f: getattr(programme, f) for f in ProgrammeForm.base_fields}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services.programme_save(actor=request.user, programme=programme, **data),
        _("The programme is saved."),
        lambda saved: redirect("programme:admin-programme", pk=saved.pk),
    ):
        return response
    commitments = list(programme.commitments.prefetch_related("actions")) if programme else []
    return render(
        request,
        "programme/admin_programme.html",
        {
            "form": form,
            "programme": programme,
            "commitments": commitments,
            "report_form": ReportForm(),
        },
    )


@capability_required(MANAGE)
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, programme_pk: int, pk: int | None = None) -> HttpResponse:
    programme = access.programme_for_edit(user=request.user, pk=programme_pk)
    commitment = access.commitment_for_edit(user=request.user, pk=pk) if pk else None
    if commitment is not None and commitment.programme_id != programme.pk:
        raise Http404  # an address that pairs one programme with another's commitment
    initial: dict[str, Any] = {}
    if commitment is not None:
        initial = {f: getattr(commitment, f) for f in CommitmentForm.base_fields if f != "themes"}
        initial["themes"] = list(commitment.themes.all())
    form = CommitmentForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services.commitment_save(
            actor=request.user, programme=programme, commitment=commitment, **data
        ),
        _("The commitment is saved."),
        lambda saved: redirect("programme:admin-commitment", pk=saved.pk),
    ):
        return response
    return render(
        request,
        "programme/admin_form.html",
        {"form": form, "programme": programme, "heading": _("Commitment")},
    )


def _link_kinds() -> list[tuple[str, str]]:
    kinds = [(k, str(found.label)) for k in services.LINK_KINDS if (found := step_kind(k))]
    return [*kinds, (CONTRACT_KIND, _("Contract with social clauses"))]


@capability_required(MANAGE)
@require_GET
def commitment_manage(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access.commitment_for_edit(user=request.user, pk=pk)
    link_form = LinkForm(request.GET or None, kinds=_link_kinds())
    candidates: list[tuple[str, str]] = []
    if request.GET.get("kind") and link_form.is_valid():
        kind = link_form.cleaned_data["kind"]
        found = step_kind(kind)
        if kind == CONTRACT_KIND:
            candidates = contract_candidates(commitment, link_form.cleaned_data["q"])
        elif found is not None and found.candidates is not None:
            candidates = list(found.candidates(link_form.cleaned_data["q"]))
    return render(
        request,
        "programme/admin_commitment.html",
        {
            "commitment": commitment,
            "programme": commitment.programme,
            "actions": list(commitment.actions.all()),
            "measures": list(commitment.measures.all()),
            "links": list(commitment.links.all()),
            "link_form": link_form,
            "candidates": candidates,
        },
    )


@capability_required(MANAGE)
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access.commitment_for_edit(user=request.user, pk=pk)
    service_call_with_feedback(
        request,
        lambda: services.activity_link_add(
            actor=request.user,
            commitment=commitment,
            kind=request.POST.get("kind", ""),
            key=request.POST.get("key", ""),
        ),
        _("The activity is linked to the commitment."),
    )
    return redirect("programme:admin-commitment", pk=commitment.pk)


@capability_required(MANAGE)
@require_POST
def link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    commitment = access.commitment_for_edit(user=request.user, pk=pk)
    link = ActivityLink.objects.filter(pk=link_pk, commitment=commitment).first()
    if link is not None:
        services.activity_link_remove(actor=request.user, link=link)
        messages.success(request, _("The link is removed."))
    return redirect("programme:admin-commitment", pk=commitment.pk)


@capability_required(MANAGE)
@require_http_methods(["GET", "POST"])
def action_edit(
    request: HttpRequest, commitment_pk: int, public_id: str | None = None
) -> HttpResponse:
    commitment = access.commitment_for_edit(user=request.user, pk=commitment_pk)
    action = access.action_for_edit(user=request.user, public_id=public_id) if public_id else None
    initial = {f: getattr(action, f) for f in ActionForm.base_fields} if action else {}
    form = ActionForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services_actions.action_save(
            actor=request.user, commitment=commitment, action=action, **data
        ),
        _("The action is saved."),
        lambda saved: redirect("programme:admin-action", public_id=saved.public_id),
    ):
        return response
    return render(
        request,
        "programme/admin_form.html",
        {
            "form": form,
            "programme": commitment.programme,
            "commitment": commitment,
            "heading": _("Action"),
        },
    )


@capability_required(MANAGE)
@require_http_methods(["GET", "POST"])
def action_manage(request: HttpRequest, public_id: str) -> HttpResponse:
    """An action's status (with a reason) and milestones."""
    action = access.action_for_edit(user=request.user, public_id=public_id)
    status_form = StatusForm(request.POST if "status" in request.POST else None)
    milestone_form = MilestoneForm(request.POST if "due_on" in request.POST else None)

    def back(_result: object) -> HttpResponse:
        return redirect("programme:admin-action", public_id=action.public_id)

    if response := form_service_call(
        request,
        status_form,
        lambda data: services_actions.action_status_change(
            actor=request.user, action=action, **data
        ),
        _("The status is changed."),
        back,
    ):
        return response
    if response := form_service_call(
        request,
        milestone_form,
        lambda data: services_actions.milestone_save(actor=request.user, action=action, **data),
        _("The milestone is added."),
        back,
    ):
        return response
    return render(
        request,
        "programme/admin_action.html",
        {
            "action": action,
            "commitment": action.commitment,
            "programme": action.commitment.programme,
            "milestones": list(action.milestones.all()),
            "changes": list(action.status_changes.all()),
            "status_form": status_form,
            "milestone_form": milestone_form,
        },
    )


@capability_required(MANAGE)
@require_POST
def milestone_reach(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    action = access.action_for_edit(user=request.user, public_id=public_id)
    milestone = access.milestone_for_edit(user=request.user, action=action, pk=pk)
    service_call_with_feedback(
        request,
        lambda: services_actions.milestone_reach(actor=request.user, milestone=milestone),
        _("The milestone is marked as reached."),
    )
    return redirect("programme:admin-action", public_id=action.public_id)


@capability_required(MANAGE)
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    action = access.action_for_edit(user=request.user, public_id=public_id)
    milestone = access.milestone_for_edit(user=request.user, action=action, pk=pk)
    initial = {f: getattr(milestone, f) for f in MilestoneForm.base_fields}
    form = MilestoneForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services_actions.milestone_save(
            actor=request.user, action=action, milestone=milestone, **data
        ),
        _("The milestone is saved."),
        lambda _saved: redirect("programme:admin-action", public_id=action.public_id),
    ):
        return response
    return render(
        request,
        "programme/admin_form.html",
        {
            "form": form,
            "programme": action.commitment.programme,
            "commitment": action.commitment,
            "heading": _("Milestone"),
        },
    )


@capability_required(MANAGE)
@require_http_methods(["GET", "POST"])
def measure_edit(
    request: HttpRequest, commitment_pk: int, public_id: str | None = None
) -> HttpResponse:
    commitment = access.commitment_for_edit(user=request.user, pk=commitment_pk)
    measure = (
        access.measure_for_edit(user=request.user, commitment=commitment, public_id=public_id)
        if public_id
        else None
    )
    initial: dict[str, Any] = {}
    if measure is not None:
        initial = {f: getattr(measure, f) for f in MeasureForm.base_fields}
    form = MeasureForm(
        request.POST or None,
        initial=initial,
        indicators=indicator_choices(commitment.programme.municipality.code),
        actions=commitment.actions.all(),
    )
    if response := form_service_call(
        request,
        form,
        lambda data: services_actions.measure_save(
            actor=request.user, commitment=commitment, measure=measure, **data
        ),
        _("The measure is saved."),
        lambda _saved: redirect("programme:admin-commitment", pk=commitment.pk),
    ):
        return response
    return render(
        request,
        "programme/admin_form.html",
        {
            "form": form,
            "programme": commitment.programme,
            "commitment": commitment,
            "heading": _("Measure"),
        },
    )


@capability_required(MANAGE)
@require_http_methods(["GET", "POST"])
def action_from_decision(request: HttpRequest) -> HttpResponse:
    """Create a programme action from a decided council item (?beslutning=<uuid>)."""
    from socius.council.selectors import decided_item

    item = decided_item(request.GET.get("beslutning", ""))
    if item is None:
        return render(request, "programme/action_from_decision.html", {"item": None}, status=404)
    commitments = list(
        Commitment.objects.filter(programme__municipality_id=item.council.municipality_id)
        .select_related("programme__municipality")
        .order_by("programme__title", "number")
    )
    form = ActionFromDecisionForm(
        request.POST or None,
        commitments=commitments,
        initial={"title": item.title[:200]},
    )

    def create(data: dict[str, Any]) -> Any:
        data = dict(data)
        commitment = form.commitments[data.pop("commitment")]
        return services_actions.action_from_council_item(
            actor=request.user, item_public_id=item.public_id, commitment=commitment, **data
        )

    if response := form_service_call(
        request,
        form,
        create,
        _("The action is created and linked to the council decision."),
        lambda action: redirect("programme:admin-action", public_id=action.public_id),
    ):
        return response
    return render(
        request,
        "programme/action_from_decision.html",
        {"item": item, "form": form, "commitments": commitments},
    )


@capability_required(Capability.PROGRAMME_REPORT)
@require_POST
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    programme = Programme.objects.filter(pk=pk).select_related("municipality__space").first()
    form = ReportForm(request.POST)
    if programme is None or not form.is_valid():
        messages.error(request, _("Choose a year from 2000 to 2100."))
        return redirect("programme:admin-home")
    year = form.cleaned_data["year"]
    service_call_with_feedback(
        request,
        lambda: services_report.report_generate(actor=request.user, programme=programme, year=year),
        _("The report is generated."),
    )
    return redirect("programme:admin-programme", pk=programme.pk)
