"""Forms of the council's staff pages. They read input; the services decide (and say why
not, in the same words on every page)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socius.core.models import Party
from socius.council.models import Bloc, Committee, Council, CouncilGroup, Decision, Meeting, Vote

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CouncilForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example: Aarhus Byråd.")
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=101)
    term_start = forms.DateField(label=_("Term starts"), required=False, widget=DATE)
    term_end = forms.DateField(label=_("Term ends"), required=False, widget=DATE)
    composition_source = forms.CharField(
        label=_("Source of the composition"),
        max_length=300,
        required=False,
        help_text=_("Where the seats come from, for example the municipality's election result."),
    )


class GroupForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    seats = forms.IntegerField(
        label=_("Seats"), min_value=0, max_value=101, help_text=_("0 removes the party group.")
    )
    bloc = forms.ChoiceField(
        label=_("Bloc"),
        required=False,
        choices=[("", _("The party's usual bloc")), *Bloc.choices],
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField", self.fields["party"])
        field.queryset = Party.objects.filter(is_active=True).filter(
            Q(is_local_list=False) | Q(municipality_id=council.municipality_id)
        )


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("Name of the committee"), max_length=160)


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Who meets"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=_("The city council"),
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    agenda_url = forms.CharField(
        label=_("Link to the agenda"), max_length=200, required=False,
        help_text=_("A full address that starts with https://."),
    )  # fmt: skip

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField", self.fields["committee"])
        field.queryset = council.committees.filter(is_active=True)


class ItemForm(forms.Form):
    """A new item; the fields shown depend on the source (chosen on the page before)."""

    source_key = forms.ChoiceField(label=_("Source"), required=False)
    brought_by = forms.ModelChoiceField(
        label=_("The party that brought it in"), queryset=Party.objects.none(), required=False
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False,
        help_text=_("Leave it empty to use the source's title."),
    )  # fmt: skip
    summary = forms.CharField(label=_("Summary"), max_length=3000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False,
        empty_label=_("The city council"),
    )  # fmt: skip

    def __init__(
        self, *args: Any, council: Council, source: str, choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        committee = cast("forms.ModelChoiceField", self.fields["committee"])
        committee.queryset = council.committees.filter(is_active=True)
        if source == "other":
            del self.fields["source_key"], self.fields["brought_by"]
            self.fields["title"].required = True
            self.fields["title"].help_text = ""
            return
        key = cast("forms.ChoiceField", self.fields["source_key"])
        key.required = True
        key.choices = [("", _("Choose")), *choices]
        if source == "recommendation":
            party = cast("forms.ModelChoiceField", self.fields["brought_by"])
            party.required = True
            party.queryset = Party.objects.filter(
                pk__in=CouncilGroup.objects.filter(council=council).values("party_id")
            )
        else:
            del self.fields["brought_by"]


class ItemEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), max_length=3000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField", self.fields["meeting"])
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related(
            "committee", "council"
        )


VOTE_CHOICES = [("", _("Not recorded")), *Vote.choices]


class DecisionForm(forms.Form):
    """The decision, and one vote and seat count per party group on the council."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("", _("Choose")), *Decision.choices]
    )
    text = forms.CharField(label=_("The decision in words"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    decision_url = forms.CharField(
        label=_("Link to the decision document"), max_length=200, required=False,
        help_text=_("A full address that starts with https://."),
    )  # fmt: skip
    referred_to = forms.ModelChoiceField(
        label=_("Committee (when the item is sent to one)"),
        queryset=Committee.objects.none(),
        required=False,
    )
    follow_up_by = forms.DateField(label=_("Follow up by"), required=False, widget=DATE)

    def __init__(self, *args: Any, council: Council, groups: list[CouncilGroup],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        committee = cast("forms.ModelChoiceField", self.fields["referred_to"])
        committee.queryset = council.committees.filter(is_active=True)
        self.groups = groups
        for g in groups:
            self.fields[f"vote_{g.party_id}"] = forms.ChoiceField(
                label=_("%(party)s: vote") % {"party": g.party.name},
                choices=VOTE_CHOICES,
                required=False,
            )
            self.fields[f"seats_{g.party_id}"] = forms.IntegerField(
                label=_("%(party)s: seats voting") % {"party": g.party.name},
                help_text=_("Leave empty if all %(n)s voted alike.") % {"n": g.seats},
                min_value=1,
                max_value=g.seats,
                required=False,
            )

    def votes(self) -> list[tuple[int, str, int | None]]:
        data = self.cleaned_data
        return [
            (g.party_id, data[f"vote_{g.party_id}"], data.get(f"seats_{g.party_id}"))
            for g in self.groups
            if data.get(f"vote_{g.party_id}")
        ]

    def vote_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"vote_{g.party_id}"], self[f"seats_{g.party_id}"]) for g in self.groups]


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Follow-up note"), max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    done = forms.BooleanField(label=_("The follow-up is done"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why the item is withdrawn"), max_length=500)
