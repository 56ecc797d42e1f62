from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    """The city council and its committees: items, meetings, decisions with each party's
    vote, follow-up; politicians' cross-party endorsements (docs/programme.md)."""

    name = "socius.council"
    label = "council"
    verbose_name = _("City council")

    def ready(self) -> None:
        # What each part registers with core: audit labels, mail kinds, thread kinds.
        from socius.council import (  # noqa: F401
            audit,
            audit_items,
            mail_endorsements,
            mail_items,
            sections,
            services_endorsements,
            thread,
            thread_endorsements,
        )
