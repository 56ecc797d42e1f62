"""Pages for everyone and for proposers."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import request_user, user_can
from socius.core.cache import public_page
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.roles import Capability
from socius.proposals import selectors, services
from socius.proposals.access import proposal_for_proposer, proposal_for_view
from socius.proposals.forms import InviteForm, ListFilterForm, ProposalForm, ReceiptForm
from socius.proposals.merkle import merkle_proof
from socius.proposals.models import Follower, Proposal
from socius.proposals.recommendations import (
    recommendation_attachable,
    recommendation_key,
    recommendation_link_problem,
)
from socius.proposals.services.recommendation import proposal_create_from_recommendation
from socius.proposals.services.signing import receipt_hash
from socius.proposals.workflows import ProposalState
from socius.proposals.writing import writing_help


@public_page()
def proposal_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    theme = data.get("theme")
    proposals = selectors.proposal_list_public(
        q=data.get("q", ""),
        theme=theme.slug if theme else "",
        state=data.get("state", ""),
        sort=data.get("sort") or "newest",
        track=data.get("track", ""),
    )[:100]
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "form": form,
            "proposals": proposals,
            "can_review": user_can(request.user, Capability.PROPOSALS_REVIEW),
        },
    )


def proposal_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = proposal_for_view(user=request.user, public_id=public_id)
    is_proposer = request.user.is_authenticated and request.user.pk == proposal.proposer_id
    recommendation_id = str(proposal.recommendation_page_id or "")
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "is_proposer": is_proposer,
            "days_left": selectors.days_left(proposal),
            "events": proposal.events.all(),
            "coproposers": proposal.coproposers.all() if is_proposer else [],
            "tally": selectors.tally_latest(proposal),
            "following": request.user.is_authenticated
            and Follower.objects.filter(proposal=proposal, user_id=request.user.pk).exists(),
            "share_url": request.build_absolute_uri(proposal.get_absolute_url()),
            "can_review": user_can(request.user, Capability.PROPOSALS_REVIEW),
            "recommendation": recommendation_attachable(recommendation_id)
            if recommendation_id
            else None,
        },
    )


def _limits(municipality: Any) -> dict[str, int]:
    rules = selectors.settings_for(municipality)
    return {"title": rules.title_max, "text": rules.text_max, "remarks": rules.remarks_max}


def _save(request: HttpRequest, form: ProposalForm, proposal: Proposal | None) -> Proposal | None:
    data = form.cleaned_data
    try:
        if proposal is None and data.get("recommendation"):
            return proposal_create_from_recommendation(
                actor=request_user(request),
                recommendation=data["recommendation"],
                municipality=data["municipality"],
                theme=data.get("theme"),
                title=data["title"],
                text=data["text"],
                remarks=data.get("remarks", ""),
            )
        if proposal is None:
            return services.proposal_create(
                actor=request_user(request),
                municipality=data["municipality"],
                theme=data.get("theme"),
                title=data["title"],
                text=data["text"],
                remarks=data.get("remarks", ""),
            )
        return services.proposal_update(
            actor=request_user(request),
            proposal=proposal,
            theme=data.get("theme"),
            title=data["title"],
            text=data["text"],
            remarks=data.get("remarks", ""),
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            if "recommendation" in exc.message_dict:
                form.recommendation_drop()
        else:
            service_error_to_form(form, exc)
        return None


def _recommendation_shown(
    request: HttpRequest, form: ProposalForm, proposal: Proposal | None
) -> tuple[Any, str]:
    """The recommendation to show as attached, and what is wrong with the one in the link."""
    if proposal is not None:
        key = str(proposal.recommendation_page_id or "")
        return (recommendation_attachable(key) if key else None), ""
    if form.is_bound:
        key = recommendation_key(form["recommendation"].value()) or ""
        return (recommendation_attachable(key) if key else None), ""
    if "anbefaling" not in request.GET:
        return None, ""
    value = request.GET["anbefaling"]
    problem = recommendation_link_problem(value)
    if problem:
        return None, problem
    key = str(recommendation_key(value))
    form.initial["recommendation"] = key
    return recommendation_attachable(key), ""


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, public_id: Any = None) -> HttpResponse:
    proposal = (
        proposal_for_proposer(user=request_user(request), public_id=public_id)
        if public_id
        else None
    )
    if proposal is not None and proposal.state != ProposalState.DRAFT:
        messages.error(request, _("Only drafts can be changed."))
        return redirect(proposal)
    initial = (
        {
            "municipality": proposal.municipality,
            "theme": proposal.theme,
            "title": proposal.title,
            "text": proposal.text,
            "remarks": proposal.remarks,
        }
        if proposal
        else {}
    )
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, proposal)
        if saved is not None:
            messages.success(request, _("Your draft is saved."))
            return redirect(saved)
    recommendation, recommendation_problem = _recommendation_shown(request, form, proposal)
    municipality = (
        form.cleaned_data.get("municipality")
        if form.is_bound and hasattr(form, "cleaned_data")
        else (proposal.municipality if proposal else None)
    )
    limits = (
        _limits(municipality) if municipality else {"title": 140, "text": 2000, "remarks": 10000}
    )
    for name, limit in limits.items():
        form.fields[name].widget.attrs["data-limit"] = str(limit)
    return render(
        request,
        "proposals/proposal_edit.html",
        {
            "form": form,
            "proposal": proposal,
            "recommendation": recommendation,
            "recommendation_problem": recommendation_problem,
            "help": writing_help(
                title=form["title"].value() or "",
                text=form["text"].value() or "",
                remarks=form["remarks"].value() or "",
                limits=limits,
                exclude_url=proposal.get_absolute_url() if proposal else "",
            ),
        },
    )


@require_POST
def writing_help_view(request: HttpRequest) -> HttpResponse:
    """The writing help panel for the text typed so far (htmx; no data is stored)."""
    limits = {"title": 140, "text": 2000, "remarks": 10000}
    form = ProposalForm(request.POST)
    form.is_valid()
    municipality = form.cleaned_data.get("municipality")
    if municipality is not None:
        limits = _limits(municipality)
    return render(
        request,
        "proposals/_writing_help.html",
        {
            "help": writing_help(
                title=str(request.POST.get("title", ""))[:20_000],
                text=str(request.POST.get("text", ""))[:20_000],
                remarks=str(request.POST.get("remarks", ""))[:50_000],
                limits=limits,
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def coproposers_invite(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = proposal_for_proposer(user=request_user(request), public_id=public_id)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coproposers_invite(
                actor=request_user(request),
                proposal=proposal,
                emails=form.cleaned_data["emails"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The invitations are sent."))
            return redirect(proposal)
    return render(
        request,
        "proposals/coproposers_invite.html",
        {
            "form": form,
            "proposal": proposal,
            "required": selectors.settings_for(proposal.municipality).coproposers_required,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def coproposer_confirm(request: HttpRequest, token: str) -> HttpResponse:
    coproposer = services.coproposer_for_token(token)
    if coproposer is None:
        raise Http404
    if request.method == "POST":
        ok = service_call_with_feedback(
            request,
            lambda: services.coproposer_confirm(actor=request_user(request), coproposer=coproposer),
            _("Thank you. You are now a co-proposer."),
        )
        if ok:
            return redirect(coproposer.proposal)
    return render(request, "proposals/coproposer_confirm.html", {"proposal": coproposer.proposal})


def _proposer_action(request: HttpRequest, public_id: Any, name: str, done: str) -> HttpResponse:
    proposal = proposal_for_proposer(user=request_user(request), public_id=public_id)
    service = {"submit": services.proposal_submit, "withdraw": services.proposal_withdraw}[name]
    service_call_with_feedback(
        request, lambda: service(actor=request_user(request), proposal=proposal), done
    )
    return redirect(proposal)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _proposer_action(
        request, public_id, "submit", _("The proposal is sent. Staff will review it.")
    )


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _proposer_action(request, public_id, "withdraw", _("The proposal is withdrawn."))


@login_required
@require_POST
def proposal_follow(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = selectors.proposal_public(public_id)
    if proposal is None:
        raise Http404
    follow = request.POST.get("follow") == "1"
    services.proposal_follow(actor=request_user(request), proposal=proposal, follow=follow)
    messages.success(
        request,
        _("You will get news about the proposal by e-mail.")
        if follow
        else _("You no longer follow the proposal."),
    )
    return redirect(proposal)


@never_cache
@require_http_methods(["GET", "POST"])
def receipt_check(request: HttpRequest) -> HttpResponse:
    """Anyone checks that a receipt is counted: the proof against a published root.

    Threat model: a receipt links a person to their signature (they may show it to prove they
    signed, and the proposal's signer list is on staff's screens). A receipt in a URL ends up
    in proxy, server and browser logs beside an IP address, and in Referer headers. So the
    receipt travels only in the body of a CSRF-protected POST, the answer is never cached, and
    a GET with a query string (an old link or bookmark with ``?receipt=``) is sent on to the
    bare address with a note: nothing is looked up, and the value is neither echoed nor kept
    in the address bar, where the page's own links (the language switch) would copy it."""
    if request.method != "POST":
        if request.GET:
            messages.info(
                request,
                _(
                    "We no longer look up receipts from links, because links end up in logs. "
                    "Paste your receipt in the box and press Check."
                ),
            )
            return redirect("proposals:receipt-check")
        return render(request, "proposals/receipt_check.html", {"form": ReceiptForm()})
    form = ReceiptForm(request.POST)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        leaf = receipt_hash(form.cleaned_data["receipt"])
        found = selectors.tally_with_receipt(leaf)
        if found is None:
            form.add_error(
                "receipt",
                _(
                    "This receipt is not in any published count. Counts are published once a "
                    "day, so a new signature shows up the day after. Check that you typed it right."
                ),
            )
        else:
            tally, index = found
            leaves = tally.leaf_list()
            context.update(
                tally=tally,
                leaf=leaf,
                index=index,
                size=len(leaves),
                proof=merkle_proof(index, leaves),
            )
    return render(request, "proposals/receipt_check.html", context)


@public_page()
def proposal_tallies(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = selectors.proposal_public(public_id)
    if proposal is None:
        raise Http404
    return render(
        request,
        "proposals/proposal_tallies.html",
        {"proposal": proposal, "tallies": proposal.tallies.defer("leaves")[:60]},
    )


def tally_leaves(request: HttpRequest, public_id: Any, day: str) -> HttpResponse:
    """The published leaf list of one day, as plain text (one receipt hash a line)."""
    proposal = selectors.proposal_public(public_id)
    try:
        tally_day = datetime.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404 from exc
    tally = proposal.tallies.filter(day=tally_day).first() if proposal else None
    if tally is None:
        raise Http404
    response = HttpResponse(
        tally.leaves + ("\n" if tally.leaves else ""), content_type="text/plain"
    )
    response["Content-Disposition"] = f'attachment; filename="leaves-{tally.day}.txt"'
    return response
