"""Pupils signing in again: the same answer for every wrong combination, the same work, and
a limit on failures."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from socius.school import services_pupils
from socius.school.tests.school_support import PUPIL_CODE, class_make, pupil_make

pytestmark = pytest.mark.django_db

LOGIN = reverse("school:pupil-login")
WRONG = (
    "The class code, the name or the personal code is wrong. Check them, or ask your teacher "
    "for a new personal code."
)


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pupil():
    return pupil_make(class_make(code="ABCD2345"), "Ravn")


def _post(client, code="ABCD2345", pseudonym="Ravn", personal_code=PUPIL_CODE, **extra):
    data = {"code": code, "pseudonym": pseudonym, "personal_code": personal_code}
    return client.post(LOGIN, data, **extra)


def test_the_right_combination_logs_the_pupil_in(client, pupil):
    response = _post(client, code="abcd 2345", pseudonym="ravn", personal_code=" Ravn Sol 42 ")
    assert response["Location"] == reverse(
        "school:class-detail", args=[pupil.school_class.public_id]
    )
    assert int(client.session["_auth_user_id"]) == pupil.user.pk


@pytest.mark.parametrize(
    ("code", "pseudonym", "personal_code"),
    [
        ("ABCD2346", "Ravn", PUPIL_CODE),
        ("ABCD2345", "Ugle", PUPIL_CODE),
        ("ABCD2345", "Ravn", "ravn-sol-43"),
        ("ABCD2346", "Ugle", "ravn-sol-43"),
        ("ABCD2345", "x" * 199, PUPIL_CODE),
        ("<script>", "<b>Ravn</b>", "<i>"),
    ],
)
def test_every_wrong_combination_gets_the_same_answer(
    client, pupil, code, pseudonym, personal_code
):
    response = _post(client, code, pseudonym, personal_code)
    assert response.status_code == 200
    body = response.content.decode()
    assert escape(gettext(WRONG)) in body
    assert "_auth_user_id" not in client.session
    assert "<script>" not in body.split("<main", 1)[1]


def test_an_archived_class_cannot_be_entered(client, pupil):
    type(pupil.school_class).objects.filter(pk=pupil.school_class.pk).update(
        archived_at="2026-01-01T10:00:00Z"
    )
    assert escape(gettext(WRONG)) in _post(client).content.decode()


def test_a_missing_pupil_costs_one_hash_check_too(monkeypatch, pupil):
    checked = []
    real = services_pupils.pupil_code_matches

    def counting(typed, stored):
        checked.append(stored)
        return real(typed, stored)

    monkeypatch.setattr(services_pupils, "pupil_code_matches", counting)
    assert (
        services_pupils.pupil_authenticate(code="NOPE", pseudonym="Ugle", personal_code="x") is None
    )
    assert (
        services_pupils.pupil_authenticate(code="ABCD2345", pseudonym="Ravn", personal_code="wrong")
        is None
    )
    assert (
        services_pupils.pupil_authenticate(code="ABCD2345", pseudonym="", personal_code="wrong")
        is None
    )
    assert len(checked) == 3
    assert len(checked[0]) == len(pupil.access_code)  # the same kind of digest


def test_failures_are_limited_per_pseudonym(client, pupil):
    for _ in range(10):
        _post(client, personal_code="ravn-sol-00")
    response = _post(client)  # even the right code waits now
    assert response.status_code == 429
    assert escape(gettext("Too many tries. Wait a few minutes and try again.")) in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_failures_are_limited_per_address(client, pupil):
    for n in range(30):
        _post(client, pseudonym=f"Elev {n}", REMOTE_ADDR="10.0.0.7")
    assert _post(client, REMOTE_ADDR="10.0.0.7").status_code == 429
    # another address is not held up
    assert _post(client, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_a_signed_in_pupil_goes_to_the_class(client, pupil):
    client.force_login(pupil.user)
    assert client.get(LOGIN).status_code == 302


def test_the_page_is_not_cached(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
