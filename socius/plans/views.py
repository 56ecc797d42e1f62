"""The citizen's own plan: goals, steps, ratings and progress (notes and documents are in
views_citizen_records.py). Every view is for the owner only: the plan comes from
``access.plan_for_owner`` and each goal or step from that plan, so another person's id is a
404 like one that does not exist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.feedback import form_service_call, service_error_to_messages
from socius.plans import access, selectors, services
from socius.plans.charts import domain_chart, goal_chart
from socius.plans.forms import (
    DomainRateForm,
    GoalCloseForm,
    GoalForm,
    GoalRateForm,
    PlanForm,
    StepForm,
)
from socius.plans.models import Plan
from socius.plans.security import plans_login_required

GET_POST = ["GET", "POST"]


def owner_view(view: Any) -> Any:
    """Signed in (Django), with a strong session (plans_login_required)."""
    return login_required(plans_login_required(view))


def posted(request: HttpRequest) -> Any:
    """The POST data for a bound form (even when empty: an empty POST must show errors)."""
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "plans/citizen_form.html", {"form": form, **context})


@require_http_methods(["GET"])
def about(request: HttpRequest) -> HttpResponse:
    """What Min plan is and how it is protected: public, for anyone deciding whether to start."""
    return render(request, "plans/about.html")


@owner_view
@require_http_methods(["GET"])
def plan_home(request: HttpRequest) -> HttpResponse:
    plan = Plan.objects.filter(owner_id=request.user.pk).first()
    if plan is None:
        return render(request, "plans/plan_start_page.html")
    view = selectors.plan_view(plan=plan)
    return render(request, "plans/plan_home.html", {"view": view})


@owner_view
@require_http_methods(GET_POST)
def plan_start(request: HttpRequest) -> HttpResponse:
    if Plan.objects.filter(owner_id=request.user.pk).exists():
        return redirect("plans:home")
    form = PlanForm(posted(request))
    if response := form_service_call(
        request,
        form,
        lambda data: services.plan_create(actor=request.user, **data),
        _("Your plan is ready. Add your first goal."),
        lambda _saved: redirect("plans:goal-create"),
    ):
        return response
    return _form_page(
        request, form, title=_("Start your plan"), submit=_("Start my plan"),
        intro=_("Only you can see your plan. You decide who else may see it."),
    )  # fmt: skip


@owner_view
@require_http_methods(GET_POST)
def plan_edit(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    meta = selectors.plan_meta(plan)
    initial = {"title": meta.get("title", ""), "domains": meta.get("domains", []),
               "municipality": plan.municipality_id, "themes": meta.get("themes", [])}  # fmt: skip
    form = PlanForm(posted(request), initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services.plan_update(actor=request.user, plan=plan, **data),
        _("Your plan is saved."),
        lambda _saved: redirect("plans:home"),
    ):
        return response
    return _form_page(request, form, title=_("Change your plan"), submit=_("Save"))


@owner_view
@require_http_methods(GET_POST)
def goal_create(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    form = GoalForm(posted(request))
    if response := form_service_call(
        request,
        form,
        lambda data: services.goal_create(actor=request.user, plan=plan, **data),
        _("The goal is saved. Now add a step."),
        lambda goal: redirect("plans:step-create", public_id=goal.public_id),
    ):
        return response
    return _form_page(
        request, form, title=_("New goal"), submit=_("Save goal"),
        intro=_("Write what you want to reach. A goal can be small."),
    )  # fmt: skip


@owner_view
@require_http_methods(["GET"])
def goal_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    goal = selectors.goal_view(goal=selectors.goal_of(plan, public_id))
    return render(request, "plans/goal_detail.html", {
        "goal": goal,
        "chart": goal_chart(goal) if goal.ratings else None,
        "comments": selectors.goal_comments(goal.goal),
    })  # fmt: skip


@owner_view
@require_http_methods(GET_POST)
def goal_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    goal = selectors.goal_view(goal=selectors.goal_of(plan, public_id))
    initial = {"text": goal.text, "why": goal.why, "domain": goal.domain,
               "baseline": str(goal.baseline)}  # fmt: skip
    form = GoalForm(posted(request), initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services.goal_update(actor=request.user, goal=goal.goal, **data),
        _("The goal is saved."),
        lambda _saved: redirect("plans:goal-detail", public_id=goal.public_id),
    ):
        return response
    return _form_page(request, form, title=_("Change goal"), submit=_("Save goal"), goal=goal)


@owner_view
@require_http_methods(GET_POST)
def goal_close(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    goal = selectors.goal_view(goal=selectors.goal_of(plan, public_id))
    form = GoalCloseForm(posted(request))
    if response := form_service_call(
        request,
        form,
        lambda data: services.goal_close(
            actor=request.user, goal=goal.goal, reached=data["reached"]
        ),
        _("The goal is closed. You can still see it."),
        lambda _saved: redirect("plans:home"),
    ):
        return response
    return _form_page(request, form, title=_("Close goal"), submit=_("Close goal"), goal=goal)


@owner_view
@require_http_methods(GET_POST)
def goal_rate(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    goal = selectors.goal_view(goal=selectors.goal_of(plan, public_id))
    form = GoalRateForm(posted(request), initial={"score": str(goal.latest_score)})
    if response := form_service_call(
        request,
        form,
        lambda data: services.goal_rate(actor=request.user, goal=goal.goal, **data),
        _("Your rating is saved."),
        lambda _saved: redirect("plans:goal-detail", public_id=goal.public_id),
    ):
        return response
    return _form_page(
        request, form, title=_("Rate your goal"), submit=_("Save rating"), goal=goal,
        intro=_("0 means it went as you hoped."),
    )  # fmt: skip


@owner_view
@require_http_methods(GET_POST)
def step_create(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    goal = selectors.goal_view(goal=selectors.goal_of(plan, public_id))
    form = StepForm(posted(request))
    if response := form_service_call(
        request,
        form,
        lambda data: services.step_create(actor=request.user, goal=goal.goal, **data),
        _("The step is saved."),
        lambda _saved: redirect("plans:goal-detail", public_id=goal.public_id),
    ):
        return response
    return _form_page(
        request, form, title=_("New step"), submit=_("Save step"), goal=goal,
        intro=_("A step is something you can do soon. Who can help you?"),
    )  # fmt: skip


@owner_view
@require_http_methods(GET_POST)
def step_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    step = selectors.step_of(plan, public_id)
    goal = selectors.goal_view(goal=step.goal)
    current = next(s for s in goal.steps if s.step.pk == step.pk)
    initial = {"text": current.text, "helper_kind": current.helper_kind,
               "helper": current.helper, "organisation": step.organisation_id,
               "due": current.due}  # fmt: skip
    form = StepForm(posted(request), initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services.step_update(actor=request.user, step=step, **data),
        _("The step is saved."),
        lambda _saved: redirect("plans:goal-detail", public_id=goal.public_id),
    ):
        return response
    return _form_page(request, form, title=_("Change step"), submit=_("Save step"), goal=goal)


@owner_view
@require_POST
def step_done(request: HttpRequest, public_id: Any) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    step = selectors.step_of(plan, public_id)
    try:
        services.step_done(actor=request.user, step=step)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("Well done! The step is marked as done."))
    return redirect("plans:goal-detail", public_id=step.goal.public_id)


@owner_view
@require_http_methods(GET_POST)
def domain_rate(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    domains = selectors.plan_meta(plan).get("domains") or None
    form = DomainRateForm(
        posted(request), domains=domains, initial={"domain": request.GET.get("omraade")}
    )
    if response := form_service_call(
        request,
        form,
        lambda data: services.domain_rate(actor=request.user, plan=plan, **data),
        _("Your rating is saved."),
        lambda _saved: redirect("plans:progress"),
    ):
        return response
    return _form_page(
        request, form, title=_("Rate a part of your life"), submit=_("Save rating"),
        intro=_("Think about the last weeks."),
    )  # fmt: skip


@owner_view
@require_http_methods(["GET"])
def progress(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request.user)
    view = selectors.plan_view(plan=plan)
    goals = [(g, goal_chart(g)) for g in (*view.goals, *view.closed_goals) if g.ratings]
    domains = [(d, domain_chart(d)) for d in view.domain_series]
    return render(request, "plans/progress.html", {
        "view": view, "goal_charts": goals, "domain_charts": domains,
        "rate_url": reverse("plans:domain-rate"),
    })  # fmt: skip
