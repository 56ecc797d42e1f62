"""The teacher's actions on a pupil: a new personal code, a guardian's consent, removal."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.school import services_pupils
from socius.school.models import ConsentBasis, Pupil
from socius.school.services_pupils import pupil_code_matches
from socius.school.tests.school_support import PUPIL_CODE, class_make, pupil_make, teacher_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name, pupil):
    return reverse(name, args=[pupil.school_class.public_id, pupil.public_id])


def test_the_teacher_gets_a_new_code_shown_once(client):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.school_class.teacher)
    response = client.post(_url("school:pupil-reset", pupil))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = re.search(r'id="personal-code"><strong>([a-z0-9-]+)</strong>', response.content.decode())
    pupil.refresh_from_db()
    assert pupil_code_matches(code.group(1), pupil.access_code)
    assert not pupil_code_matches(PUPIL_CODE, pupil.access_code)
    entry = AuditEntry.objects.get(action="school.classes.pupil_code_reset")
    assert code.group(1) not in str(entry.data)
    # a GET does nothing
    assert client.get(_url("school:pupil-reset", pupil)).status_code == 405


def test_consent_is_recorded_and_withdrawn(client):
    pupil = pupil_make(class_make(consent_basis=ConsentBasis.CONSENT), "Ravn", under_15=True)
    assert not pupil.may_take_part
    client.force_login(pupil.school_class.teacher)
    client.post(_url("school:pupil-consent", pupil), {"given": "1"})
    pupil.refresh_from_db()
    assert pupil.guardian_consent_at is not None
    assert pupil.may_take_part
    assert pupil.guardian_consent_by == pupil.school_class.teacher
    client.post(_url("school:pupil-consent", pupil), {"given": "0"})
    pupil.refresh_from_db()
    assert pupil.guardian_consent_at is None


def test_consent_is_only_for_the_consent_basis():
    pupil = pupil_make(class_make(), "Ravn")
    with pytest.raises(ValidationError):
        services_pupils.pupil_consent_set(actor=pupil.school_class.teacher, pupil=pupil, given=True)


def test_removing_deletes_the_pupil_and_the_account(client):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.school_class.teacher)
    response = client.post(_url("school:pupil-remove", pupil))
    assert response.status_code == 302
    assert not Pupil.objects.exists()
    assert not type(pupil.user).objects.filter(pk=pupil.user.pk).exists()


@pytest.mark.parametrize(
    "name", ["school:pupil-reset", "school:pupil-consent", "school:pupil-remove"]
)
def test_outsiders_get_404_and_nothing_changes(client, name):
    pupil = pupil_make(class_make(consent_basis=ConsentBasis.CONSENT), "Ravn")
    before = pupil.access_code
    classmate = pupil_make(pupil.school_class, "Ugle")
    for outsider in (teacher_make(), classmate.user, UserFactory()):
        client.force_login(outsider)
        assert client.post(_url(name, pupil), {"given": "1"}).status_code == 404
    pupil.refresh_from_db()
    assert pupil.access_code == before
    assert pupil.guardian_consent_at is None


def test_a_pupil_of_another_class_cannot_be_reached_through_this_class(client):
    school_class = class_make()
    stranger = pupil_make(class_make(name="9.A", teacher=school_class.teacher), "Ugle")
    client.force_login(school_class.teacher)
    url = reverse("school:pupil-remove", args=[school_class.public_id, stranger.public_id])
    assert client.post(url).status_code == 404
    assert Pupil.objects.filter(pk=stranger.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    pupil = pupil_make(class_make(), "Ravn")
    response = client.post(_url("school:pupil-remove", pupil))
    assert response.status_code == 302
    assert Pupil.objects.exists()


def test_the_services_check_the_teacher_too():
    pupil = pupil_make(class_make(), "Ravn")
    other = teacher_make()
    with pytest.raises(PermissionDenied):
        services_pupils.pupil_code_reset(actor=other, pupil=pupil)
    with pytest.raises(PermissionDenied):
        services_pupils.pupil_remove(actor=other, pupil=pupil)
