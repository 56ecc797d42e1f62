from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Min plan: the citizen's own plan, shared by consent (docs/plans.md)."""

    name = "socius.plans"
    label = "plans"
    verbose_name = _("My plan")

    def ready(self) -> None:
        from socius.plans import gdpr  # noqa: F401  (registers the plan's personal data)
