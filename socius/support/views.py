"""/stoet/: support our work. Views read input, call one access function and one service, and
render; payments happen on the provider's page (``payment.checkout_url``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socius.core.access import ACTING_ROLES, Viewer, capability_required, request_user, user_can
from socius.core.csv_export import csv_response
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.models import Organisation
from socius.core.roles import Capability
from socius.support import access, selectors, services
from socius.support.forms import GiftForm, MembershipForm
from socius.support.models import Campaign, Gift
from socius.support.payments.models import Mandate, Payment
from socius.support.payments.providers.base import ProviderError

DEFAULT_AMOUNTS_ORE = [100_00, 250_00, 500_00, 1000_00]
PAYMENT_FAILED = gettext_noop(
    "The payment could not be started. Nothing was charged. Try again, or choose another way "
    "to pay."
)


def _reverse_or_none(name: str) -> str | None:
    # The treasury's pages are their own app; a link is left out until its URL exists.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    campaigns = list(selectors.campaign_list_public()[:6])
    is_treasurer = user_can(user, Capability.SUPPORT_TREASURER)
    return render(request, "support/home.html", {
        "tiers": selectors.tier_list_active(),
        "campaigns": campaigns,
        "money_url": _reverse_or_none("support_treasury:money-public"),
        "is_treasurer": is_treasurer,
        "treasurer_url": _reverse_or_none("support_treasury:treasurer-home")
        if is_treasurer else None,
        "members_url": reverse("support:members")
        if user_can(user, Capability.SUPPORT_MEMBERS) else None,
        "has_supporter": selectors.supporter_for_user(user) is not None,
        "newsletter_issues_url": reverse("support:newsletter-issue-list")
        if user_can(user, Capability.SUPPORT_NEWSLETTER) else None,
    })  # fmt: skip


def _organisations_for(user: Viewer) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(memberships__user=user, memberships__role__in=ACTING_ROLES)
        .distinct()
        .order_by("name")
    )


def _who_initial(user: Viewer) -> dict[str, str]:
    supporter = selectors.supporter_for_user(user)
    if supporter is not None:
        return {"name": supporter.name, "email": supporter.email}
    if user.is_authenticated:
        return {"name": user.get_full_name(), "email": user.email}
    return {}


def _join_page(request: HttpRequest, form: MembershipForm) -> HttpResponse:
    if not form.is_bound:
        form.initial.update({**_who_initial(request.user), "form_key": services.form_key_new()})
    return render(request, "support/membership_join.html", {"form": form})


@require_http_methods(["GET", "POST"])
def membership_join(request: HttpRequest) -> HttpResponse:
    organisations = _organisations_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = MembershipForm(data, tiers=selectors.tier_list_active(), organisations=organisations)
    if request.method == "GET" or not form.is_valid():
        return _join_page(request, form)
    organisation = next(
        (o for o in organisations if o.pk == form.cleaned_data.get("organisation")), None
    )
    try:
        key = services.form_key_read(form.cleaned_data["form_key"])
        supporter = services.supporter_for(
            actor=request.user, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
            language=get_language() or "da", organisation=organisation,
        )  # fmt: skip
        _membership, checkout = services.membership_join(
            actor=request.user, supporter=supporter, tier=form.cleaned_data["tier"],
            provider=form.cleaned_data["provider"], form_key=key,
            auto_renew=form.cleaned_data["auto_renew"],
        )  # fmt: skip
    except ValidationError as exc:
        service_error_to_form(form, exc)
        return _join_page(request, form)
    except (LookupError, ProviderError):
        form.add_error(None, _(PAYMENT_FAILED))
        return _join_page(request, form)
    return redirect(_checkout_path(checkout))


def _gift_page(request: HttpRequest, form: GiftForm, campaign: Campaign | None) -> HttpResponse:
    if not form.is_bound:
        form.initial.update({**_who_initial(request.user), "form_key": services.form_key_new(),
                             "campaign": campaign.slug if campaign else ""})  # fmt: skip
    return render(request, "support/gift_create.html", {"form": form, "campaign": campaign})


def _campaign_for_gift(request: HttpRequest, slug: str) -> Campaign | None:
    if not slug:
        return None
    campaign = access.campaign_for_public(user=request.user, slug=slug[:120])
    return campaign if services.campaign_is_open(campaign) else None


@require_http_methods(["GET", "POST"])
def gift_create(request: HttpRequest) -> HttpResponse:
    slug = (request.POST.get("campaign") if request.method == "POST" else None) or request.GET.get(
        "kampagne", ""
    )
    campaign = _campaign_for_gift(request, slug)
    suggested = (campaign.suggested_amounts_ore if campaign else None) or DEFAULT_AMOUNTS_ORE
    data = request.POST if request.method == "POST" else None
    form = GiftForm(data, suggested=suggested)
    if request.method == "GET" or not form.is_valid():
        return _gift_page(request, form, campaign)
    try:
        key = services.form_key_read(form.cleaned_data["form_key"])

        def supporter() -> Any:
            return services.supporter_for(
                actor=request.user, name=form.cleaned_data["name"],
                email=form.cleaned_data["email"], language=get_language() or "da",
            )  # fmt: skip

        _gift, checkout = services.gift_give(
            actor=request.user, supporter=supporter, amount_ore=form.cleaned_data["amount_ore"],
            frequency=form.cleaned_data["frequency"], provider=form.cleaned_data["provider"],
            form_key=key, campaign=campaign, deductible=form.cleaned_data["deductible"],
        )  # fmt: skip
    except ValidationError as exc:
        service_error_to_form(form, exc)
        return _gift_page(request, form, campaign)
    except (LookupError, ProviderError):
        form.add_error(None, _(PAYMENT_FAILED))
        return _gift_page(request, form, campaign)
    return redirect(_checkout_path(checkout))


def _checkout_path(checkout: Payment | Mandate) -> str:
    kind = "aftale" if isinstance(checkout, Mandate) else "betaling"
    return reverse("support:checkout", args=[kind, checkout.public_id])


@require_GET
def checkout(request: HttpRequest, kind: str, public_id: Any) -> HttpResponse:
    """The step before the provider's page: the amount and a link to pay. A link, not a
    redirect from the form, because the site's CSP (form-action 'self') stops a form's
    redirect to another origin. The address is the payment's unguessable id; the page shows
    only the amount, what it is for and the state."""
    obj: Payment | Mandate | None = None
    if kind == "betaling":
        obj = Payment.objects.filter(public_id=public_id).first()
    elif kind == "aftale":
        obj = Mandate.objects.filter(public_id=public_id).first()
    if obj is None:
        raise Http404
    url = obj.checkout_url
    if not url and isinstance(obj, Mandate):
        first = obj.payments.order_by("created_at").first()
        url = first.checkout_url if first else ""
    waiting = obj.status in ("created", "pending")
    return render(request, "support/checkout.html",
                  {"obj": obj, "url": url if waiting else "", "recurring": isinstance(obj, Mandate)})  # fmt: skip


@require_GET
def gift_thanks(request: HttpRequest, public_id: Any) -> HttpResponse:
    # The address is the gift's unguessable id; the page shows only its amount and state.
    gift = Gift.objects.filter(public_id=public_id).select_related("campaign").first()
    if gift is None:
        raise Http404
    cpr_url = _reverse_or_none("support_tax:cpr-give") if gift.deductible else None
    return render(request, "support/gift_thanks.html", {"gift": gift, "cpr_url": cpr_url})


@require_http_methods(["GET", "POST"])
def gift_stop(request: HttpRequest, public_id: Any, token: str) -> HttpResponse:
    """The stop link in a recurring gift's receipts: no account needed (see
    services.gift_stop_token for its threat model). A wrong link is a 404."""
    gift = services.gift_for_stop_link(public_id=public_id, token=token)
    if gift is None:
        raise Http404
    action = reverse("support:gift-stop", args=[gift.public_id, token])
    if request.method == "GET":
        return render(request, "support/gift_cancel.html", {"gift": gift, "action": action})
    _gift_stop(request, gift, actor=None)
    return redirect("support:home")


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "support/thanks.html")


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(request, "support/campaign_list.html",
                  {"campaigns": selectors.campaign_list_public()})  # fmt: skip


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access.campaign_for_public(user=request.user, slug=slug)
    raised, goal = selectors.campaign_progress(campaign)
    return render(request, "support/campaign_detail.html", {
        "campaign": campaign, "raised_ore": raised, "goal_ore": goal,
        "open": services.campaign_is_open(campaign),
        "can_edit": user_can(request.user, Capability.SUPPORT_TREASURER),
    })  # fmt: skip


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    supporter = selectors.supporter_for_user(request.user)
    context: dict[str, Any] = {"supporter": supporter}
    if supporter is not None:
        context.update({
            "membership": selectors.membership_current(supporter),
            "gifts": selectors.gift_list_for(supporter),
            "payments": selectors.payment_list_for(supporter),
        })  # fmt: skip
    return render(request, "support/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def gift_cancel(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    gift = access.gift_for_owner(user=user, public_id=public_id)
    if request.method == "GET":
        return render(request, "support/gift_cancel.html", {"gift": gift})
    _gift_stop(request, gift, actor=user)
    return redirect("support:mine")


def _gift_stop(request: HttpRequest, gift: Gift, *, actor: Any) -> None:
    """Stop ``gift`` for its donor (``actor``) or for the holder of its stop link (None) and
    say how it went."""
    try:
        services.gift_cancel(actor=actor, gift=gift, by_link=actor is None)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    except ProviderError:
        messages.error(
            request, _("The payment provider did not answer. Nothing was changed; try again.")
        )
    else:
        messages.success(request, _("Your recurring gift is stopped. Thank you for your support."))


@login_required
@require_http_methods(["GET", "POST"])
def membership_resign(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    membership = access.membership_for_owner(user=user, public_id=public_id)
    if request.method == "GET":
        return render(request, "support/membership_resign.html", {"membership": membership})
    try:
        services.membership_resign(actor=user, membership=membership)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    except ProviderError:
        messages.error(
            request, _("The payment provider did not answer. Nothing was changed; try again.")
        )
    else:
        messages.success(
            request, _("You have resigned. Your membership runs until the paid period ends.")
        )
    return redirect("support:mine")


@capability_required(Capability.SUPPORT_MEMBERS)
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    return render(request, "support/members.html",
                  {"memberships": selectors.membership_list_for_board()})  # fmt: skip


@capability_required(Capability.SUPPORT_MEMBERS)
@require_GET
def members_csv(request: HttpRequest) -> HttpResponse:
    rows = (
        [m.supporter.name, m.supporter.email, m.supporter.get_kind_display(), m.tier.name,
         m.get_status_display(), m.paid_until.isoformat() if m.paid_until else ""]
        for m in selectors.membership_list_for_board().iterator(chunk_size=500)
    )  # fmt: skip
    response = csv_response(
        filename="medlemmer.csv",
        header=[_("Name"), _("E-mail"), _("Kind"), _("Membership"), _("Status"), _("Paid until")],
        rows=rows,
    )
    response["Cache-Control"] = "no-store"
    return response
