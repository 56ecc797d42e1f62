"""An editor-facing panel: the LIX of the summary, with a warning above the target.

Rendered with the summary of the revision being edited; while the editor types,
``static/knowledge/lix.js`` asks ``views.lix_preview`` for the same box with the new text.
Saving warns as well (``wagtail_hooks.py``). It never blocks saving: a hard text can be the
right text, the editor decides.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from socius.core.plain_language import TARGET_FOR_EVERYONE, lix

SUMMARY_LIMIT = 3000


def lix_context(summary: str) -> dict[str, Any]:
    """What the LIX box shows for ``summary`` (the panel, and the live preview)."""
    if len(summary) > SUMMARY_LIMIT:
        return {"too_long": True, "limit": SUMMARY_LIMIT}
    return {"result": lix(summary), "target": TARGET_FOR_EVERYONE}


class LixPanel(Panel):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("heading", _("Readability (LIX) of the summary"))
        super().__init__(**kwargs)

    @property
    def clean_name(self) -> str:
        return super().clean_name or "lix"

    class BoundPanel(Panel.BoundPanel):
        template_name = "knowledge/admin/lix_panel.html"

        def get_context_data(self, parent_context: Any = None) -> Any:
            context = super().get_context_data(parent_context)
            summary = getattr(self.instance, "summary", "") or ""
            if self.form is not None and self.form.is_bound and "summary" in self.form.data:
                summary = str(self.form.data.get("summary", ""))
            context.update(lix_context(summary))
            return context
