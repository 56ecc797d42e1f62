from django import forms

from socius.core.widgets import FastSelect


class _Form(forms.Form):
    place = forms.ChoiceField(
        choices=[("", "Alle"), ("101", "København"), ('x"><script>', "<b>Ond</b>")],
        widget=FastSelect,
    )


def test_it_renders_the_same_options_as_djangos_select():
    fast = str(_Form(initial={"place": "101"})["place"])
    slow_field = _Form(initial={"place": "101"})
    slow_field.fields["place"].widget = forms.Select(choices=slow_field.fields["place"].choices)
    slow = str(slow_field["place"])
    normalise = lambda html: " ".join(html.replace("\n", " ").split()).replace("> <", "><")  # noqa: E731
    assert normalise(fast) == normalise(slow)


def test_it_escapes_values_and_labels():
    html = str(_Form()["place"])
    assert "<script>" not in html
    assert "&lt;b&gt;Ond&lt;/b&gt;" in html
    assert 'value="x&quot;&gt;&lt;script&gt;"' in html
