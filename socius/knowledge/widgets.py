"""The rich-text editor with an accessible name.

Wagtail 8.0's Draftail editor renders its editable area (``role="textbox"``) without a name,
so a screen reader announces "edit text" with no hint of which field it is, and axe reports
``aria-input-field-name``. Draftail accepts ``ariaLabelledBy``; Wagtail's field panel gives
its label the id ``<field id>-label``, so we point the editor at it.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        field_id = widget_attrs.get("id")
        if field_id:
            options = {**self.options, "ariaLabelledBy": f"{field_id}-label"}
            widget_attrs["data-w-init-detail-value"] = json.dumps(options, cls=DjangoJSONEncoder)
        return context
