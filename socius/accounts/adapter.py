from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation

from socius.core.tasks import mail_send_on_commit


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails from a background task, after commit, in the recipient's language."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            request = context.get("request") or getattr(self, "request", None)
            ctx = {"email": email, "request": request, **context}
            ctx.setdefault("current_site", self._site(request))
            message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        mail_send_on_commit(
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            from_email=message.from_email,
            html=html,
        )

    @staticmethod
    def _site(request: Any) -> Any:
        from django.contrib.sites.shortcuts import get_current_site

        return get_current_site(request)
