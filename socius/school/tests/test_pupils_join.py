"""Pupils joining a class: the service, the page, the one showing of the personal code, and
every way a join is refused."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from socius.core.models import AuditEntry
from socius.school import services_pupils
from socius.school.models import PUPIL_EMAIL_DOMAIN, ConsentBasis, Pupil
from socius.school.services_classes import CLASS_MAX_PUPILS
from socius.school.services_pupils import pupil_code_matches
from socius.school.tests.school_support import class_make, pupil_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

JOIN = reverse("school:join")
CODE_PATTERN = re.compile(r"^[a-z]+-[a-z]+-[a-z]+-\d\d$")


def t(msgid: str) -> str:
    return escape(gettext(msgid))


def _join(school_class, pseudonym="Ravn", **kwargs):
    return services_pupils.pupil_join(
        code=school_class.code, pseudonym=pseudonym, under_15=kwargs.pop("under_15", True), **kwargs
    )


def _refused(school_class, pseudonym="Ravn", **kwargs):
    with pytest.raises(ValidationError) as caught:
        _join(school_class, pseudonym, **kwargs)
    return caught.value.message_dict


# --- The service --------------------------------------------------------------------------------
def test_a_pupil_joins_without_an_email_or_a_password():
    school_class = class_make()
    pupil, personal_code = _join(school_class, "  Ravn  ")
    assert pupil.pseudonym == "Ravn"
    assert pupil.school_class == school_class
    user = pupil.user
    assert user.email.endswith("@" + PUPIL_EMAIL_DOMAIN)
    assert re.fullmatch(r"[0-9a-f]{24}@" + re.escape(PUPIL_EMAIL_DOMAIN), user.email)
    assert user.name == "Ravn"
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert CODE_PATTERN.match(personal_code)
    assert personal_code not in pupil.access_code
    assert pupil_code_matches(personal_code, pupil.access_code)


def test_the_audit_entry_holds_no_pseudonym_and_no_code():
    school_class = class_make()
    pupil, personal_code = _join(school_class, "Hemmelig Ravn")
    entry = AuditEntry.objects.get(action="school.classes.pupil_joined")
    text = str(entry.data) + entry.target_type + entry.target_id
    assert "Hemmelig" not in text
    assert personal_code not in text
    assert school_class.code not in text


def test_personal_codes_differ():
    codes = {services_pupils.pupil_code_new() for _ in range(200)}
    assert len(codes) > 190
    assert all(CODE_PATTERN.match(code) for code in codes)


def test_the_class_code_may_be_typed_in_lower_case_with_spaces():
    school_class = class_make(code="ABCD2345")
    pupil, _code = services_pupils.pupil_join(code=" abcd 2345 ", pseudonym="Ugle", under_15=True)
    assert pupil.school_class == school_class


def test_a_wrong_code_is_refused():
    class_make(code="ABCD2345")
    with pytest.raises(ValidationError) as caught:
        services_pupils.pupil_join(code="ABCD2346", pseudonym="Ravn", under_15=True)
    assert "code" in caught.value.message_dict
    assert not Pupil.objects.exists()


def test_an_expired_code_says_so():
    school_class = class_make()
    later = school_class.code_expires_at + datetime.timedelta(seconds=1)
    errors = _refused(school_class, now=later)
    assert errors["code"] == [gettext("The code has expired. Ask your teacher for a new one.")]


def test_an_archived_class_is_like_a_wrong_code():
    school_class = class_make(archived_at=timezone.now())
    assert "code" in _refused(school_class)


def test_a_closed_class_is_refused():
    school_class = class_make(joining_open=False)
    assert _refused(school_class)["code"] == [gettext("The class is closed. Ask your teacher.")]


def test_the_41st_pupil_is_refused():
    school_class = class_make()
    for n in range(CLASS_MAX_PUPILS):
        pupil_make(school_class, f"Elev {n}")
    assert _refused(school_class, "Nummer 41")["code"] == [
        gettext("The class is full. Talk to your teacher.")
    ]
    assert school_class.pupils.count() == CLASS_MAX_PUPILS


@pytest.mark.parametrize("taken", ["Ravn", "ravn", "RAVN", " ravn "])
def test_a_pseudonym_taken_in_the_class_is_refused_whatever_the_case(taken):
    school_class = class_make()
    pupil_make(school_class, "Ravn")
    assert "pseudonym" in _refused(school_class, taken)


def test_the_same_pseudonym_may_be_used_in_another_class():
    pupil_make(class_make(), "Ravn")
    pupil, _code = _join(class_make(name="9.A"), "Ravn")
    assert pupil.pseudonym == "Ravn"


@pytest.mark.parametrize(
    "pseudonym",
    [
        "",
        "   ",
        "x" * 41,
        "mads@skolen.dk",
        "12345",
        "12 34",
        "<b>Ravn</b>",
        "<script>alert(1)</script>",
        "Ravn<",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_a_bad_pseudonym_is_refused_and_nothing_is_saved(pseudonym):
    school_class = class_make()
    user_count = type(school_class.teacher).objects.count()
    assert "pseudonym" in _refused(school_class, pseudonym)
    assert not Pupil.objects.exists()
    assert type(school_class.teacher).objects.count() == user_count


def test_forty_characters_are_fine():
    pupil, _code = _join(class_make(), "x" * 40)
    assert len(pupil.pseudonym) == 40


# --- The page -----------------------------------------------------------------------------------
def _post(client, school_class, pseudonym="Ravn", age="under_15"):
    return client.post(JOIN, {"code": school_class.code, "pseudonym": pseudonym, "age": age})


def test_the_page_tells_pupils_not_to_use_their_real_name(client):
    body = client.get(JOIN).content.decode()
    assert t("Do not use your real name.") in body
    assert 'name="code"' in body
    assert 'name="pseudonym"' in body
    assert 'name="age"' in body
    assert 'value="under_15"' in body
    assert 'value="15_or_older"' in body


def test_joining_logs_in_and_shows_the_personal_code_once(client):
    school_class = class_make()
    response = _post(client, school_class, age="15_or_older")
    assert response["Location"] == reverse("school:pupil-welcome")
    pupil = Pupil.objects.get()
    assert not pupil.under_15
    welcome = client.get(reverse("school:pupil-welcome"))
    assert "no-store" in welcome["Cache-Control"]
    body = welcome.content.decode()
    code = re.search(r'id="personal-code"><strong>([a-z0-9-]+)</strong>', body).group(1)
    assert pupil_code_matches(code, pupil.access_code)
    again = client.get(reverse("school:pupil-welcome"))
    assert again.status_code == 302
    assert again["Location"] == reverse("school:class-detail", args=[school_class.public_id])
    assert code not in client.get(again["Location"]).content.decode()


def test_the_page_shows_errors_and_keeps_what_was_typed(client):
    school_class = class_make()
    pupil_make(school_class, "Ravn")
    response = _post(client, school_class, "ravn")
    body = response.content.decode()
    assert response.status_code == 200
    assert t("Someone in the class already has that name. Choose another one.") in body
    assert 'value="ravn"' in body
    assert school_class.code in body
    assert Pupil.objects.count() == 1


def test_the_page_escapes_html_in_the_pseudonym(client):
    school_class = class_make()
    body = _post(client, school_class, "<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert not Pupil.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"code": "X", "pseudonym": "Ravn", "age": "seventeen"},
        {"code": "x" * 500, "pseudonym": "Ravn", "age": "under_15"},
        {"code": "ABCDEFGH", "pseudonym": "y" * 500, "age": "under_15"},
    ],
)
def test_wrong_types_and_long_input_are_refused(client, data):
    class_make(code="ABCDEFGH")
    response = client.post(JOIN, data)
    assert response.status_code == 200
    assert not Pupil.objects.exists()


def test_a_pupil_with_an_expired_code_is_told_to_ask_for_a_new_one(client):
    school_class = class_make(code_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    body = _post(client, school_class).content.decode()
    assert t("The code has expired. Ask your teacher for a new one.") in body


def test_a_signed_in_adult_cannot_join_with_their_own_account(client):
    school_class = class_make()
    client.force_login(UserFactory())
    response = _post(client, school_class)
    assert response.status_code == 200
    assert not Pupil.objects.exists()


def test_a_signed_in_pupil_is_sent_to_their_class(client):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.user)
    response = client.get(JOIN)
    assert response["Location"] == reverse(
        "school:class-detail", args=[pupil.school_class.public_id]
    )


def test_a_young_pupil_waits_for_consent_under_the_consent_basis(client):
    school_class = class_make(consent_basis=ConsentBasis.CONSENT)
    _post(client, school_class, age="under_15")
    client.get(reverse("school:pupil-welcome"))
    page = client.get(reverse("school:class-detail", args=[school_class.public_id]))
    text = page.content.decode()
    assert t("Your teacher must have consent from your parent before you can take part.") in text
