"""Classes: the services and the teacher's pages, and who may not see them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from socius.core.models import AuditEntry
from socius.school import services_classes
from socius.school.models import ConsentBasis, Course, Pupil, SchoolClass
from socius.school.tests.school_support import class_make, pupil_make, teacher_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def t(msgid: str) -> str:
    return escape(gettext(msgid))


def _course(municipality, status=Course.Status.PUBLISHED, slug="valgfag"):
    return Course.objects.create(
        municipality=municipality, slug=slug, title="Medborgerskab", summary="s", goals="g",
        status=status,
    )  # fmt: skip


def _create(teacher, **fields):
    values = {
        "name": "8.B",
        "grade": 8,
        "school_year": YEAR,
        "consent_basis": ConsentBasis.PUBLIC_TASK,
    } | fields
    return services_classes.class_create(actor=teacher, **values)


# --- Services -----------------------------------------------------------------------------------
def test_a_class_gets_a_code_of_eight_plain_characters_for_14_days():
    teacher = teacher_make()
    now = timezone.now()
    school_class = _create(teacher, now=now)
    assert len(school_class.code) == 8
    assert set(school_class.code) <= set(services_classes.CODE_ALPHABET)
    assert school_class.code_expires_at == now + datetime.timedelta(days=14)
    assert school_class.joining_open
    assert school_class.school == teacher.teacher_profile.school
    entry = AuditEntry.objects.get(action="school.classes.class_created")
    assert school_class.code not in str(entry.data)


def test_codes_are_retried_on_collision(monkeypatch):
    teacher = teacher_make()
    taken = class_make(teacher=teacher, code="AAAAAAAA")
    codes = iter(["AAAAAAAA", "BBBBBBBB"])
    monkeypatch.setattr(services_classes, "class_code_new", lambda: next(codes))
    school_class = _create(teacher)
    assert school_class.code == "BBBBBBBB" != taken.code


def test_an_unverified_teacher_cannot_create_a_class():
    with pytest.raises(PermissionDenied):
        _create(teacher_make(verified=False))
    with pytest.raises(PermissionDenied):
        _create(UserFactory())


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"name": "<script>alert(1)</script>"}, "name"),
        ({"grade": 6}, "grade"),
        ({"grade": 11}, "grade"),
        ({"school_year": YEAR + 5}, "school_year"),
        ({"school_year": 1999}, "school_year"),
    ],
)
def test_bad_class_fields_are_refused_and_nothing_is_saved(fields, field):
    with pytest.raises(ValidationError) as caught:
        _create(teacher_make(), **fields)
    assert field in caught.value.message_dict
    assert not SchoolClass.objects.exists()


def test_only_the_municipalitys_published_courses_can_be_chosen():
    teacher = teacher_make()
    municipality = teacher.teacher_profile.school.municipality
    published = _course(municipality)
    draft = _course(municipality, Course.Status.DRAFT, slug="kladde")
    assert _create(teacher, course=published).course == published
    with pytest.raises(ValidationError):
        _create(teacher, name="9.A", course=draft)


def test_a_new_code_ends_the_old_one():
    school_class = class_make()
    old = school_class.code
    services_classes.class_code_renew(actor=school_class.teacher, school_class=school_class)
    school_class.refresh_from_db()
    assert school_class.code != old
    assert not SchoolClass.objects.filter(code=old).exists()


def test_another_teacher_cannot_touch_the_class():
    school_class = class_make()
    other = teacher_make()
    with pytest.raises(PermissionDenied):
        services_classes.class_code_renew(actor=other, school_class=school_class)
    with pytest.raises(PermissionDenied):
        services_classes.class_joining_set(actor=other, school_class=school_class, open_=False)
    with pytest.raises(PermissionDenied):
        services_classes.class_archive(actor=other, school_class=school_class)


def test_archiving_deletes_the_pupils_accounts():
    school_class = class_make()
    pupil = pupil_make(school_class, "Ravn")
    services_classes.class_archive(actor=school_class.teacher, school_class=school_class)
    school_class.refresh_from_db()
    assert school_class.archived_at is not None
    assert not school_class.joining_open
    assert not Pupil.objects.exists()
    assert not type(pupil.user).objects.filter(pk=pupil.user.pk).exists()


# --- Pages --------------------------------------------------------------------------------------
def test_the_teacher_creates_a_class_through_the_form(client):
    teacher = teacher_make()
    course = _course(teacher.teacher_profile.school.municipality)
    client.force_login(teacher)
    page = client.get(reverse("school:class-create"))
    assert page.status_code == 200
    assert "Medborgerskab" in page.content.decode()
    response = client.post(
        reverse("school:class-create"),
        {
            "name": "9.A",
            "grade": "9",
            "school_year": str(YEAR),
            "course": str(course.pk),
            "consent_basis": "consent",
        },
    )
    school_class = SchoolClass.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("school:class-detail", args=[school_class.public_id])
    detail = client.get(response["Location"]).content.decode()
    assert school_class.code in detail
    assert school_class.consent_basis == ConsentBasis.CONSENT


def test_the_form_keeps_what_was_typed_on_errors(client):
    client.force_login(teacher_make())
    response = client.post(
        reverse("school:class-create"),
        {"name": "<b>9.A</b>", "grade": "12", "school_year": "abc", "consent_basis": "x"},
    )
    assert response.status_code == 200
    assert "&lt;b&gt;9.A&lt;/b&gt;" in response.content.decode()
    assert not SchoolClass.objects.exists()


def test_the_class_list_shows_only_the_teachers_classes(client, django_assert_max_num_queries):
    teacher = teacher_make()
    mine = class_make(teacher=teacher, name="8.B")
    other = class_make(name="7.C")
    client.force_login(teacher)
    client.get(reverse("school:class-list"))
    with django_assert_max_num_queries(10):
        body = client.get(reverse("school:class-list")).content.decode()
    assert mine.name in body
    assert other.name not in body
    for n in range(5):
        class_make(teacher=teacher, name=f"9.{n}")
    with django_assert_max_num_queries(10):
        client.get(reverse("school:class-list"))


def test_a_pupil_is_sent_from_the_class_list_to_their_class(client):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.user)
    response = client.get(reverse("school:class-list"))
    assert response["Location"] == reverse(
        "school:class-detail", args=[pupil.school_class.public_id]
    )


@pytest.mark.parametrize("name", ["school:class-list", "school:class-create"])
def test_an_unverified_teacher_or_a_citizen_is_refused(client, name):
    client.force_login(teacher_make(verified=False))
    assert client.get(reverse(name)).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["school:class-list", "school:class-create"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def _class_urls(school_class):
    args = [school_class.public_id]
    return {
        "get": [reverse("school:class-detail", args=args), reverse("school:class-edit", args=args)],
        "post": [
            reverse("school:class-code-renew", args=args),
            reverse("school:class-joining", args=args),
            reverse("school:class-archive", args=args),
        ],
    }


def test_another_teacher_gets_404_on_every_class_page(client):
    school_class = class_make()
    client.force_login(teacher_make())
    urls = _class_urls(school_class)
    for url in urls["get"]:
        assert client.get(url).status_code == 404
    for url in urls["post"]:
        assert client.post(url, {"open": "0"}).status_code == 404
    school_class.refresh_from_db()
    assert school_class.archived_at is None
    assert school_class.joining_open


def test_a_pupil_of_another_class_gets_404(client):
    school_class = class_make()
    stranger = pupil_make(class_make(name="9.X"), "Ugle")
    client.force_login(stranger.user)
    for url in _class_urls(school_class)["get"]:
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_from_a_class(client):
    school_class = class_make()
    for url in _class_urls(school_class)["get"]:
        assert client.get(url).status_code == 302


def test_a_forged_class_id_is_not_found(client):
    client.force_login(teacher_make())
    forged = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("school:class-detail", args=[forged])).status_code == 404
    assert client.get("/medborgerskab/klasser/not-a-uuid/").status_code == 404


def test_the_teacher_renews_the_code_and_closes_joining(client):
    school_class = class_make()
    client.force_login(school_class.teacher)
    old = school_class.code
    client.post(reverse("school:class-code-renew", args=[school_class.public_id]))
    client.post(reverse("school:class-joining", args=[school_class.public_id]), {"open": "0"})
    school_class.refresh_from_db()
    assert school_class.code != old
    assert not school_class.joining_open
    client.post(reverse("school:class-joining", args=[school_class.public_id]), {"open": "1"})
    school_class.refresh_from_db()
    assert school_class.joining_open


def test_the_teacher_edits_and_archives_the_class(client):
    school_class = class_make()
    client.force_login(school_class.teacher)
    url = reverse("school:class-edit", args=[school_class.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"name": "8.C", "grade": "8", "school_year": str(YEAR), "consent_basis": "public_task"},
    )
    assert response.status_code == 302
    school_class.refresh_from_db()
    assert school_class.name == "8.C"
    client.post(reverse("school:class-archive", args=[school_class.public_id]))
    school_class.refresh_from_db()
    assert school_class.archived_at is not None
    detail = reverse("school:class-detail", args=[school_class.public_id])
    assert client.get(detail).status_code == 404


def test_the_class_page_shows_the_pupils_to_the_teacher(client, django_assert_max_num_queries):
    school_class = class_make(consent_basis=ConsentBasis.CONSENT)
    pupil_make(school_class, "Ravn", under_15=True)
    pupil_make(school_class, "Ugle", under_15=False)
    client.force_login(school_class.teacher)
    url = reverse("school:class-detail", args=[school_class.public_id])
    client.get(url)
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert "Ravn" in body
    assert "Ugle" in body
    assert t("Consent given") in body
    for n in range(10):
        pupil_make(school_class, f"Elev{n}")
    with django_assert_max_num_queries(12):
        client.get(url)


def test_the_class_page_shows_a_pupil_the_class_and_classmates(
    client, django_assert_max_num_queries
):
    school_class = class_make()
    pupil = pupil_make(school_class, "Ravn")
    pupil_make(school_class, "Ugle")
    client.force_login(pupil.user)
    url = reverse("school:class-detail", args=[school_class.public_id])
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    body = response.content.decode()
    assert "Ugle" in body
    assert school_class.school.name in body
    assert school_class.teacher.display_name in body
    assert school_class.code not in body  # the code is the teacher's to give out
    assert "/elever/" not in body
    assert "/ny-kode/" not in body


def test_a_pupil_waiting_for_consent_sees_only_that(client):
    school_class = class_make(consent_basis=ConsentBasis.CONSENT)
    pupil = pupil_make(school_class, "Ravn", under_15=True)
    pupil_make(school_class, "Ugle", under_15=False)
    client.force_login(pupil.user)
    body = client.get(reverse("school:class-detail", args=[school_class.public_id])).content
    text = body.decode()
    assert t("Your teacher must have consent from your parent before you can take part.") in text
    assert "Ugle" not in text
