"""The DKFDS error summary above every form: one alert whose items link to the fields."""

import re

from django import forms
from django.utils import translation


class _Form(forms.Form):
    name = forms.CharField(label="Name", max_length=5)
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("note") == "clash":
            raise forms.ValidationError("The note clashes with the name.")
        return data


def _render(data):
    form = _Form(data)
    form.is_valid()
    with translation.override("en"):
        return str(form)


def test_each_error_links_to_its_field_and_the_target_exists():
    html = _render({"name": "far too long", "note": "", "token": "t"})
    assert html.count('role="alert"') == 1
    links = re.findall(r'<a class="function-link" href="#([^"]+)">([^<]+)</a>', html)
    assert [target for target, _text in links] == ["id_name", "id_kind_0"]
    assert links[0][1].startswith("Name: ")
    for target, _text in links:
        assert f'id="{target}"' in html


def test_errors_of_the_whole_form_and_of_hidden_fields_are_listed_without_a_link():
    html = _render({"name": "Ok", "kind": "a", "note": "clash", "token": "t"})
    assert "The note clashes with the name." in html
    assert "The form could not be saved" in html
    hidden = _render({"name": "Ok", "kind": "a"})
    assert "This field is required." in hidden
    assert 'href="#id_token"' not in hidden


def test_a_valid_form_has_no_summary():
    assert 'role="alert"' not in _render({"name": "Ok", "kind": "a", "token": "t"})
