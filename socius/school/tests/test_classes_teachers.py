"""Teachers: saying one teaches, the administrator's verification, the mail and the queue."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from socius.core.models import AuditEntry, Municipality, Notification
from socius.core.roles import Role
from socius.core.workbench import workbench_queues
from socius.school import services_classes
from socius.school.models import School, TeacherProfile
from socius.school.tests.school_support import school_make, teacher_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

START = reverse("school:teacher-start")
LIST = reverse("school:teacher-list")


def t(msgid: str, **values: str) -> str:
    """The text as the page shows it (in the active language, escaped)."""
    return escape(gettext(msgid) % values if values else gettext(msgid))


def _verify_url(user):
    return reverse("school:teacher-verify", args=[user.public_id])


def test_it_declares_a_teacher_at_a_new_school():
    person = UserFactory()
    aarhus = Municipality.objects.get(code="751")
    profile = services_classes.teacher_declare(
        actor=person, municipality=aarhus, school_name="  Ny   Skole "
    )
    assert profile.school.name == "Ny Skole"
    assert profile.school.municipality == aarhus
    assert not profile.is_verified
    assert person.role_assignments.filter(role=Role.TEACHER).exists()
    assert AuditEntry.objects.filter(action="school.classes.teacher_declared").exists()


def test_it_reuses_an_existing_school_whatever_the_case():
    school = school_make(name="Frederiksbjerg Skole")
    person = UserFactory()
    profile = services_classes.teacher_declare(
        actor=person, municipality=school.municipality, school_name="frederiksbjerg skole"
    )
    assert profile.school == school
    assert School.objects.count() == 1


def test_naming_another_school_withdraws_the_verification():
    teacher = teacher_make()
    profile = services_classes.teacher_declare(
        actor=teacher,
        municipality=Municipality.objects.get(code="751"),
        school_name="En helt anden skole",
    )
    assert not profile.is_verified


@pytest.mark.parametrize("name", ["", "   ", "x" * 151, "<b>Skole</b>"])
def test_it_refuses_a_bad_school_name(name):
    person = UserFactory()
    with pytest.raises(ValidationError) as caught:
        services_classes.teacher_declare(
            actor=person, municipality=Municipality.objects.get(code="751"), school_name=name
        )
    assert "school_name" in caught.value.message_dict
    assert not TeacherProfile.objects.exists()
    assert not School.objects.exists()


def test_the_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get(START)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_the_page_declares_and_shows_the_status(client):
    person = UserFactory()
    client.force_login(person)
    aarhus = Municipality.objects.get(code="751")
    response = client.post(START, {"municipality": aarhus.pk, "school_name": "Skolen ved Søen"})
    assert response.status_code == 302
    page = client.get(START).content.decode()
    waiting = "Waiting for the municipality to verify you as a teacher at %(school)s."
    assert t(waiting, school="Skolen ved Søen") in page
    TeacherProfile.objects.filter(user=person).update(verified_at="2026-01-01T10:00:00Z")
    verified = "The municipality has verified that you teach at %(school)s. You can create classes."
    assert t(verified, school="Skolen ved Søen") in client.get(START).content.decode()


def test_the_page_keeps_what_was_typed_and_shows_errors(client):
    client.force_login(UserFactory())
    response = client.post(START, {"municipality": "999999", "school_name": "<script>x</script>"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-invalid="true"' in body or "error" in body
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert not TeacherProfile.objects.exists()


def test_the_administrator_verifies_and_the_teacher_is_told(client, administrator):
    teacher = teacher_make(verified=False)
    client.force_login(administrator)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert teacher.display_name in listing.content.decode()
    response = client.post(_verify_url(teacher), {"verified": "1"})
    assert response.status_code == 302
    profile = TeacherProfile.objects.get(user=teacher)
    assert profile.is_verified
    assert profile.verified_by == administrator
    assert Notification.objects.filter(recipient=teacher, kind="school.teacher_verified").exists()
    assert AuditEntry.objects.filter(action="school.classes.teacher_verified").exists()


def test_the_administrator_withdraws_a_verification(client, administrator):
    teacher = teacher_make()
    client.force_login(administrator)
    client.post(_verify_url(teacher), {"verified": "0"})
    assert not TeacherProfile.objects.get(user=teacher).is_verified


def test_the_list_puts_waiting_teachers_first_and_filters_by_municipality(client, administrator):
    verified = teacher_make(name="Anna Godkendt")
    waiting = teacher_make(verified=False, name="Bo Venter")
    other = teacher_make(verified=False, school=school_make(municipality_code="101"), name="Cai")
    client.force_login(administrator)
    body = client.get(LIST).content.decode()
    assert body.index("Bo Venter") < body.index("Anna Godkendt")
    aarhus = Municipality.objects.get(code="751")
    filtered = client.get(LIST, {"municipality": aarhus.pk}).content.decode()
    assert waiting.display_name in filtered
    assert verified.display_name in filtered
    assert other.display_name not in filtered


def test_the_list_runs_a_fixed_number_of_queries(
    client, administrator, django_assert_max_num_queries
):
    for _ in range(3):
        teacher_make(verified=False)
    client.force_login(administrator)
    client.get(LIST)
    with django_assert_max_num_queries(12):
        client.get(LIST)
    for _ in range(10):
        teacher_make(verified=False)
    with django_assert_max_num_queries(12):
        client.get(LIST)


@pytest.mark.parametrize("who", ["citizen", "teacher"])
def test_others_may_not_verify(client, who):
    person = teacher_make() if who == "teacher" else UserFactory(roles=[Role.CITIZEN])
    waiting = teacher_make(verified=False)
    client.force_login(person)
    assert client.get(LIST).status_code == 403
    assert client.post(_verify_url(waiting), {"verified": "1"}).status_code == 403
    assert not TeacherProfile.objects.get(user=waiting).is_verified
    with pytest.raises(PermissionDenied):
        services_classes.teacher_verify(actor=person, profile=waiting.teacher_profile)


def test_anonymous_visitors_are_sent_to_log_in_from_the_list(client):
    assert client.get(LIST).status_code == 302


def test_a_forged_id_is_not_found(client, administrator):
    client.force_login(administrator)
    forged = "00000000-0000-0000-0000-000000000000"
    response = client.post(reverse("school:teacher-verify", args=[forged]), {"verified": "1"})
    assert response.status_code == 404
    citizen = UserFactory()
    assert client.post(_verify_url(citizen), {"verified": "1"}).status_code == 404


def test_the_workbench_lists_teachers_waiting(administrator):
    teacher = teacher_make(verified=False, name="Dorte Venter")
    queues = {q.key: q for q in workbench_queues(administrator)}
    assert queues["school-teachers"].count == 1
    assert "Dorte Venter" in queues["school-teachers"].items[0].label
    assert "school-teachers" not in {q.key for q in workbench_queues(teacher)}
