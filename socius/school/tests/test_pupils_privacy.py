"""What keeps pupils' data small: no account pages that ask for an e-mail or a password, no
mail to ``.invalid`` addresses, and their data in the export and erasure."""

import re

import pytest
from django.urls import reverse

from socius.core.mail import Address, address_deliverable, mail_kind, notify
from socius.core.models import Notification
from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.school.mail_classes import MAIL_TEACHER_VERIFIED
from socius.school.models import Pupil, TeacherProfile
from socius.school.tests.school_support import class_make, pupil_make, teacher_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "account_change_password",
        "account_set_password",
        "mfa_index",
        "mfa_activate_totp",
        "accounts:profile",
        "accounts:politician",
        "accounts:overview",
        "accounts:welcome",
        "accounts:delete",
        "core:notification-preferences",
    ],
)
def test_a_pupil_is_sent_from_account_pages_to_the_class(client, name):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.user)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("school:class-list")
    assert client.get(response["Location"])["Location"] == reverse(
        "school:class-detail", args=[pupil.school_class.public_id]
    )


def _header_links(page: str) -> set[str]:
    """The addresses the page's header part for the signed-in person links to."""
    part = page.split('class="portal-user"', 1)[1].split("</div>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', part))


def test_a_pupils_header_links_the_class_and_no_account_page(client):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.user)
    page = client.get(reverse("core:home")).content.decode()
    links = _header_links(page)
    assert reverse("school:class-list") in links
    assert reverse("accounts:overview") not in links
    assert reverse("accounts:profile") not in links
    assert "Min klasse" in page
    assert "Mit overblik" not in page
    assert '<p class="user">Ravn</p>' in page  # whose account this is, on a shared computer


def test_everyone_elses_header_links_the_overview_and_the_profile(client):
    client.force_login(UserFactory(name="Nanna Nielsen"))
    links = _header_links(client.get(reverse("core:home")).content.decode())
    assert {reverse("accounts:overview"), reverse("accounts:profile")} <= links
    assert reverse("school:class-list") not in links


def test_a_pupil_may_download_their_data_and_log_out(client):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.user)
    export = client.get(reverse("accounts:export"))
    assert export.status_code == 200
    assert b'"pseudonym": "Ravn"' in export.content
    assert client.post(reverse("account_logout")).status_code == 302


def test_other_people_reach_the_account_pages(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.force_login(teacher_make())
    assert client.get(reverse("account_email")).status_code == 200


@pytest.mark.parametrize(
    ("address", "deliverable"),
    [
        ("abc@elev.socius.invalid", False),
        ("ABC@ELEV.SOCIUS.INVALID", False),
        ("deleted-1@anonymised.invalid", False),
        ("x@invalid", False),
        ("x@foo.invalid.", False),
        ("", False),
        ("person@example.dk", True),
        ("person@invalid.dk", True),
    ],
)
def test_the_mail_guard_knows_invalid_addresses(address, deliverable):
    assert address_deliverable(address) is deliverable


def test_core_mail_never_sends_to_a_pupil(django_capture_on_commit_callbacks, mailbox):
    pupil = pupil_make(class_make(), "Ravn")
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify(
            recipients=[pupil.user, person],
            kind=MAIL_TEACHER_VERIFIED,
            template="core/mail/notice",
            context={"title": "Hej", "text": "Hej"},
        )
        guests = notify(
            recipients=[Address("somebody@example.invalid")],
            kind=mail_kind("proposals.invite"),
            template="core/mail/notice",
            context={"title": "Hej", "text": "Hej"},
        )
    assert sent == 1
    assert guests == 0
    assert [m["To"] for m in mailbox.messages] == [person.email]
    # the pupil still sees it in their list on the site
    assert Notification.objects.filter(recipient=pupil.user).exists()


def test_a_pupils_export_holds_the_class_and_no_code():
    pupil = pupil_make(class_make(name="8.B"), "Ravn")
    data = personal_data_export(pupil.user)["school"]
    assert data["pupil"]["pseudonym"] == "Ravn"
    assert data["pupil"]["class"] == "8.B"
    assert data["pupil"]["school"] == pupil.school_class.school.name
    assert pupil.access_code not in str(data)
    assert pupil.school_class.code not in str(data)


def test_a_pupils_erasure_deletes_the_pupil():
    pupil = pupil_make(class_make(), "Ravn")
    personal_data_erase(pupil.user)
    assert not Pupil.objects.exists()


def test_a_teachers_export_and_erasure():
    school_class = class_make(name="9.C")
    teacher = school_class.teacher
    data = personal_data_export(teacher)["school"]
    assert data["teacher"]["school"] == teacher.teacher_profile.school.name
    assert data["teacher"]["classes"][0]["name"] == "9.C"
    personal_data_erase(teacher)
    assert not TeacherProfile.objects.filter(user=teacher).exists()


def test_someone_else_has_no_school_section():
    assert personal_data_export(UserFactory())["school"] is None


def test_a_pupil_deleting_through_the_account_page_is_sent_to_the_class(client):
    pupil = pupil_make(class_make(), "Ravn")
    client.force_login(pupil.user)
    assert client.post(reverse("accounts:delete"), {"password": "x"}).status_code == 302
    assert Pupil.objects.exists()
