from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhistleblowingConfig(AppConfig):
    name = "socius.whistleblowing"
    label = "whistleblowing"
    verbose_name = _("Whistleblowing")

    def ready(self) -> None:
        from socius.whistleblowing import (
            checks,  # noqa: F401  (the receipt salt must be its own secret)
            gdpr,  # noqa: F401  (registers handlers' personal data)
            keystore,  # noqa: F401  (drops unlocked keys at logout)
            sections,  # noqa: F401  (its channels in the municipality's space)
            signals,  # noqa: F401  (a deactivated last handler is reported at once)
            workbench,  # noqa: F401  (registers the handlers' workbench queue)
        )
