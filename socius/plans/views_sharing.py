"""Sharing pages: the citizen's grants and access log, the professional's shared plans, teams.

Every plan page needs a strong session (plans_login_required). A citizen reaches only their
own plan and shares (404 otherwise); a professional holds PLANS_PROFESSIONAL (403 without)
and reaches a plan only through a share in force now (404 otherwise, the same for a share
that never existed, ended, was revoked or belongs to a team they left)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, request_user
from socius.core.feedback import form_service_call, service_error_to_messages
from socius.core.roles import Capability
from socius.plans import access, sharing
from socius.plans import selectors_sharing as sel
from socius.plans.forms_sharing import CommentForm, ProposeForm, RateForm, ShareForm, TeamForm
from socius.plans.models import Domain, Goal, Part, Share, Step, Team
from socius.plans.security import plans_login_required
from socius.plans.selectors import plan_view

# --- the citizen ---------------------------------------------------------------------------


@plans_login_required
@require_GET
def share_list(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request_user(request))
    return render(request, "plans/share_list.html", {
        "rows": sel.share_list_for_owner(plan=plan),
        "log": sel.access_log_for_owner(plan=plan, limit=20),
        "proposed": sel.steps_proposed_for_owner(plan=plan),
    })  # fmt: skip


@plans_login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    plan = access.plan_for_owner(request_user(request))
    return render(request, "plans/share_access_log.html",
                  {"log": sel.access_log_for_owner(plan=plan)})  # fmt: skip


def _goal_choices(plan: Any) -> list[tuple[str, str]]:
    return [(str(g.goal.public_id), g.text) for g in plan_view(plan=plan).goals]


@plans_login_required
@require_http_methods(["GET", "POST"])
def share_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    plan = access.plan_for_owner(user)
    form = ShareForm(
        request.POST or None, goals=_goal_choices(plan), teams=sel.team_choices_for(plan)
    )
    if response := form_service_call(
        request,
        form,
        lambda data: sharing.share_create(
            actor=user,
            plan=plan,
            parts=data["parts"],
            goals=Goal.objects.filter(plan=plan, public_id__in=data.get("goals") or []),
            professional_email=data["professional_email"],
            team=data["team"],
            purpose=data["purpose"],
            ends_on=data["ends_on"],
        ),
        _("Your plan is shared. You can stop it here at any time."),
        lambda _saved: redirect("plans:share-list"),
    ):
        return response
    return render(request, "plans/share_form.html", {"form": form})


@plans_login_required
@require_POST
def share_revoke(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    plan = access.plan_for_owner(user)
    share = get_object_or_404(Share, plan=plan, public_id=public_id)
    sharing.share_revoke(actor=user, share=share)
    messages.success(request, _("The sharing is stopped. They cannot see your plan any more."))
    return redirect("plans:share-list")


@plans_login_required
@require_POST
def step_answer(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    plan = access.plan_for_owner(user)
    step = get_object_or_404(Step, goal__plan=plan, public_id=public_id)
    answer = request.POST.get("answer")
    if answer not in {"accept", "decline"}:
        messages.error(request, _("Choose yes or no to the step."))
        return redirect("plans:share-list")
    try:
        sharing.step_answer(actor=user, step=step, accept=answer == "accept")
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("The step is added to your goal.") if answer == "accept"
            else _("The step is declined."),
        )  # fmt: skip
    return redirect("plans:share-list")


# --- the professional ------------------------------------------------------------------------


@capability_required(Capability.PLANS_PROFESSIONAL)
@plans_login_required
@require_GET
def shared_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/professional_shared_list.html",
                  {"shares": sel.shared_list_for(user=request_user(request))})  # fmt: skip


def _shared_page(
    request: HttpRequest, share: Share, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    goals = sel.share_goal_choices(share)
    forms: dict[str, Any] = {
        "comment_form": CommentForm(goals=goals if Part.GOALS in share.parts else []),
        "propose_form": ProposeForm(goals=goals) if Part.GOALS in share.parts and goals else None,
        "rate_form": RateForm(goals=goals) if Part.RATINGS in share.parts and goals else None,
    }
    forms.update(bound or {})
    view = plan_view(plan=share.plan, share=share)
    labels = dict(Domain.choices)
    return render(request, "plans/professional_shared_plan.html", {
        "share": share,
        "view": view,
        "domains": [(labels.get(d.domain, d.domain), d.ratings) for d in view.domain_series],
        "purpose": sel.share_purpose(share),
        "comments": sel.share_comments(share=share),
        "Part": Part,
        **forms,
    }, status=400 if bound else 200)  # fmt: skip


@capability_required(Capability.PLANS_PROFESSIONAL)
@plans_login_required
@require_GET
def shared_plan(request: HttpRequest, share_id: Any) -> HttpResponse:
    user = request_user(request)
    share = access.share_for_professional(user, share_id)
    share = sharing.share_viewed(actor=user, share=share)
    return _shared_page(request, share)


def _posted_goal(share: Share, public_id: str) -> Goal | None:
    if not public_id:
        return None
    return get_object_or_404(Goal, plan=share.plan, public_id=public_id)


@capability_required(Capability.PLANS_PROFESSIONAL)
@plans_login_required
@require_POST
def shared_comment(request: HttpRequest, share_id: Any) -> HttpResponse:
    user = request_user(request)
    share = access.share_for_professional(user, share_id)
    goals = sel.share_goal_choices(share) if Part.GOALS in share.parts else []
    form = CommentForm(request.POST, goals=goals)
    if response := form_service_call(
        request,
        form,
        lambda data: sharing.comment_add(
            actor=user, share=share, text=data["text"], goal=_posted_goal(share, data["goal"])
        ),
        _("Your comment is saved. The citizen can read it."),
        lambda _saved: redirect("plans:shared-plan", share.public_id),
    ):
        return response
    return _shared_page(request, share, bound={"comment_form": form})


@capability_required(Capability.PLANS_PROFESSIONAL)
@plans_login_required
@require_POST
def shared_propose(request: HttpRequest, share_id: Any) -> HttpResponse:
    user = request_user(request)
    share = access.share_for_professional(user, share_id)
    access.require_part(share, Part.GOALS)
    form = ProposeForm(request.POST, goals=sel.share_goal_choices(share))
    if response := form_service_call(
        request,
        form,
        lambda data: sharing.step_propose(
            actor=user,
            share=share,
            goal=_posted_goal(share, data["goal"]),  # type: ignore[arg-type]
            text=data["text"],
        ),
        _("Your step is sent. The citizen decides if they want it."),
        lambda _saved: redirect("plans:shared-plan", share.public_id),
    ):
        return response
    return _shared_page(request, share, bound={"propose_form": form})


@capability_required(Capability.PLANS_PROFESSIONAL)
@plans_login_required
@require_POST
def shared_rate(request: HttpRequest, share_id: Any) -> HttpResponse:
    user = request_user(request)
    share = access.share_for_professional(user, share_id)
    access.require_part(share, Part.RATINGS)
    form = RateForm(request.POST, goals=sel.share_goal_choices(share))
    if response := form_service_call(
        request,
        form,
        lambda data: sharing.share_rate(
            actor=user,
            share=share,
            goal=_posted_goal(share, data["goal"]),  # type: ignore[arg-type]
            score=data["score"],
            comment=data["comment"],
        ),
        _("Your rating is saved beside the citizen's own."),
        lambda _saved: redirect("plans:shared-plan", share.public_id),
    ):
        return response
    return _shared_page(request, share, bound={"rate_form": form})


@capability_required(Capability.PLANS_PROFESSIONAL)
@plans_login_required
@require_GET
def shared_document(request: HttpRequest, share_id: Any, public_id: Any) -> HttpResponse:
    user = request_user(request)
    share = access.share_for_professional(user, share_id)
    access.require_part(share, Part.DOCUMENTS)
    document = get_object_or_404(share.plan.documents, public_id=public_id)
    try:
        name, content_type, data = sharing.share_document_open(
            actor=user, share=share, document=document
        )
    except ValueError:  # the sealed file did not open
        raise Http404 from None
    # A streaming response; the decorators' type wants HttpResponse.
    response: Any = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name,
        content_type=content_type or "application/octet-stream",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- teams (administrators) --------------------------------------------------------------


@capability_required(Capability.PLANS_TEAMS)
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/team_list.html", {"teams": sel.team_list()})


@capability_required(Capability.PLANS_TEAMS)
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if response := form_service_call(
        request,
        form,
        lambda data: sharing.team_create(
            actor=request_user(request),
            municipality=data["municipality"],
            name=data["name"],
            members=data["members"],
        ),
        _("The team is saved."),
        lambda _saved: redirect("plans:team-list"),
    ):
        return response
    return render(request, "plans/team_form.html", {"form": form, "team": None})


@capability_required(Capability.PLANS_TEAMS)
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    initial = {"name": team.name, "municipality": team.municipality,
               "members": list(team.members.all())}  # fmt: skip
    form = TeamForm(request.POST or None, initial=initial)
    form.fields["municipality"].disabled = True
    if response := form_service_call(
        request,
        form,
        lambda data: sharing.team_update(
            actor=request_user(request), team=team, name=data["name"], members=data["members"]
        ),
        _("The team is saved."),
        lambda _saved: redirect("plans:team-list"),
    ):
        return response
    return render(request, "plans/team_form.html", {"form": form, "team": team})
