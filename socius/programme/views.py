"""The programme's public pages: the programmes, "Hvor er vi nu?" per municipality and per
commitment, an action, a measure, the CSV downloads and the yearly report."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socius.core.access import user_can
from socius.core.csv_export import csv_response
from socius.core.roles import Capability
from socius.programme import selectors, selectors_activity
from socius.programme.models import ActionStatus, Report
from socius.programme.selectors_atlas import measure_chart, measure_views


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programme/home.html",
        {
            "programmes": selectors.programme_list_public(),
            "can_edit": user_can(request.user, Capability.PROGRAMME_MANAGE),
        },
    )


@require_GET
def municipality(request: HttpRequest, space: str) -> HttpResponse:
    programme = selectors.programme_public_for(space)
    return render(
        request,
        "programme/municipality.html",
        {
            "programme": programme,
            "space": programme.municipality.space,
            "glances": selectors.programme_overview(programme),
            "reports": list(programme.reports.only("year", "programme_id")),
        },
    )


@require_GET
def commitment_detail(request: HttpRequest, space: str, slug: str) -> HttpResponse:
    programme = selectors.programme_public_for(space)
    commitment = selectors.commitment_public(programme, slug)
    actions = selectors.commitment_actions(commitment)
    measures = selectors.commitment_measures(commitment)
    activity = selectors_activity.commitment_activity(commitment)
    decisions = selectors_activity.commitment_decisions(actions, measures)
    changes = selectors.commitment_changes(
        commitment, actions, [a for _h, items in activity for a in items], decisions
    )
    return render(
        request,
        "programme/commitment_detail.html",
        {
            "programme": programme,
            "space": programme.municipality.space,
            "commitment": commitment,
            "actions": actions,
            "measures": [(view, measure_chart(view)) for view in measures],
            "activity": activity,
            "decisions": decisions,
            "changes": changes,
        },
    )


@require_GET
def action_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    action = selectors.action_public(public_id)
    programme = action.commitment.programme
    measures = measure_views(list(action.measures.all()), programme.municipality.code)
    return render(
        request,
        "programme/action_detail.html",
        {
            "action": action,
            "commitment": action.commitment,
            "programme": programme,
            "space": programme.municipality.space,
            "measures": measures,
            "can_edit": user_can(request.user, Capability.PROGRAMME_MANAGE),
        },
    )


@require_GET
def measure_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    measure = selectors.measure_public(public_id)
    programme = measure.commitment.programme
    view = measure_views([measure], programme.municipality.code)[0]
    return render(
        request,
        "programme/measure_detail.html",
        {
            "measure": measure,
            "view": view,
            "chart": measure_chart(view),
            "commitment": measure.commitment,
            "programme": programme,
            "space": programme.municipality.space,
        },
    )


@require_GET
def actions_csv(request: HttpRequest, space: str) -> HttpResponse:
    programme = selectors.programme_public_for(space)
    rows = (
        (
            a.commitment.number,
            a.commitment.title,
            str(a.public_id),
            a.title,
            a.owner,
            a.budget_kr if a.budget_kr is not None else "",
            a.starts_on.isoformat(),
            a.ends_on.isoformat(),
            str(ActionStatus(a.status).label),
            a.status_reason,
        )
        for a in selectors.actions_for_export(programme)
    )
    header = [
        _("Commitment no."),
        _("Commitment"),
        _("Id"),
        _("Action"),
        _("Owner"),
        _("Budget (kr.)"),
        _("Starts"),
        _("Ends"),
        _("Status"),
        _("Reason for the status"),
    ]
    return csv_response(filename=f"handlinger-{space}.csv", header=header, rows=rows)


@require_GET
def measures_csv(request: HttpRequest, space: str) -> HttpResponse:
    programme = selectors.programme_public_for(space)
    rows = [
        (
            v.measure.commitment.number,
            str(v.measure.public_id),
            v.measure.indicator_code,
            v.title,
            v.measure.baseline,
            v.measure.baseline_year,
            v.measure.target,
            v.measure.target_year,
            v.latest[0] if v.latest else "",
            v.latest[1] if v.latest else "",
        )
        for v in selectors.measures_for_export(programme)
    ]
    header = [
        _("Commitment no."),
        _("Id"),
        _("Indicator code"),
        _("Indicator"),
        _("Baseline"),
        _("Baseline year"),
        _("Target"),
        _("Target year"),
        _("Latest period"),
        _("Latest value"),
    ]
    return csv_response(filename=f"maal-{space}.csv", header=header, rows=rows)


def _report(space: str, year: int) -> Report:
    programme = selectors.programme_public_for(space)
    report = Report.objects.filter(programme=programme, year=year).first()
    if report is None:
        raise Http404
    return report


@require_GET
def report_page(request: HttpRequest, space: str, year: int) -> HttpResponse:
    report = _report(space, year)
    return render(
        request,
        "programme/report_page.html",
        {
            "report": report,
            "programme": report.programme,
            "space": report.programme.municipality.space,
        },
    )


@require_GET
def report_pdf(request: HttpRequest, space: str, year: int) -> HttpResponse:
    report = _report(space, year)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="programrapport-{space}-{year}.pdf"'
    return response
