"""The payer's pages after a checkout, and the providers' webhooks.

The return and bank pages are reached by the payment's random public id (a UUID, in the
link the payer was sent to): they show the amount, the status and the reference, never a
name or an address, so a forwarded link tells nothing about who paid. Unknown ids are 404.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from socius.core.money import format_danish_amount
from socius.support.payments.models import Mandate, Payment
from socius.support.payments.providers.base import WebhookRejected
from socius.support.payments.services import webhook_receive

WEBHOOK_MAX_BYTES = 256 * 1024
_WAITING_PAYMENT = {Payment.Status.CREATED, Payment.Status.PENDING, Payment.Status.AUTHORISED}


def _kroner(ore: int) -> str:
    return format_danish_amount(Decimal(ore) / 100)


def _checkout_state(public_id: UUID) -> dict[str, object]:
    """What the return page shows of a payment or a mandate; Http404 when neither exists."""
    payment = Payment.objects.filter(public_id=public_id).first()
    if payment is not None:
        if payment.status in _WAITING_PAYMENT:
            state = "pending"
        elif payment.status in (Payment.Status.FAILED, Payment.Status.CANCELLED):
            state = "failed"
        else:
            state = "paid"
        return {"state": state, "amount": _kroner(payment.amount_ore), "payment": payment,
                "label": payment.get_status_display()}  # fmt: skip
    mandate = Mandate.objects.filter(public_id=public_id).first()
    if mandate is None:
        raise Http404
    state = {Mandate.Status.PENDING: "pending", Mandate.Status.STOPPED: "failed"}.get(
        Mandate.Status(mandate.status), "paid"
    )
    return {"state": state, "amount": _kroner(mandate.amount_ore), "mandate": mandate,
            "label": mandate.get_status_display()}  # fmt: skip


@require_GET
@never_cache
def checkout_return(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Where the provider sends the payer back: paid, failed, or waiting for the webhook."""
    context = _checkout_state(public_id)
    context["public_id"] = public_id
    return render(request, "support_payments/checkout_return.html", context)


@require_GET
@never_cache
def checkout_status(request: HttpRequest, public_id: UUID) -> JsonResponse:
    """The return page's state for its small poll script."""
    context = _checkout_state(public_id)
    return JsonResponse({"state": context["state"], "label": str(context["label"])})


@require_GET
@never_cache
def bank_instructions(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The account, the reference and the amount to transfer."""
    payment = Payment.objects.filter(public_id=public_id, provider="bank").first()
    if payment is None:
        raise Http404
    context = {
        "payment": payment,
        "account": settings.SUPPORT_BANK_ACCOUNT,
        "amount": _kroner(payment.amount_ore),
        "paid": payment.status not in _WAITING_PAYMENT,
    }
    return render(request, "support_payments/bank_instructions.html", context)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """A provider's webhook. Threat model: services_webhooks.py. The body is read only up to
    WEBHOOK_MAX_BYTES; anything larger, unsigned, forged or malformed is a 400 and stores
    nothing; an unknown or disabled provider is a 404."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse("Bad length.", status=400, content_type="text/plain")
    if declared > WEBHOOK_MAX_BYTES:
        return HttpResponse("Too large.", status=400, content_type="text/plain")
    body = request.read(WEBHOOK_MAX_BYTES + 1)
    if len(body) > WEBHOOK_MAX_BYTES:
        return HttpResponse("Too large.", status=400, content_type="text/plain")
    try:
        webhook_receive(provider=provider, body=body, headers=request.headers)
    except LookupError:
        raise Http404 from None
    except WebhookRejected:
        return HttpResponse("Rejected.", status=400, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")
