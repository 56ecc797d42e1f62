"""The atlas's pickers: a visitor's own municipality, and the municipalities to compare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from socius.atlas.selectors import Area

MAX_COMPARE = 10
# How much of an unknown code an error message repeats, and how many of them.
ECHO_LENGTH = 12
ECHO_COUNT = 5


def _too_many() -> str:
    return ngettext(
        "Choose at most %(max)d municipality.",
        "Choose at most %(max)d municipalities.",
        MAX_COMPARE,
    ) % {"max": MAX_COMPARE}


class CodesField(forms.MultipleChoiceField):
    """Municipality codes as checkboxes, or as one comma-separated value (a shared link):
    duplicates are dropped, order kept; unknown codes are named (shortened) in the error."""

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        found: list[str] = []
        for item in value:
            for part in str(item).split(","):
                part = part.strip()
                if part and part not in found:
                    found.append(part)
        return found

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        known = {str(k) for k, _label in self.choices}  # type: ignore[union-attr,misc]
        unknown = [v for v in value if v not in known]
        if unknown:
            shown = ", ".join(v[:ECHO_LENGTH] for v in unknown[:ECHO_COUNT])
            raise ValidationError(
                ngettext(
                    "%(count)d municipality code is unknown: %(codes)s.",
                    "%(count)d municipality codes are unknown: %(codes)s.",
                    len(unknown),
                )
                % {"count": len(unknown), "codes": shown},
                code="unknown",
            )
        if len(value) > MAX_COMPARE:
            raise ValidationError(_too_many(), code="too_many")


class PickForm(forms.Form):
    kommune = forms.ChoiceField(
        label=_("Your municipality"),
        required=False,
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )

    def __init__(self, *args: Any, areas: Sequence[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a municipality")), *((a.code, a.name) for a in areas)]
        self.fields["kommune"].choices = choices  # type: ignore[attr-defined]


class CompareForm(PickForm):
    kommuner = CodesField(
        label=_("Municipalities to compare"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose up to 10."),
    )

    def __init__(self, *args: Any, areas: Sequence[Area], **kwargs: Any) -> None:
        super().__init__(*args, areas=areas, **kwargs)
        choices = [(a.code, a.name) for a in areas]
        self.fields["kommuner"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and len(self.codes()) > MAX_COMPARE:
            self.add_error("kommuner", _too_many())
        return cleaned

    def codes(self) -> list[str]:
        """The municipalities to compare, the visitor's own first."""
        own = self.cleaned_data.get("kommune") or ""
        picked = [c for c in self.cleaned_data.get("kommuner", []) if c != own]
        return [own, *picked] if own else picked
