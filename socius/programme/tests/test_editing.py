"""The editing pages: commitments, actions, status changes (a reason is required),
milestones, measures on an atlas indicator and links by hand, through the forms."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from socius.core.models import AuditEntry, Theme
from socius.programme.models import (
    Action,
    ActionStatus,
    ActivityLink,
    Commitment,
    Measure,
    Milestone,
    Programme,
    StatusChange,
)
from socius.tests_support.factories import UserFactory

D1, D2 = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
HOSTILE = "<script>alert(1)</script>"


def _action(commitment, **fields):
    return Action.objects.create(
        commitment=commitment, title="Klausul", owner="Udbud", starts_on=D1, ends_on=D2, **fields
    )


def test_an_editor_creates_and_changes_a_commitment(admin_client, programme):
    theme = Theme.objects.get(slug="medborgerskab")
    url = reverse("programme:admin-commitment-new", args=[programme.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "number": 5,
            "title": HOSTILE,
            "description": "Et valgfag for de ældste klasser.",
            "owner_department": "Børn og Unge",
            "committee": "Børne- og Ungeudvalget",
            "themes": [theme.pk],
        },
    )
    commitment = Commitment.objects.get(number=5)
    assert response.url == reverse("programme:admin-commitment", args=[commitment.pk])
    assert commitment.title == HOSTILE
    assert list(commitment.themes.all()) == [theme]
    page = admin_client.get(response.url).content.decode()
    assert "&lt;script&gt;" in page
    assert HOSTILE not in page

    edit = reverse("programme:admin-commitment-edit", args=[programme.pk, commitment.pk])
    assert admin_client.get(edit).status_code == 200
    admin_client.post(
        edit,
        {"number": 5, "title": "Valgfag", "description": "Nyt.", "owner_department": "BU"},
    )
    commitment.refresh_from_db()
    assert commitment.title == "Valgfag"
    assert AuditEntry.objects.filter(action="programme.commitment.saved").count() == 2


def test_an_address_pairing_a_programme_with_another_programmes_commitment_is_not_found(
    admin_client, programme, commitment
):
    other = Programme.objects.create(
        municipality=programme.municipality,
        slug="andet",
        title="Et andet program",
        period_start=D1,
        period_end=D2,
    )
    edit = reverse("programme:admin-commitment-edit", args=[other.pk, commitment.pk])
    assert admin_client.get(edit).status_code == 404
    data = {"number": 1, "title": "Flyttet", "description": "Nyt.", "owner_department": "BU"}
    assert admin_client.post(edit, data).status_code == 404
    commitment.refresh_from_db()
    assert (commitment.programme_id, commitment.title) == (programme.pk, "Sociale klausuler")


def test_a_taken_number_or_a_too_long_title_is_refused_with_the_form_kept(
    admin_client, programme, commitment
):
    url = reverse("programme:admin-commitment-new", args=[programme.pk])
    data = {"number": 1, "title": "Ny", "description": "Tekst", "owner_department": "A"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    with translation.override("da"):
        assert escape(gettext("Another commitment has that number.")) in response.content.decode()
    response = admin_client.post(url, {**data, "number": 2, "title": "x" * 201})
    assert response.status_code == 200
    assert 'value="Tekst"' in response.content.decode() or "Tekst" in response.content.decode()
    assert Commitment.objects.count() == 1


def test_an_editor_creates_and_changes_an_action(admin_client, commitment):
    url = reverse("programme:admin-action-new", args=[commitment.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "title": "Klausuler i nye kontrakter",
            "owner": "Indkøb",
            "budget_kr": "300000",
            "starts_on": "2026-01-01",
            "ends_on": "2029-12-31",
        },
    )
    action = Action.objects.get()
    assert response.url == reverse("programme:admin-action", args=[action.public_id])
    assert action.budget_kr == 300_000
    assert action.status == ActionStatus.PLANNED
    edit = reverse("programme:admin-action-edit", args=[commitment.pk, action.public_id])
    assert admin_client.get(edit).status_code == 200
    response = admin_client.post(
        edit,
        {
            "title": "Ny titel",
            "owner": "Indkøb",
            "starts_on": "2026-02-01",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 200  # the end before the start: the form again
    action.refresh_from_db()
    assert action.title == "Klausuler i nye kontrakter"


def test_a_status_change_through_the_form_needs_a_reason(admin_client, commitment):
    action = _action(commitment)
    url = reverse("programme:admin-action", args=[action.public_id])
    response = admin_client.post(url, {"status": ActionStatus.AT_RISK, "reason": "  "})
    assert response.status_code == 200
    with translation.override("da"):
        reason_needed = gettext("Write why the status changes. Citizens see the reason.")
    assert escape(reason_needed) in response.content.decode()
    assert not StatusChange.objects.exists()

    response = admin_client.post(url, {"status": ActionStatus.AT_RISK, "reason": HOSTILE})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    assert action.status_reason == HOSTILE
    public = admin_client.get(action.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)" in public
    assert HOSTILE not in public

    response = admin_client.post(url, {"status": "bogus", "reason": "x"})
    assert response.status_code == 200
    assert StatusChange.objects.count() == 1


def test_an_editor_adds_changes_and_reaches_a_milestone(admin_client, commitment):
    action = _action(commitment)
    manage = reverse("programme:admin-action", args=[action.public_id])
    admin_client.post(manage, {"title": "Skabelon klar", "due_on": "2026-03-01", "note": ""})
    milestone = Milestone.objects.get()
    edit = reverse("programme:admin-milestone-edit", args=[action.public_id, milestone.pk])
    assert admin_client.get(edit).status_code == 200
    admin_client.post(edit, {"title": "Ny skabelon klar", "due_on": "2026-04-01"})
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on) == ("Ny skabelon klar", datetime.date(2026, 4, 1))
    reach = reverse("programme:admin-milestone-reach", args=[action.public_id, milestone.pk])
    admin_client.post(reach)
    milestone.refresh_from_db()
    assert milestone.done_on is not None

    other = _action(commitment)
    foreign = reverse("programme:admin-milestone-edit", args=[other.public_id, milestone.pk])
    assert admin_client.get(foreign).status_code == 404


def test_an_editor_adds_and_changes_a_measure_on_an_atlas_indicator(
    admin_client, commitment, atlas
):
    action = _action(commitment)
    url = reverse("programme:admin-measure-new", args=[commitment.pk])
    page = admin_client.get(url).content.decode()
    assert 'value="ensomhed"' in page
    data = {
        "indicator_code": "ensomhed",
        "baseline": "11,1",
        "baseline_year": 2025,
        "target": "9",
        "target_year": 2029,
        "direction": "down",
        "action": action.pk,
    }
    response = admin_client.post(url, {**data, "indicator_code": "findes-ikke"})
    assert response.status_code == 200
    assert not Measure.objects.exists()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    measure = Measure.objects.get()
    assert (str(measure.baseline), measure.action) == ("11.100", action)
    edit = reverse("programme:admin-measure-edit", args=[commitment.pk, measure.public_id])
    assert admin_client.get(edit).status_code == 200
    admin_client.post(edit, {**data, "target": "8,5"})
    measure.refresh_from_db()
    assert str(measure.target) == "8.500"
    assert Measure.objects.count() == 1
    page = admin_client.get(measure.get_absolute_url()).content.decode()
    assert "<table" in page
    assert "11,1" in page


def test_an_outsider_gets_no_editing_page(client, commitment):
    action = _action(commitment)
    client.force_login(UserFactory())
    for url in [
        reverse("programme:admin-commitment-new", args=[commitment.programme.pk]),
        reverse("programme:admin-action", args=[action.public_id]),
        reverse("programme:admin-measure-new", args=[commitment.pk]),
    ]:
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("programme:admin-action", args=[action.public_id]),
        {"status": "done", "reason": "forged"},
    )
    assert response.status_code == 403
    assert not StatusChange.objects.exists()


def test_a_contract_with_social_clauses_is_linked_by_hand(admin_client, commitment):
    from socius.programme.tests.support import contract_with_clause

    contract = contract_with_clause(commitment.programme.municipality.space, "reserved")
    url = reverse("programme:admin-commitment", args=[commitment.pk])
    page = admin_client.get(url, {"kind": "contract", "q": "Rengøring"}).content.decode()
    assert str(contract.public_id) in page
    add = reverse("programme:admin-link-add", args=[commitment.pk])
    admin_client.post(add, {"kind": "contract", "key": "ikke-et-id"})
    assert not ActivityLink.objects.exists()
    admin_client.post(add, {"kind": "contract", "key": str(contract.public_id)})
    assert ActivityLink.objects.get().key == str(contract.public_id)
    detail = reverse("programme:commitment-detail", args=["aarhus", commitment.slug])
    assert "Rengøring af kontorer" in admin_client.get(detail).content.decode()
