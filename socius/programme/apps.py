from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The municipality's programme for social sustainability: commitments, actions,
    milestones, measures against atlas figures, the platform's activity on each, "Hvor er vi
    nu?" and the yearly report (docs/programme.md)."""

    name = "socius.programme"
    label = "programme"
    verbose_name = _("Programme for social sustainability")

    def ready(self) -> None:
        from socius.programme import audit, sections, services, services_actions, thread  # noqa: F401

        thread.register()
        sections.register()
