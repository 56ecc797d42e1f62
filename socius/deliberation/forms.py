from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socius.core.models import Theme
from socius.core.roles import Role
from socius.deliberation.models import STATEMENT_MAX_LENGTH, Conversation, Statement, Vote


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX_LENGTH,
        help_text=_(
            "One idea in one or two sentences, at most 280 characters. Others will vote on it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    value = forms.TypedChoiceField(choices=Vote.Value.choices, coerce=int)


class ConversationForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True))
    title = forms.CharField(label=_("Title"), max_length=140)
    question = forms.CharField(
        label=_("The question"),
        max_length=300,
        help_text=_(
            "One open question, for example: How do we halve loneliness among young people in our municipality?"
        ),
    )
    description = forms.CharField(
        label=_("Introduction"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    moderation = forms.ChoiceField(
        label=_("Moderation"),
        choices=Conversation.Moderation.choices,
        widget=forms.RadioSelect,
        initial=Conversation.Moderation.PRE,
    )
    links = forms.CharField(
        label=_("Background material"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One link per line: a title, a space and the address, for example: Rapport om ensomhed https://..."
        ),
    )
    seed_statements = forms.CharField(
        label=_("First statements"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One statement per line. They are shown at once, so the first participants have something to vote on."
        ),
    )

    def clean_links(self) -> list[tuple[str, str]]:
        validate = forms.URLField(assume_scheme="https")
        links = []
        for line in self.cleaned_data["links"].splitlines():
            line = line.strip()
            if not line:
                continue
            title, _sep, url = line.rpartition(" ")
            if not title.strip():
                raise ValidationError(_("Write a title before each address."))
            try:
                url = validate.clean(url)
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(url)s” is not a web address.") % {"url": url[:80]}
                ) from exc
            if not url.startswith(("https://", "http://")):
                raise ValidationError(_("Only web addresses (https://...) can be linked."))
            links.append((title.strip(), url))
        return links

    def clean_seed_statements(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["seed_statements"].splitlines()
            if line.strip()
        ]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *Statement.Reason.choices], required=False
    )
    note = forms.CharField(label=_("Note to the author"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Choose the reason for rejecting the statement."))
        return data


class SolutionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("The proposal"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    statements = forms.MultipleChoiceField(
        label=_("Statements the proposal builds on"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statements"].choices = choices  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SolutionVoteForm(forms.Form):
    value = forms.TypedChoiceField(choices=[(1, "1"), (-1, "-1"), (0, "0")], coerce=int)


def _self_chosen_role_choices() -> list[tuple[str, Any]]:
    from socius.deliberation.services import SELF_CHOSEN_ROLES

    return [(r.value, r.label) for r in Role if r.value in SELF_CHOSEN_ROLES]


class RoleQuestionForm(forms.Form):
    """The optional question after a person's first vote: how do you take part?

    The person is always the one logged in: the form has no field that names a person, and
    a post with any field it does not have (a forged person id, say) is refused whole."""

    prefix = "role"
    roles = forms.MultipleChoiceField(
        label=_("I take part as"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=_self_chosen_role_choices,
        error_messages={"invalid_choice": _("Choose among the roles shown.")},
    )
    # Which button was pressed: save the roles, or skip the question (the buttons carry it).
    answer = forms.ChoiceField(
        choices=[("save", "save"), ("skip", "skip")],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose to save your role or to skip the question."),
            "invalid_choice": _("Choose to save your role or to skip the question."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = {"csrfmiddlewaretoken", *(self.add_prefix(name) for name in self.fields)}
        if set(self.data) - known:
            raise ValidationError(_("This form can only record your own role."))
        return data
