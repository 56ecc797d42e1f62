from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportTaxConfig(AppConfig):
    """The tax deduction: CPR numbers sealed, § 12, stk. 3 commitments, the yearly report."""

    name = "socius.support.tax"
    label = "support_tax"
    verbose_name = _("Tax deduction")

    def ready(self) -> None:
        # The personal-data registry and the receivers that stop commitments.
        from socius.support.tax import gdpr, receivers  # noqa: F401
