"""The secretariat's pages: what waits for the council, registering an item from its source,
and one item's page (change, agenda, decision with votes, follow-up, withdrawal). Each view
reads input, calls one access function and one service, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, request_user, user_can
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.roles import Capability
from socius.core.selectors import municipal_space_list_participating
from socius.core.threads import step_kind
from socius.council import selectors, services_items
from socius.council.access import council_for_staff, item_for_secretariat
from socius.council.forms_items import (
    DecisionForm,
    FollowUpForm,
    ItemEditForm,
    ItemForm,
    ScheduleForm,
    WithdrawForm,
)
from socius.council.models import CouncilItem, ItemState, Source
from socius.council.views_public import item_source

SECRETARIAT = Capability.COUNCIL_SECRETARIAT


@capability_required(SECRETARIAT, Capability.COUNCIL_COMPOSITION)
@require_GET
def secretariat(request: HttpRequest) -> HttpResponse:
    """What waits: proposals that reached their threshold without an item, open items,
    follow-ups due; and each council's pages."""
    councils = list(selectors.council_list_public())
    return render(
        request,
        "council/secretariat.html",
        {
            "councils": [
                (c, selectors.proposals_awaiting_item(c.municipality_id)) for c in councils
            ],
            "open_items": list(selectors.items_for_secretariat()[:100]),
            "follow_ups": list(selectors.follow_ups_due(timezone.localdate())[:100]),
            "can_compose": user_can(request.user, Capability.COUNCIL_COMPOSITION),
            "spaces_without_council": municipal_space_list_participating().filter(
                municipality__council__isnull=True
            ),
            "can_handle": user_can(request.user, SECRETARIAT),
        },
    )


def _source_choices(council: Any, source: str, q: str) -> list[tuple[str, str]]:
    if source == Source.PROPOSAL:
        return [(str(p.public_id), p.title) for p in selectors.proposals_awaiting_item(
            council.municipality_id)]  # fmt: skip
    if source == Source.RECOMMENDATION:
        return selectors.recommendations_matching(q)
    if source == Source.MILESTONE:
        kind = step_kind("action")
        return list(kind.candidates(q)) if kind is not None and kind.candidates else []
    return []


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Register an item: first the kind of source, then the source and the details."""
    council = council_for_staff(user=request.user, slug=slug, capability=SECRETARIAT)
    source = str(request.GET.get("kilde", ""))
    if source not in Source.values:
        return render(request, "council/item_source.html", {"council": council,
                                                            "sources": Source.choices})  # fmt: skip
    q = str(request.GET.get("q", ""))[:100]
    choices = _source_choices(council, source, q)
    initial = {"source_key": str(request.GET.get("noegle", ""))[:64]}
    form = ItemForm(request.POST or None, council=council, source=source, choices=choices,
                    initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services_items.item_create(
                actor=request_user(request), council=council, source=source,
                title=data["title"], summary=data["summary"],
                source_key=data.get("source_key", ""), brought_by=data.get("brought_by"),
                committee=data["committee"],
            )  # fmt: skip
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The item is registered. Put it on a meeting's agenda."))
            return redirect("council:item-manage", public_id=item.public_id)
    return render(
        request,
        "council/item_form.html",
        {
            "council": council,
            "form": form,
            "source": source,
            "source_label": Source(source).label,
            "q": q,
            "searchable": source in (Source.RECOMMENDATION, Source.MILESTONE),
        },  # fmt: skip
        status=400 if request.method == "POST" else 200,
    )


@capability_required(SECRETARIAT)
@require_GET
def item_from_source(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The council item of a thread step (the proposals' staff page links here): the item's
    page if there is one, or the form that registers it."""
    item = selectors.item_for_source(kind, key)
    if item is not None:
        return redirect("council:item-manage", public_id=item.public_id)
    if kind != "proposal":
        raise Http404
    proposal = next((p for c in selectors.council_list_public()
                     for p in [selectors.proposal_awaiting_item(c.municipality_id, key)] if p),
                    None)  # fmt: skip
    if proposal is None:
        messages.error(request, _("The proposal's municipality has no council here yet, or the "
                                  "proposal cannot go to the council now."))  # fmt: skip
        return redirect("council:secretariat")
    slug = proposal.municipality.space.slug
    return redirect(reverse("council:item-create", args=[slug]) + f"?kilde=proposal&noegle={key}")


def _forms(item: CouncilItem, data: Any = None) -> dict[str, Any]:
    groups = selectors.council_groups(item.council)
    return {
        "edit_form": ItemEditForm(data, initial={"title": item.title, "summary": item.summary}),
        "schedule_form": ScheduleForm(data, meetings=selectors.meetings_for_agenda(item.council)),
        "decision_form": DecisionForm(data, council=item.council, groups=groups),
        "follow_up_form": FollowUpForm(data, initial={"note": item.follow_up_note}),
        "withdraw_form": WithdrawForm(data),
    }


def _manage_page(request: HttpRequest, item: CouncilItem, forms: dict[str, Any],
                 status: int = 200) -> HttpResponse:  # fmt: skip
    groups = selectors.council_groups(item.council)
    return render(
        request,
        "council/item_manage.html",
        {
            "item": item,
            "council": item.council,
            "space": item.council.municipality.space,
            "source": item_source(item, request_user(request)),
            "vote_rows": selectors.vote_rows(item, groups),
            "open": item.state not in (ItemState.DECIDED, ItemState.WITHDRAWN),
            **forms,
        },  # fmt: skip
        status=status,
    )


@require_GET
def item_manage(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = item_for_secretariat(user=request.user, public_id=public_id)
    return _manage_page(request, item, _forms(item))


ACTIONS = {
    "edit": ("edit_form", gettext_lazy("The item is saved.")),
    "schedule": ("schedule_form", gettext_lazy("The item is on the meeting's agenda.")),
    "decide": ("decision_form", gettext_lazy("The decision is recorded.")),
    "follow-up": ("follow_up_form", gettext_lazy("The follow-up note is saved.")),
    "withdraw": ("withdraw_form", gettext_lazy("The item is withdrawn.")),
}


@require_POST
def item_action(request: HttpRequest, public_id: Any, action: str) -> HttpResponse:
    """One POST endpoint per step; the form reads the input, the service decides."""
    if action not in ACTIONS:
        raise Http404
    item = item_for_secretariat(user=request.user, public_id=public_id)
    forms = _forms(item, request.POST)
    form_name, done = ACTIONS[action]
    form = forms[form_name]
    if form.is_valid():
        try:
            _run(action, request_user(request), item, form)
        except ValidationError as exc:
            service_error_to_form(form, exc)
            if item.state in (ItemState.DECIDED, ItemState.WITHDRAWN) and action != "follow-up":
                # The form is not on the page of a closed item: say why at the top.
                service_error_to_messages(request, exc)
        else:
            messages.success(request, str(done))
            return redirect("council:item-manage", public_id=item.public_id)
    # Only the form that was sent shows its errors; the others start empty again.
    fresh = _forms(item)
    fresh[form_name] = form
    return _manage_page(request, item, fresh, status=400)


def _run(action: str, actor: Any, item: CouncilItem, form: Any) -> None:
    data = form.cleaned_data
    if action == "edit":
        services_items.item_update(actor=actor, item=item, title=data["title"],
                                   summary=data["summary"])  # fmt: skip
    elif action == "schedule":
        services_items.item_schedule(actor=actor, item=item, meeting=data["meeting"])
    elif action == "decide":
        services_items.item_decide(
            actor=actor, item=item, decision=data["decision"], text=data["text"],
            decision_url=data["decision_url"], votes=form.votes(),
            follow_up_by=data["follow_up_by"], referred_to=data["referred_to"],
        )  # fmt: skip
    elif action == "follow-up":
        services_items.item_follow_up(actor=actor, item=item, note=data["note"], done=data["done"])
    else:
        services_items.item_withdraw(actor=actor, item=item, reason=data["reason"])
