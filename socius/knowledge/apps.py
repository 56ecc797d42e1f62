from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "socius.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge hub")

    def ready(self) -> None:
        from socius.knowledge import (  # noqa: F401  (registrations, signal handlers)
            gdpr,
            search,
            sections,
            signals,
            thread,
            workbench,
        )
