"""The form half of a staff view: a service's answer on the form or as a message."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from socius.core.feedback import form_service_call


class TitleForm(forms.Form):
    title = forms.CharField(max_length=20)


def _request(data: dict[str, str] | None):
    factory = RequestFactory()
    request = factory.post("/", data) if data is not None else factory.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _call(request, form, service):
    return form_service_call(
        request, form, service, "Gemt.", lambda result: HttpResponse(f"done {result}")
    )


def test_a_valid_form_runs_the_service_and_answers_with_its_result():
    request = _request({"title": "Bænke"})
    seen: list[dict] = []
    response = _call(
        request, TitleForm(request.POST), lambda data: seen.append(data) or data["title"].upper()
    )
    assert response is not None
    assert response.content == "done BÆNKE".encode()
    assert seen == [{"title": "Bænke"}]
    assert [m.message for m in get_messages(request)] == ["Gemt."]


def test_a_refusal_goes_on_the_named_field_or_the_top_and_no_success_is_shown():
    request = _request({"title": "Bænke"})
    form = TitleForm(request.POST)

    def refuse(data):
        raise ValidationError({"title": "Titlen er taget.", "other": "Noget andet."})

    assert _call(request, form, refuse) is None
    assert form.errors["title"] == ["Titlen er taget."]
    assert form.non_field_errors() == ["Noget andet."]
    assert list(get_messages(request)) == []


def test_an_unbound_or_invalid_form_never_reaches_the_service():
    called: list[object] = []
    get = _request(None)
    assert _call(get, TitleForm(None), called.append) is None
    post = _request({"title": "<script>" * 10})
    form = TitleForm(post.POST)
    assert _call(post, form, called.append) is None
    assert called == []
    assert "title" in form.errors
