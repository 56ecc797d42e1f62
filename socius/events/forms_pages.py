"""Forms of the calendar and the organisers' pages. Every form keeps what was typed when it
is shown again with errors; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.access import user_can
from socius.core.models import Municipality, MunicipalSpace, Organisation, Theme
from socius.core.roles import Capability
from socius.deliberation.models import Conversation
from socius.events.models import Event, SessionSpeaker, Speaker
from socius.events.selectors import THINK_TANK, organisations_for, organiser_choices

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        **kwargs,
    )


class EventFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = Theme.objects.filter(is_active=True).order_by("position", "name")
        fields: dict[str, Any] = self.fields
        fields["theme"].choices = [("", _("All themes"))] + [(t.slug, t.title) for t in themes]
        fields["organiser"].choices = [("", _("All organisers"))] + [
            (o.key, o.name or _("The think tank")) for o in organiser_choices()
        ]
        fields["municipality"].choices = [("", _("All municipalities"))] + [
            (m.code, m.name) for m in Municipality.objects.order_by("name")
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one is shown as an error and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class EventForm(forms.ModelForm[Event]):
    organiser = forms.ChoiceField(label=_("Organiser"))
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    registration_opens_at = _when(_("Registration opens"))
    registration_closes_at = _when(_("Registration closes"))

    class Meta:
        model = Event
        fields = (
            "kind", "title", "summary", "description", "theme", "starts_at", "ends_at",
            "venue_name", "venue_address", "venue_postcode", "venue_city", "municipality",
            "step_free", "hearing_loop", "sign_language_on_request", "accessible_toilet",
            "accessibility_note", "online_url", "capacity", "seats_held",
            "registration_opens_at", "registration_closes_at", "open_to_guests",
            "max_party_size", "asks_dietary", "asks_access", "offer_hours", "conversation",
        )  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "online_url": _(
                "Shown only to people with a confirmed seat, never on the public page."
            ),
            "conversation": _("For a debate: the open conversation the audience votes in."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["organiser", *[n for n in self.fields if n != "organiser"]])
        fields: dict[str, Any] = self.fields  # after ordering, which makes a new dict
        fields["organiser"].choices = self._organisers(user)
        self.fields["theme"].queryset = Theme.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        # A class's closed conversation (audience set) is never offered for a public event.
        fields["conversation"].queryset = Conversation.objects.filter(is_open=True, audience="")
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")  # type: ignore[attr-defined]
        fields["capacity"].min_value = 1
        self.fields["max_party_size"].widget.attrs["min"] = 1
        instance = self.instance
        if instance.pk:
            if instance.space_id:
                self.initial["organiser"] = f"space:{instance.space_id}"
            elif instance.organisation_id:
                self.initial["organiser"] = f"org:{instance.organisation_id}"
            else:
                self.initial["organiser"] = THINK_TANK

    def _post_clean(self) -> None:
        # The services validate the event (their errors land on the fields); the model's own
        # constraints here would answer first, in words people cannot act on.
        pass

    @staticmethod
    def _organisers(user: Any) -> list[tuple[str, Any]]:
        """Staff pick the think tank or a municipality (or an organisation); an organisation's
        contact picks one of their organisations."""
        choices: list[tuple[str, Any]] = []
        if user_can(user, Capability.EVENTS_MANAGE):
            choices.append((THINK_TANK, _("The think tank")))
            spaces = MunicipalSpace.objects.select_related("municipality").order_by(
                "municipality__name"
            )
            choices += [(f"space:{s.pk}", s.name) for s in spaces]
        choices += [(f"org:{o.pk}", o.name) for o in organisations_for(user)]
        return choices

    def organiser_fields(self) -> dict[str, Any]:
        value = self.cleaned_data["organiser"]
        space = organisation = None
        if value.startswith("space:"):
            space = MunicipalSpace.objects.get(pk=int(value.removeprefix("space:")))
        elif value.startswith("org:"):
            organisation = Organisation.objects.get(pk=int(value.removeprefix("org:")))
        return {"space": space, "organisation": organisation}

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, **self.organiser_fields()}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        help_text=_("Everyone registered gets this in their e-mail."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    part = forms.ChoiceField(
        label=_("Their part"), choices=SessionSpeaker.Part.choices, initial="speaker"
    )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        part = data["part"]
        return {
            "title": data["title"],
            "description": data["description"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "room": data["room"],
            "speakers": [(s, part) for s in data["speakers"]],
        }


class SpeakerForm(forms.ModelForm[Speaker]):
    class Meta:
        model = Speaker
        fields = ("name", "affiliation", "bio", "user")
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user_can(user, Capability.EVENTS_MANAGE):
            field = self.fields["user"]
            field.help_text = _("Link an account to list the publications they wrote.")
            field.label_from_instance = lambda u: f"{u.name} ({u.email})"  # type: ignore[attr-defined]
        else:
            del self.fields["user"]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
