"""Class projects: the class writes, the teacher publishes under the class's name (never a
pupil's pseudonym) and raises a youth proposal; outsiders see nothing of a draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from socius.core.models import AuditEntry
from socius.proposals.models import MunicipalitySettings, Proposal
from socius.school import services_youth
from socius.school.models import ClassProject, ConsentBasis, ProjectContribution
from socius.tests_support.factories import UserFactory

from .school_support import class_make, pupil_make, teacher_make

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": "Flere bænke og lys i parken",
    "problem": "Parken ved skolen er mørk om vinteren, og der er ingen steder at sidde.",
    "idea": "Byrådet skal sætte ti bænke og lys op i parken ved skolen i 2027.",
}


@pytest.fixture
def school_class():
    return class_make()


@pytest.fixture
def ravn(school_class):
    return pupil_make(school_class, "Ravn")


@pytest.fixture
def project(school_class):
    return services_youth.project_create(
        actor=school_class.teacher, school_class=school_class, **TEXTS
    )


def _url(name, obj):
    return reverse(f"school:{name}", args=[obj.public_id])


def test_the_teacher_creates_a_project_and_a_pupil_adds_an_idea(client, school_class, ravn):
    client.force_login(school_class.teacher)
    assert client.get(_url("class-projects", school_class)).status_code == 200
    response = client.post(_url("project-create", school_class), TEXTS)
    project = ClassProject.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("project-detail", project)
    client.force_login(ravn.user)
    page = client.get(_url("class-projects", school_class)).content.decode()
    assert TEXTS["title"] in page
    response = client.post(_url("project-contribute", project), {"text": "Lys ved stien."})
    assert response.status_code == 302
    page = client.get(_url("project-detail", project)).content.decode()
    assert "Lys ved stien." in page
    assert "Ravn" in page  # the class sees who wrote it
    assert client.get(_url("project-detail", project))["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.filter(action="school.youth.contribute").get()
    assert "Lys" not in str(entry.data)
    assert "Ravn" not in str(entry.data)


def test_outsiders_do_not_find_a_draft_project_or_the_class_list(client, project, school_class):
    other_class = class_make()
    other_pupil = pupil_make(other_class, "Ugle")
    for user in (other_class.teacher, other_pupil.user, UserFactory(), None):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(_url("project-detail", project)).status_code == 404
        if user is not None:
            assert client.get(_url("class-projects", school_class)).status_code == 404
            assert (
                client.post(_url("project-contribute", project), {"text": "x"}).status_code == 404
            )
    assert not ProjectContribution.objects.exists()
    # another class's teacher: 404 on the teacher's actions too
    client.force_login(other_class.teacher)
    assert client.post(_url("project-publish", project)).status_code == 404
    assert client.post(_url("project-propose", project)).status_code == 404
    assert client.get(_url("project-create", school_class)).status_code == 404


def test_a_pupil_waiting_for_consent_takes_no_part(client):
    school_class = class_make(consent_basis=ConsentBasis.CONSENT)
    waiting = pupil_make(school_class, "Odder", under_15=True)
    project = services_youth.project_create(
        actor=school_class.teacher, school_class=school_class, **TEXTS
    )
    client.force_login(waiting.user)
    assert client.get(_url("project-detail", project)).status_code == 404
    with pytest.raises(PermissionDenied):
        services_youth.contribution_add(actor=waiting.user, project=project, text="Hej")


def test_a_pupil_cannot_publish_or_propose(client, project, ravn):
    client.force_login(ravn.user)
    assert client.post(_url("project-publish", project)).status_code == 403
    assert client.post(_url("project-propose", project)).status_code == 403
    assert client.get(_url("project-create", project.school_class)).status_code == 403
    project.refresh_from_db()
    assert project.status == "draft"
    with pytest.raises(PermissionDenied):
        services_youth.project_publish(actor=ravn.user, project=project)


def test_an_unverified_teacher_is_refused(client, school_class):
    teacher = teacher_make(verified=False)
    client.force_login(teacher)
    assert client.get(_url("project-create", school_class)).status_code == 403


def test_anonymous_sees_only_a_published_project_without_the_pupils(client, project, ravn):
    services_youth.contribution_add(actor=ravn.user, project=project, text="Hemmelig idé")
    assert client.get(_url("project-detail", project)).status_code == 404
    services_youth.project_publish(actor=project.school_class.teacher, project=project)
    page = client.get(_url("project-detail", project)).content.decode()
    assert TEXTS["idea"] in page
    assert f"{project.school_class.name}, {project.school_class.school.name}" in page
    assert "Ravn" not in page
    assert "Hemmelig" not in page
    # the pupil still sees the class's view
    client.force_login(ravn.user)
    assert "Hemmelig" in client.get(_url("project-detail", project)).content.decode()


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title", "Ravns idé om bænke"),  # not a whole word: allowed
        ("idea", "Som RAVN sagde: flere bænke."),
        ("problem", "ravn og resten af klassen synes, parken er mørk."),
        ("title", "Bænke (ravn)"),
    ],
)
def test_publishing_a_pupils_pseudonym_is_refused(client, school_class, ravn, field, text):
    project = services_youth.project_create(
        actor=school_class.teacher, school_class=school_class, **(TEXTS | {field: text})
    )
    client.force_login(school_class.teacher)
    response = client.post(_url("project-publish", project), follow=True)
    project.refresh_from_db()
    if text.startswith("Ravns"):
        assert project.status == "published"
        return
    assert project.status == "draft"
    assert "(Ravn)" in response.content.decode()
    assert not AuditEntry.objects.filter(action="school.youth.publish").exists()


def test_a_full_name_from_a_pseudonym_of_two_words_is_refused(school_class):
    pupil_make(school_class, "Mads K")
    project = services_youth.project_create(
        actor=school_class.teacher,
        school_class=school_class,
        **(TEXTS | {"problem": "Mads Kristensen siger, at parken er mørk."}),
    )
    with pytest.raises(ValidationError, match="Mads K"):
        services_youth.project_publish(actor=school_class.teacher, project=project)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (TEXTS | {"title": "x" * 141}, "title"),
        (TEXTS | {"problem": "  "}, "problem"),
        (TEXTS | {"idea": "a\x00b"}, "idea"),
        ({"title": ["a", "b"]}, "problem"),
    ],
)
def test_hostile_project_input_is_refused_and_nothing_saved(client, school_class, data, field):
    client.force_login(school_class.teacher)
    response = client.post(_url("project-create", school_class), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not ClassProject.objects.exists()


def test_html_in_a_project_is_shown_as_text(client, school_class):
    project = services_youth.project_create(
        actor=school_class.teacher,
        school_class=school_class,
        **(TEXTS | {"idea": "<script>alert(1)</script> Flere bænke."}),
    )
    client.force_login(school_class.teacher)
    page = client.get(_url("project-detail", project)).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_hostile_contributions_are_refused(client, project, ravn):
    client.force_login(ravn.user)
    for text in ("x" * 1001, "   ", "a\x00b"):
        response = client.post(_url("project-contribute", project), {"text": text})
        assert response.status_code == 400
        assert response.context["form"].errors["text"]
    assert not ProjectContribution.objects.exists()
    forged = "00000000-0000-0000-0000-000000000000"
    assert (
        client.post(
            reverse("school:project-contribute", args=[forged]), {"text": "Hej"}
        ).status_code
        == 404
    )


def test_only_a_draft_can_be_changed(client, project):
    client.force_login(project.school_class.teacher)
    response = client.post(_url("project-edit", project), TEXTS | {"title": "Nyt navn"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Nyt navn"
    services_youth.project_publish(actor=project.school_class.teacher, project=project)
    with pytest.raises(ValidationError):
        services_youth.project_update(actor=project.school_class.teacher, project=project, **TEXTS)


def test_the_teacher_raises_the_published_project_as_a_youth_proposal(client, project):
    teacher = project.school_class.teacher
    client.force_login(teacher)
    response = client.post(_url("project-propose", project), follow=True)
    assert escape(_("Publish the project under the class's name first.")) in response.text
    assert not Proposal.objects.exists()
    client.post(_url("project-publish", project))
    response = client.post(_url("project-propose", project), follow=True)
    project.refresh_from_db()
    proposal = project.proposal
    assert project.status == "proposed"
    assert (proposal.track, proposal.state, proposal.proposer) == ("youth", "submitted", teacher)
    assert proposal.title == TEXTS["title"]
    assert proposal.text == TEXTS["idea"]
    assert project.school_class.school.name in proposal.remarks
    page = response.content.decode()
    assert proposal.get_absolute_url() in page
    assert client.post(_url("project-propose", project)).status_code == 302
    assert Proposal.objects.count() == 1


def test_no_youth_proposal_when_the_municipality_has_the_track_off(client, project):
    municipality = project.school_class.school.municipality
    MunicipalitySettings.objects.update_or_create(
        municipality=municipality, defaults={"youth_enabled": False}
    )
    teacher = project.school_class.teacher
    services_youth.project_publish(actor=teacher, project=project)
    client.force_login(teacher)
    response = client.post(_url("project-propose", project), follow=True)
    refusal = _("%(municipality)s does not take youth proposals at the moment.")
    assert escape(refusal % {"municipality": municipality.name}) in response.text
    assert not Proposal.objects.exists()
    project.refresh_from_db()
    assert project.status == "published"
