from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "socius.deliberation"
    label = "deliberation"
    verbose_name = _("Deliberation")

    def ready(self) -> None:
        from socius.deliberation import (
            gdpr,  # noqa: F401  (registers the module's personal data)
            search,  # noqa: F401  (registers the module's public content)
            sections,  # noqa: F401  (its part of the front, theme and municipality pages)
            thread,  # noqa: F401  (conversations on the golden thread)
        )
