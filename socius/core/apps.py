from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "socius.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from socius.core import (
            gdpr,  # noqa: F401  (registers core's personal data)
            mail_threads,  # noqa: F401  (registers the thread's kind of mail)
            search,  # noqa: F401  (registers core's public content)
            thread_services,  # noqa: F401  (the thread's audit actions and personal data)
            workbench_core,  # noqa: F401  (registers core's staff workbench queue)
        )
        from socius.core.mail import mail_kinds_discover

        mail_kinds_discover()
