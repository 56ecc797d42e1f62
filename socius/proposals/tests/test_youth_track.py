"""The youth track: proposals from school classes with the municipality's own threshold,
committee deadline and signing age, without co-proposers, public like any proposal."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from socius.core.calendar import add_months
from socius.proposals import services
from socius.proposals.models import MunicipalitySettings, Proposal
from socius.proposals.services.signing import paper_signature_add
from socius.proposals.tests.conftest import adult, make_published
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_rules(rules):
    rules.youth_threshold, rules.youth_council_months, rules.youth_minimum_age = 3, 2, 13
    rules.save()
    return rules


@pytest.fixture
def teacher(db):
    return UserFactory(name="Hanne Lærer", email="laerer@example.dk")


def _youth(teacher, aarhus, **fields):
    return services.proposal_create_youth(
        actor=teacher,
        municipality=aarhus,
        title=fields.get("title", "Flere bænke og lys i parken ved skolen"),
        text=fields.get("text", "Byrådet skal sætte ti bænke og lys op i parken ved skolen."),
        remarks="Klassen 8.B har lavet forslaget.",
    )


def test_a_youth_proposal_goes_to_review_without_co_proposers(teacher, aarhus, youth_rules):
    proposal = _youth(teacher, aarhus)
    assert (proposal.track, proposal.state) == ("youth", "submitted")
    assert proposal.coproposers.count() == 0
    assert list(proposal.events.values_list("kind", flat=True)) == ["create", "submit_youth"]


def test_publishing_copies_the_youth_tracks_terms(teacher, aarhus, youth_rules, case_handler):
    proposal = _youth(teacher, aarhus)
    services.proposal_publish(actor=case_handler, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.terms["threshold"] == 3
    assert proposal.threshold == 3
    assert proposal.terms["council_months"] == 2
    assert proposal.terms["minimum_age"] == 13
    assert proposal.terms["coproposers_required"] == 0
    assert proposal.terms["period_days"] == youth_rules.period_days
    # a citizen proposal published now keeps the citizens' terms
    citizen = make_published(UserFactory(), case_handler, aarhus)
    assert citizen.terms["threshold"] == youth_rules.threshold == 4
    assert citizen.terms["council_months"] == youth_rules.council_months
    # a later change of the settings does not move the published youth proposal
    youth_rules.youth_threshold = 500
    youth_rules.save()
    proposal.refresh_from_db()
    assert proposal.threshold == 3


def test_the_committee_deadline_follows_the_youth_months(
    teacher, aarhus, youth_rules, case_handler
):
    proposal = _youth(teacher, aarhus)
    services.proposal_publish(actor=case_handler, proposal=proposal)
    proposal.refresh_from_db()
    for n in range(3):
        paper_signature_add(
            actor=case_handler,
            proposal=proposal,
            name=f"Underskriver {n}",
            address=f"Vestergade {n + 1}, 8000 Aarhus C",
            birth_date=datetime.date(2010, 1, 1 + n),
            lives_in_municipality=True,
        )
    proposal.refresh_from_db()
    assert proposal.state == "threshold"
    assert proposal.council_deadline == add_months(timezone.localdate(), 2)


def test_a_thirteen_year_old_may_sign_a_youth_proposal_but_not_a_citizen_one(
    teacher, aarhus, youth_rules, case_handler
):
    youth = _youth(teacher, aarhus)
    services.proposal_publish(actor=case_handler, proposal=youth)
    youth.refresh_from_db()
    thirteen = (timezone.localdate() - datetime.timedelta(days=13 * 366)).isoformat()
    assert services.signature_add(proposal=youth, identity=adult("ung-1", birthdate=thirteen))
    citizen = make_published(UserFactory(), case_handler, aarhus)
    with pytest.raises(ValidationError):
        services.signature_add(proposal=citizen, identity=adult("ung-1", birthdate=thirteen))


def test_no_youth_proposal_when_the_track_is_off(teacher, aarhus, youth_rules):
    youth_rules.youth_enabled = False
    youth_rules.save()
    with pytest.raises(ValidationError, match=_("The municipality does not take youth proposals.")):
        _youth(teacher, aarhus)
    with pytest.raises(ValidationError):
        services.proposal_create(
            actor=teacher, municipality=aarhus, title="T", text="Tekst.", track="forged"
        )
    assert not Proposal.objects.exists()


def test_the_youth_proposal_is_public_labelled_and_filtered(
    client, teacher, aarhus, youth_rules, case_handler
):
    youth = _youth(teacher, aarhus)
    assert client.get(youth.get_absolute_url()).status_code == 404  # under review
    services.proposal_publish(actor=case_handler, proposal=youth)
    citizen = make_published(UserFactory(), case_handler, aarhus, title="Borgernes eget forslag")
    page = client.get(youth.get_absolute_url()).text
    assert _("Youth proposal") in page
    assert _("Responsible adult: %(name)s") % {"name": "Hanne Lærer"} in page
    assert "0 af 3 underskrifter" in page
    assert _("Youth proposal") not in client.get(citizen.get_absolute_url()).text
    listing = client.get(reverse("proposals:proposal-list"), {"track": "youth"}).text
    assert youth.title in listing
    assert citizen.title not in listing
    listing = client.get(reverse("proposals:proposal-list")).text
    assert youth.title in listing
    assert citizen.title in listing
    assert client.get(reverse("proposals:proposal-list"), {"track": "<x>"}).status_code == 200
    api = client.get("/api/proposals", {"track": "youth"}).json()
    assert [(p["title"], p["track"], p["threshold"]) for p in api] == [(youth.title, "youth", 3)]
    text = client.get("/api/proposals.csv").text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["title"]: r["track"] for r in rows} == {
        youth.title: "youth",
        citizen.title: "citizen",
    }


def test_the_settings_page_edits_the_youth_track(client, administrator, aarhus, rules):
    from socius.proposals.tests.test_views import _staff_login

    _staff_login(client, administrator)
    url = reverse("proposals:staff-settings") + "?kommune=751"
    page = client.get(url).text
    assert capfirst(_("signatures needed for a youth proposal")) in page
    data = {
        "threshold": "1500", "period_days": "180", "minimum_age": "15", "residents_only": "on",
        "coproposers_required": "3", "coproposer_days": "14", "title_max": "140", "text_max": "2000",
        "remarks_max": "10000", "council_months": "3", "secretariat_email": "byraad@aarhus.dk",
        "youth_threshold": "0", "youth_council_months": "2", "youth_minimum_age": "13",
    }  # fmt: skip
    assert client.post(url, data).status_code == 200  # 0 signatures is refused
    data |= {"youth_threshold": "200", "youth_council_months": "25"}
    assert client.post(url, data).status_code == 200  # more than 24 months is refused
    data |= {"youth_council_months": "4"}  # the box unticked: the track is off
    assert client.post(url, data).status_code == 302
    saved = MunicipalitySettings.objects.get(municipality=aarhus)
    assert (saved.youth_enabled, saved.youth_threshold, saved.youth_council_months) == (
        False,
        200,
        4,
    )
    data |= {"youth_enabled": "on"}
    assert client.post(url, data).status_code == 302
    saved.refresh_from_db()
    assert saved.youth_enabled
