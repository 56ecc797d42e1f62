"""Staff pages: review queue, review, corrections, paper signatures, the signer list for the
secretariat (access audited) and the municipality's settings. A proposal that reached its
threshold is handled as a council item (socius.council: agenda, decision with the parties'
votes), which moves the proposal through proposal_council and proposal_decide; the staff
page links to that item."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import capability_required, request_user, user_can
from socius.core.csv_export import csv_response
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.models import Municipality
from socius.core.roles import Capability
from socius.proposals import selectors, services
from socius.proposals.access import proposal_for_staff
from socius.proposals.forms import CorrectionForm, PaperForm, RejectForm, SettingsForm
from socius.proposals.identity import IDENTIFIER_CPR, identifier_kind
from socius.proposals.models import Proposal, Signature
from socius.proposals.services.signing import paper_signature_add, signers_exported

if TYPE_CHECKING:
    from socius.accounts.models import User


@capability_required(Capability.PROPOSALS_REVIEW)
def staff_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "proposals/staff_queue.html",
        {
            "review": selectors.proposal_list_for_review(),
            "council": selectors.proposal_list_for_council(),
            "can_settings": user_can(request.user, Capability.PROPOSALS_SETTINGS),
        },
    )


def _forms(proposal: Proposal, data: Any = None) -> dict[str, Any]:
    return {
        "reject_form": RejectForm(data),
        "correction_form": CorrectionForm(data),
        "paper_form": PaperForm(data, by_cpr=identifier_kind(proposal.terms) == IDENTIFIER_CPR),
    }


@login_required
def staff_proposal(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = proposal_for_staff(
        user=request_user(request), public_id=public_id, capability=Capability.PROPOSALS_REVIEW
    )
    return render(
        request,
        "proposals/staff_proposal.html",
        {
            "proposal": proposal,
            "coproposers": proposal.coproposers.all(),
            "events": proposal.events.all(),
            **_forms(proposal),
        },
    )


@login_required
@require_POST
def staff_action(request: HttpRequest, public_id: Any, action: str) -> HttpResponse:
    """One POST endpoint per staff action; the form for it is validated, the service decides."""
    capability = Capability.PROPOSALS_PAPER if action == "paper" else Capability.PROPOSALS_REVIEW
    proposal = proposal_for_staff(
        user=request_user(request), public_id=public_id, capability=capability
    )
    actor = request_user(request)
    forms = _forms(proposal, request.POST)
    try:
        done = _run(action, actor, proposal, forms)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
        done = None
    if done is None:
        return render(
            request,
            "proposals/staff_proposal.html",
            {
                "proposal": proposal,
                "coproposers": proposal.coproposers.all(),
                "events": proposal.events.all(),
                **forms,
            },
            status=400,
        )
    messages.success(request, done)
    return redirect("proposals:staff-proposal", public_id=proposal.public_id)


def _run(action: str, actor: User, proposal: Any, forms: dict[str, Any]) -> str | None:
    if action == "publish":
        services.proposal_publish(actor=actor, proposal=proposal)
        return _("The proposal is published and open for signing.")
    form_name = {
        "reject": "reject_form",
        "correct": "correction_form",
        "paper": "paper_form",
    }.get(action)
    if form_name is None:
        raise Http404
    form = forms[form_name]
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "reject":
        services.proposal_reject(
            actor=actor, proposal=proposal, rules=data["rules"], reason=data["reason"]
        )
        return _("The proposal is rejected. The proposer has been told why.")
    if action == "correct":
        services.proposal_correct(actor=actor, proposal=proposal, **data)
        return _("The correction is saved and shown on the timeline.")
    result = paper_signature_add(actor=actor, proposal=proposal, **data)
    if not result.created:
        raise ValidationError(_("This person has already signed the proposal."))
    return _("The paper signature is counted.")


@login_required
def signer_export(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The signer list for the council secretariat, as CSV. Every download is audited."""
    proposal = proposal_for_staff(
        user=request_user(request), public_id=public_id, capability=Capability.PROPOSALS_EXPORT
    )
    rows = (
        Signature.objects.filter(proposal=proposal, withdrawn_at__isnull=True)
        .select_related("paper")
        .order_by("created_at", "id")
    )
    signers_exported(actor=request_user(request), proposal=proposal)
    response = csv_response(
        filename=f"signers-{proposal.public_id}.csv",
        header=[_("Signed at"), _("Channel"), _("Name"), _("Address"), _("Birth date")],
        rows=(_signer_row(s) for s in rows.iterator(2000)),
    )
    response["Cache-Control"] = "no-store"  # names and addresses
    return response


def _signer_row(s: Signature) -> list[str]:
    paper = getattr(s, "paper", None) if s.channel == Signature.Channel.PAPER else None
    return [
        s.created_at.isoformat(timespec="seconds"),
        s.get_channel_display(),
        paper.name if paper else s.signer_name,
        paper.address if paper else "",
        paper.birth_date.isoformat() if paper else "",
    ]


@capability_required(Capability.PROPOSALS_SETTINGS)
@require_http_methods(["GET", "POST"])
def staff_settings(request: HttpRequest) -> HttpResponse:
    code = str(request.GET.get("kommune", "751"))[:3]
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404
    rules = selectors.settings_for(municipality)
    form = SettingsForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                actor=request_user(request),
                municipality=municipality,
                values={k: form.cleaned_data[k] for k in SettingsForm.Meta.fields},
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("The settings are saved. Published proposals keep their terms.")
            )
            return redirect(reverse("proposals:staff-settings") + f"?kommune={municipality.code}")
    return render(
        request,
        "proposals/staff_settings.html",
        {"form": form, "municipality": municipality, "municipalities": Municipality.objects.all()},
    )
