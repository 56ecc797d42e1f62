"""Forms for registering, changing a registration and moving someone on the waiting list.

They check the shape of the input; the services decide about seats, windows and limits, and
their refusals are shown on the same form with what was typed kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.events.models import Event, Registration
from socius.events.needs import ACCESS_NEEDS, DIETARY_NEEDS, needs_choices


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send the confirmation and your personal link here."),
    )
    party_size = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        help_text=_("Yourself included."),
        error_messages={"invalid": _("Please write a whole number.")},
    )

    def __init__(
        self,
        *args: Any,
        event: Event,
        guest: bool,
        registration: Registration | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        if not guest or registration is not None:
            del self.fields["name"]
            del self.fields["email"]
        size = self.fields["party_size"]
        assert isinstance(size, forms.IntegerField)  # noqa: S101 (narrows the type)
        size.max_value = event.max_party_size
        size.widget.attrs.update({"min": 1, "max": event.max_party_size})
        size.initial = registration.party_size if registration else 1
        answers = (
            {a.question_id: a.text for a in registration.answers.all()} if registration else {}
        )
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text,
                required=question.required,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answers.get(question.pk, ""),
            )
        if event.asks_dietary:
            self.fields["dietary"] = forms.MultipleChoiceField(
                label=_("Dietary needs"),
                choices=needs_choices(DIETARY_NEEDS),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=registration.dietary_needs if registration else [],
            )
        if event.asks_access:
            self.fields["access"] = forms.MultipleChoiceField(
                label=_("Accessibility needs"),
                choices=needs_choices(ACCESS_NEEDS),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=registration.access_needs if registration else [],
            )
        if event.asks_dietary or event.asks_access:
            self.fields["consent"] = forms.BooleanField(
                label=_(
                    "I agree that the organiser may keep the needs I tick until 30 days after "
                    "the event. The organiser only sees how many people have each need."
                ),
                required=False,
                initial=bool(registration and registration.needs_consent_at),
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = data.get("dietary") or data.get("access")
        if chosen and not data.get("consent"):
            self.add_error(
                "consent",
                _("Tick the box to let us keep your needs, or remove the ticks from the needs."),
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "party_size": data["party_size"],
            "answers": {q.pk: data.get(f"question_{q.pk}", "") for q in self.questions},
            "dietary": data.get("dietary", []),
            "access": data.get("access", []),
            "consent": bool(data.get("consent")),
        }


class WaitingMoveForm(forms.Form):
    MOVE_UP = "up"
    GIVE_SEAT = "seat"
    move = forms.ChoiceField(
        label=_("Change"),
        choices=[(MOVE_UP, _("Move one place up")), (GIVE_SEAT, _("Give a seat now"))],
        widget=forms.RadioSelect,
        initial=MOVE_UP,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. It is logged and shown with the waiting list."),
    )
