from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolConfig(AppConfig):
    """Medborgerskab: the citizenship elective for the oldest school classes (docs/school.md)."""

    name = "socius.school"
    label = "school"
    verbose_name = _("Citizenship elective")

    def ready(self) -> None:
        # What each part registers with core and with the forum: audit labels, mail kinds,
        # personal data, search, the municipality page's sections, the staff workbench, and
        # the class conversations' closed audience.
        from socius.school import (  # noqa: F401
            audit,
            gdpr,
            mail,
            search_courses,
            sections_courses,
            sections_youth,
            workbench_classes,
        )
        from socius.school.conversations import conversations_register

        conversations_register()
