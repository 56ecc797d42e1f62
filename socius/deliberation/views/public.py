"""Pages for participants and the public: conversations, voting, results, reports, proposals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from socius.core.access import request_user, user_can
from socius.core.cache import public_page
from socius.core.csv_export import csv_response
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.roles import Capability
from socius.deliberation import report, selectors, services
from socius.deliberation.access import conversation_for_view, solution_for_view
from socius.deliberation.forms import (
    CommentForm,
    RoleQuestionForm,
    SolutionVoteForm,
    StatementForm,
    VoteForm,
)
from socius.deliberation.models import SolutionVote, Statement, Vote


@public_page()
@require_GET
def conversation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "deliberation/conversation_list.html",
        {
            "conversations": selectors.conversation_list_public(),
            "can_moderate": user_can(request.user, Capability.DELIBERATION_MODERATE),
        },
    )


def _detail_context(
    request: HttpRequest,
    slug: str,
    statement_form: StatementForm | None = None,
    role_form: RoleQuestionForm | None = None,
) -> dict[str, object]:
    conversation = conversation_for_view(slug=slug, user=request.user)
    context: dict[str, object] = {
        "conversation": conversation,
        "links": conversation.background_links.all(),
        "solutions": selectors.solutions_for(conversation),
        "can_moderate": user_can(request.user, Capability.DELIBERATION_MODERATE),
        "vote_choices": Vote.Value.choices,
        "statement_form": statement_form or StatementForm(),
    }
    if request.user.is_authenticated:
        context["next_statement"] = selectors.statement_next_for(
            conversation=conversation, user=request_user(request)
        )
        context["progress"] = selectors.participant_progress(
            conversation=conversation, user=request_user(request)
        )
        if role_form is not None or selectors.role_question_waiting_for(user=request.user):
            context["role_form"] = role_form or RoleQuestionForm()
    return context


@require_GET
def conversation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "deliberation/conversation_detail.html", _detail_context(request, slug))


@login_required
@require_POST
def vote_cast(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_view(slug=slug, user=request.user)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or pass."))
        return redirect(conversation)
    statement = Statement.objects.filter(
        conversation=conversation, pk=form.cleaned_data["statement"], shown=True
    ).first()
    if statement is None:
        raise Http404
    try:
        services.vote_cast(
            actor=request_user(request), statement=statement, value=form.cleaned_data["value"]
        )
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("Your vote was saved. Here is the next statement."))
        # After the vote has committed: the question waits on the page the person returns to.
        services.role_question_after_vote(actor=request_user(request))
    return redirect(f"{conversation.get_absolute_url()}#vote")


@login_required
@require_POST
def role_answer(request: HttpRequest, slug: str) -> HttpResponse:
    """The answer to "how do you take part?" after a first vote: save the roles, or skip."""
    conversation = conversation_for_view(slug=slug, user=request.user)
    user = request_user(request)
    form = RoleQuestionForm(request.POST)
    valid = form.is_valid()
    if form.data.get(form.add_prefix("answer")) == "skip" and not form.non_field_errors():
        services.role_question_skip(actor=user)
        messages.info(
            request, _("We will not ask again. You can add your role on your profile at any time.")
        )
        return redirect(f"{conversation.get_absolute_url()}#vote")
    if valid:
        try:
            services.role_question_answer(actor=user, roles=set(form.cleaned_data["roles"]))
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("Thank you. Your role is saved. You can change it on your profile.")
            )
            return redirect(f"{conversation.get_absolute_url()}#vote")
    return render(
        request,
        "deliberation/conversation_detail.html",
        _detail_context(request, slug, role_form=form),
        status=400,
    )


@login_required
@require_POST
def statement_add(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_view(slug=slug, user=request.user)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            statement = services.statement_add(
                actor=request_user(request),
                conversation=conversation,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            if statement.shown:
                messages.success(
                    request, _("Thank you. Your statement is shown to the others now.")
                )
            else:
                messages.success(
                    request, _("Thank you. A moderator reads your statement before others see it.")
                )
            return redirect(conversation)
    return render(
        request,
        "deliberation/conversation_detail.html",
        _detail_context(request, slug, statement_form=form),
        status=400,
    )


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_view(slug=slug, user=request.user)
    view = selectors.results_for(conversation)
    context = report.report_context(conversation, view)
    context["can_draft"] = user_can(request.user, Capability.DELIBERATION_SOLUTION)
    return render(request, "deliberation/results.html", context)


@require_GET
def report_html(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_view(slug=slug, user=request.user)
    view = selectors.results_for(conversation)
    return render(request, "deliberation/report.html", report.report_context(conversation, view))


@require_GET
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_view(slug=slug, user=request.user)
    pdf = report.report_pdf(conversation, selectors.results_for(conversation))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{conversation.slug}-rapport.pdf"'
    return response


@require_GET
def data_csv(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_view(slug=slug, user=request.user)
    view = selectors.results_for(conversation)
    return csv_response(
        filename=f"{conversation.slug}-data.csv",
        header=report.DATA_COLUMNS,
        rows=report.data_rows(conversation, view),
    )


@require_GET
def solution_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    proposal = solution_for_view(public_id=public_id)
    own = None
    if request.user.is_authenticated:
        own = SolutionVote.objects.filter(proposal=proposal, user=request_user(request)).first()
    counts = dict(proposal.votes.values("value").annotate(n=Count("id")).values_list("value", "n"))
    tally = {
        "support": counts.get(SolutionVote.Value.SUPPORT, 0),
        "oppose": counts.get(SolutionVote.Value.OPPOSE, 0),
        "unsure": counts.get(SolutionVote.Value.UNSURE, 0),
    }
    return render(
        request,
        "deliberation/solution_detail.html",
        {
            "proposal": proposal,
            "basis": proposal.basis.select_related("statement"),
            "comments": proposal.comments.filter(hidden_reason=""),
            "can_moderate": user_can(request.user, Capability.DELIBERATION_MODERATE),
            "hide_reasons": Statement.Reason.choices,
            "comment_form": CommentForm(),
            "own_vote": own,
            "tally": tally,
            "vote_choices": SolutionVote.Value.choices,
            "can_publish": user_can(request.user, Capability.DELIBERATION_SOLUTION),
        },
    )


@login_required
@require_POST
def solution_vote(request: HttpRequest, public_id: str) -> HttpResponse:
    proposal = solution_for_view(public_id=public_id)
    form = SolutionVoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose support, no support or unsure."))
        return redirect(proposal)
    try:
        services.solution_vote_cast(
            actor=request_user(request), proposal=proposal, value=form.cleaned_data["value"]
        )
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("Your vote on the proposal was saved."))
    return redirect(proposal)


@login_required
@require_POST
def solution_comment(request: HttpRequest, public_id: str) -> HttpResponse:
    proposal = solution_for_view(public_id=public_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.solution_comment_add(
                actor=request_user(request), proposal=proposal, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(proposal)
