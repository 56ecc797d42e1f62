"""Pages for moderators and editors (staff: behind MFA)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import capability_required, request_user
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.roles import Capability
from socius.deliberation import selectors, services
from socius.deliberation.access import (
    conversation_for_moderation,
    conversation_for_view,
    solution_for_view,
    statement_for_moderation,
)
from socius.deliberation.forms import ConversationForm, ModerationForm, SolutionForm
from socius.deliberation.models import Statement
from socius.deliberation.report import pct


@capability_required(Capability.DELIBERATION_MODERATE)
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation = services.conversation_create(
                actor=user,
                theme=data["theme"],
                title=data["title"],
                question=data["question"],
                description=data["description"],
                moderation=data["moderation"],
                links=data["links"],
                seed_statements=data["seed_statements"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The conversation is open."))
            return redirect(conversation)
    return render(request, "deliberation/conversation_create.html", {"form": form})


@capability_required(Capability.DELIBERATION_MODERATE)
@require_http_methods(["GET"])
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_moderation(user=request_user(request), slug=slug)
    return render(
        request,
        "deliberation/moderation.html",
        {
            "conversation": conversation,
            "queue": [
                (s, ModerationForm(prefix=f"s{s.pk}"))
                for s in selectors.moderation_queue(conversation)
            ],
            "decided": selectors.statements_moderated(conversation)[:50],
        },
    )


@capability_required(Capability.DELIBERATION_MODERATE)
@require_POST
def statement_moderate(request: HttpRequest, slug: str, statement_id: int) -> HttpResponse:
    conversation = conversation_for_moderation(user=request_user(request), slug=slug)
    statement = statement_for_moderation(
        user=request_user(request), conversation=conversation, statement_id=statement_id
    )
    form = ModerationForm(request.POST, prefix=f"s{statement.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("deliberation:moderation", slug=conversation.slug)
    data = form.cleaned_data
    accept = data["decision"] == "accept"
    service_call_with_feedback(
        request,
        lambda: services.statement_moderate(
            actor=request_user(request),
            statement=statement,
            accept=accept,
            reason=data.get("reason", ""),
            note=data.get("note", ""),
        ),  # fmt: skip
        _("The statement was accepted.") if accept else _("The statement was rejected."),
    )
    return redirect("deliberation:moderation", slug=conversation.slug)


@capability_required(Capability.DELIBERATION_MODERATE)
@require_POST
def conversation_open_set(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = conversation_for_moderation(user=request_user(request), slug=slug)
    is_open = request.POST.get("open") == "1"
    service_call_with_feedback(
        request,
        lambda: services.conversation_set_open(
            actor=request_user(request), conversation=conversation, is_open=is_open
        ),
        _("The conversation is open.") if is_open else _("The conversation is closed."),
    )
    return redirect(conversation)


def _support(row: selectors.StatementRow, version: int) -> dict[str, object]:
    return {
        "agree": row.agree, "disagree": row.disagree, "seen": row.seen,
        "agree_lo": row.agree_lo, "agree_hi": row.agree_hi, "bridging": row.bridging,
        "needs_votes": row.needs_votes, "version": version,
    }  # fmt: skip


@capability_required(Capability.DELIBERATION_SOLUTION)
@require_http_methods(["GET", "POST"])
def solution_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    conversation = conversation_for_view(slug=slug)
    view = selectors.results_for(conversation)
    if view.run is None:
        messages.error(request, _("There are no results yet to build a proposal on."))
        return redirect("deliberation:results", slug=conversation.slug)
    rows = view.bridging + [r for r in view.consensus_agree if r not in view.bridging]
    choices = [
        (
            str(r.id),
            _("%(text)s (%(agree)s agree; bridging score %(score)s)")
            % {"text": r.text, "agree": pct(r.agree_share), "score": pct(r.bridging)},
        )
        for r in rows
    ]
    initial = {"statements": request.GET.getlist("statement")}
    form = SolutionForm(request.POST or None, initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ids = [int(i) for i in data["statements"]]
        statements = list(Statement.objects.filter(conversation=conversation, pk__in=ids))
        try:
            proposal = services.solution_create(
                actor=user, conversation=conversation, title=data["title"],
                summary=data["summary"], body=data["body"], statements=statements,
                support={r.id: _support(r, view.run.version) for r in rows},
            )  # fmt: skip
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The proposal is open for comments and votes."))
            return redirect(proposal)
    return render(
        request, "deliberation/solution_create.html", {"conversation": conversation, "form": form}
    )


@capability_required(Capability.DELIBERATION_SOLUTION)
@require_POST
def solution_publish(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    proposal = solution_for_view(public_id=public_id)
    service_call_with_feedback(
        request,
        lambda: services.solution_publish(actor=user, proposal=proposal),
        _("The proposal was sent to the knowledge hub as a draft recommendation for review."),
    )
    return redirect(proposal)


@capability_required(Capability.DELIBERATION_MODERATE)
@require_POST
def solution_comment_hide(request: HttpRequest, public_id: str, comment_id: int) -> HttpResponse:
    user = request_user(request)
    proposal = solution_for_view(public_id=public_id)
    comment = proposal.comments.filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    reason = request.POST.get("reason", "")
    service_call_with_feedback(
        request,
        lambda: services.solution_comment_hide(actor=user, comment=comment, reason=reason),
        _("The comment is hidden."),
    )
    return redirect(proposal)
