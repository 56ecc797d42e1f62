"""The thread's kind of mail (imported from CoreConfig.ready; core's own ``mail.py`` is the
mail kit itself)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

MAIL_THREAD_MOVED = mail_kind_register(
    "threads.moved", _("A thread you follow moved on"), unsubscribable=True
)
