from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core import search_registry as registry
from socius.core.selectors import theme_list_active
from socius.search.facets import published_between
from socius.search.query import MAX_QUERY_CHARS, Filters

MODULE_LABELS = {
    "core": _("Organisations and themes"),
    "grants": _("Grants"),
    "knowledge": _("Knowledge"),
    "deliberation": _("Conversations"),
    "proposals": _("Citizen proposals"),
    "advice": _("Find a community"),
    "atlas": _("Figures and data"),
    "datasets": _("Research datasets"),
    "housing": _("Housing areas"),
    "events": _("Events"),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_CHARS)
    kind = forms.ChoiceField(label=_("Type of content"), required=False)
    module = forms.ChoiceField(label=_("Part of Socius"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    published_from = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    published_to = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regs = registry.registrations()
        self._choices("kind", [("", _("All types")), *((r.kind, r.label) for r in regs)])
        self._choices(
            "module",
            [
                ("", _("All of Socius")),
                *((m, MODULE_LABELS.get(m, m)) for m in registry.modules()),
            ],
        )
        self._choices(
            "theme",
            [
                ("", _("All themes")),
                *((t.slug, t.title) for t in theme_list_active()),
            ],
        )

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
        field.choices = choices

    def filters(self) -> Filters:
        """The chosen filters; call after ``is_valid()``."""
        data = self.cleaned_data
        start, before = published_between(data.get("published_from"), data.get("published_to"))
        return Filters(
            module=data.get("module") or "",
            kind=data.get("kind") or "",
            theme=data.get("theme") or "",
            published_from=start,
            published_before=before,
        )
