"""The council's composition: seats by party group and bloc, committees; the pages that edit
them and the public council page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from socius.core.models import AuditEntry, Municipality, Party, PoliticianProfile
from socius.core.roles import Role
from socius.council.models import Council, CouncilGroup, PartyBloc
from socius.council.services_composition import committee_save, council_group_set, council_save
from socius.council.tests.items_support import (
    aarhus_space,
    admin_make,
    council_make,
    meeting_make,
    party,
    secretary_make,
)
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_seed_puts_the_parties_in_the_usual_blocs():
    blocs = dict(PartyBloc.objects.values_list("party__name", "bloc"))
    assert blocs["Socialdemokratiet"] == "red"
    assert blocs["Alternativet"] == "red"
    assert blocs["Radikale Venstre"] == "centre"
    assert blocs["Moderaterne"] == "centre"
    assert blocs["Danmarksdemokraterne"] == "blue"
    assert blocs["Borgernes Parti"] == "other"


def test_a_group_takes_its_partys_bloc_unless_the_council_places_it_otherwise():
    council = council_make()
    groups = {g.party.name: g.bloc for g in council.groups.select_related("party")}
    assert groups == {"Socialdemokratiet": "red", "Venstre": "blue", "Radikale Venstre": "centre",
                      "Enhedslisten – De Rød-Grønne": "red"}  # fmt: skip
    admin = admin_make()
    council_group_set(actor=admin, council=council, party=party("Radikale Venstre"), seats=3,
                      bloc="red")  # fmt: skip
    assert CouncilGroup.objects.get(party__name="Radikale Venstre").bloc == "red"


def test_seats_cannot_exceed_the_councils_and_the_error_says_how_many_are_free():
    council = council_make()  # 25 of 31 taken
    with pytest.raises(ValidationError) as refused:
        council_group_set(actor=admin_make(), council=council, party=party("Liberal Alliance"),
                          seats=7)  # fmt: skip
    assert refused.value.message_dict["seats"] == [
        gettext(
            "The council has %(seats)s seats and the other groups hold %(others)s: "
            "%(party)s can have at most %(free)s."
        )
        % {"seats": 31, "others": 25, "party": "Liberal Alliance", "free": 6}
    ]
    assert not CouncilGroup.objects.filter(party__name="Liberal Alliance").exists()
    with pytest.raises(ValidationError):
        council_save(actor=admin_make(), municipality=council.municipality, name="Aarhus Byråd",
                     seats=20)  # fmt: skip
    council.refresh_from_db()
    assert council.seats == 31


def test_zero_seats_removes_a_group_and_hostile_input_is_refused():
    council = council_make()
    admin = admin_make()
    assert council_group_set(actor=admin, council=council, party=party("Venstre"), seats=0) is None
    assert not council.groups.filter(party__name="Venstre").exists()
    with pytest.raises(ValidationError):
        council_group_set(actor=admin, council=council, party=party("Venstre"), seats=-2)
    with pytest.raises(ValidationError):
        council_group_set(actor=admin, council=council, party=party("Venstre"), seats=2,
                          bloc="purple")  # fmt: skip
    other = Party.objects.create(name="Odense-listen", is_local_list=True,
                                 municipality=Municipality.objects.get(code="461"))  # fmt: skip
    with pytest.raises(ValidationError):
        council_group_set(actor=admin, council=council, party=other, seats=1)
    with pytest.raises(ValidationError):
        committee_save(actor=admin, council=council, name="<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        committee_save(actor=admin, council=council, name="socialudvalget")  # already there
    with pytest.raises(PermissionDenied):
        council_group_set(actor=secretary_make(), council=council, party=party("Venstre"),
                          seats=1)  # fmt: skip
    assert AuditEntry.objects.filter(action="council.group.removed").count() == 1


def test_a_municipality_that_does_not_take_part_gets_no_council():
    with pytest.raises(ValidationError):
        council_save(actor=admin_make(), municipality=Municipality.objects.get(code="461"),
                     name="Odense Byråd", seats=29)  # fmt: skip


def test_administrators_edit_the_composition_through_the_page(client):
    space = aarhus_space()
    admin = admin_make()
    client.force_login(admin)
    url = reverse("council:composition-edit", args=[space.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "council", "name": "Aarhus Byråd", "seats": "31"})
    assert response.status_code == 302
    council = Council.objects.get()
    sd = party("Socialdemokratiet")
    client.post(url, {"form": "group", "party": sd.pk, "seats": "12", "bloc": ""})
    assert council.groups.get().seats == 12
    # too many seats: a clear error, nothing changed
    page = client.post(url, {"form": "group", "party": sd.pk, "seats": "40", "bloc": ""})
    assert page.status_code == 400
    assert council.groups.get().seats == 12
    page = client.post(url, {"form": "committee", "name": "<b>Udvalg</b>"})
    assert page.status_code == 400
    assert gettext("Write plain text without HTML.") in page.content.decode()
    assert client.post(url, {"form": "nonsense"}).status_code == 404


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.CASE_HANDLER, Role.EDITOR])
def test_others_cannot_edit_the_composition(client, role):
    space = aarhus_space()
    client.force_login(UserFactory(roles=[role], totp=True))
    url = reverse("council:composition-edit", args=[space.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"form": "council", "name": "X", "seats": "3"}).status_code == 403
    assert not Council.objects.exists()


def test_a_politician_cannot_edit_the_composition(client):
    space = aarhus_space()
    politician = UserFactory(roles=[Role.CITIZEN])
    PoliticianProfile.objects.create(user=politician, party=party("Venstre"))
    client.force_login(politician)
    url = reverse("council:composition-edit", args=[space.slug])
    assert client.post(url, {"form": "council", "name": "X", "seats": "3"}).status_code == 403


def test_the_council_page_shows_seats_by_party_and_bloc_in_charts_and_tables(client):
    council = council_make()
    meeting_make(council, admin_make(), days=10)
    page = client.get(reverse("council:council-detail", args=["aarhus"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Socialdemokratiet" in text
    assert text.count('class="chart-image"') == 2
    assert "Socialudvalget" in text
    assert "25" in text  # 25 of 31 seats entered
    assert client.get(reverse("council:council-list")).status_code == 200
    assert client.get(reverse("council:council-detail", args=["odense"])).status_code == 404


def test_the_council_page_costs_the_same_with_more_groups_and_meetings(client, settings):
    settings.CACHES = {**settings.CACHES}
    council = council_make()
    admin = admin_make()
    url = reverse("council:council-detail", args=["aarhus"])
    client.force_login(UserFactory())  # not served from the anonymous page cache
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    council_group_set(actor=admin, council=council, party=party("Liberal Alliance"), seats=2)
    committee_save(actor=admin, council=council, name="Børne- og Ungeudvalget")
    for days in (5, 12, 19):
        meeting_make(council, admin, days=days)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_the_demo_council_is_made_once():
    import io

    from socius.council.demo_items import demo_items

    aarhus_space()
    UserFactory(email="admin@socius.example", roles=[Role.ADMINISTRATOR])
    council = demo_items(io.StringIO())
    assert council is not None
    assert (council.seats, sum(g.seats for g in council.groups.all())) == (31, 31)
    assert "Illustrative demo data" in council.composition_source
    assert council.committees.count() == 4
    assert council.meetings.count() == 1
    audit = AuditEntry.objects.count()
    assert demo_items(io.StringIO()) == council
    assert AuditEntry.objects.count() == audit
