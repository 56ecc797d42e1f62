from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportPaymentsConfig(AppConfig):
    """Payments behind one provider interface, webhooks, the append-only ledger."""

    name = "socius.support.payments"
    label = "support_payments"
    verbose_name = _("Payments")
