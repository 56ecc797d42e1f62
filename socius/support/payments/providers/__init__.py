"""The adapters by ``Provider`` code; ``provider_get`` is the only way to reach one."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from socius.support.payments.providers.base import PaymentProvider

_ADAPTERS = {
    "dev": "socius.support.payments.providers.dev.DevProvider",
    "stripe": "socius.support.payments.providers.stripe.StripeProvider",
    "vipps": "socius.support.payments.providers.vipps.VippsMobilePayProvider",
    "bank": "socius.support.payments.providers.bank.BankTransferProvider",
}


def provider_get(code: str) -> PaymentProvider:
    """The adapter for ``code``; ``LookupError`` for a provider that is unknown or not enabled
    (settings.SUPPORT_PROVIDERS), so a forged form value cannot reach a disabled provider."""
    if code not in _ADAPTERS or code not in settings.SUPPORT_PROVIDERS:
        raise LookupError(code)
    module, _, name = _ADAPTERS[code].rpartition(".")
    return getattr(import_module(module), name)()


def providers_enabled() -> list[str]:
    """The codes payers may choose, in the configured order."""
    return [code for code in settings.SUPPORT_PROVIDERS if code in _ADAPTERS]
