"""The registration pages through the test client: register, the personal page, its
actions, the organiser's list, a person's own list; outsiders and hostile input."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from socius.events import services
from socius.events.models import Event, Registration
from socius.events.tests.registration_support import event_make, question_make
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def client(client):
    """Pages in English: the texts below are the message ids, whatever the catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _create_url(event: Event) -> str:
    return reverse("events:registration-create", args=[event.slug])


def _guest(event: Event, party_size: int = 1, name: str = "Anna") -> tuple[Registration, str]:
    registration = services.registration_create(
        actor=AnonymousUser(), event=event, name=name, email=f"{name.lower()}@example.dk",
        party_size=party_size,
    )  # fmt: skip
    return registration, services.registration_key(registration)


def test_a_guest_registers_and_lands_on_the_personal_page(client):
    event = event_make(asks_dietary=True)
    response = client.post(
        _create_url(event),
        {"name": "Karen Hansen", "email": "karen@example.dk", "party_size": "2",
         "dietary": ["vegan"], "consent": "on"},
    )  # fmt: skip
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == services.registration_link(registration)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    assert "Karen Hansen" in page.content.decode()
    assert registration.dietary_needs == ["vegan"]
    assert registration.party_size == 2


def test_needs_without_consent_are_refused_with_the_input_kept(client):
    event = event_make(asks_access=True)
    response = client.post(
        _create_url(event),
        {
            "name": "Karen Hansen",
            "email": "karen@example.dk",
            "party_size": "1",
            "access": ["wheelchair"],
        },
    )
    assert response.status_code == 200
    assert "Karen Hansen" in response.content.decode()
    assert "consent" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_needs_are_not_asked_when_the_organiser_does_not_need_them(client):
    response = client.get(_create_url(event_make()))
    assert "dietary" not in response.context["form"].fields
    assert "consent" not in response.context["form"].fields


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "<script>alert(1)</script>"}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"party_size": "mange"}, "party_size"),
        ({"party_size": "99"}, "party_size"),
        ({"email": "ikke-en-adresse"}, "email"),
    ],
)
def test_hostile_input_is_refused_clearly_and_kept(client, data, field):
    event = event_make()
    payload = {"name": "Karen", "email": "karen@example.dk", "party_size": "1", **data}
    response = client.post(_create_url(event), payload)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Registration.objects.exists()


def test_hostile_answers_are_refused(client):
    event = event_make()
    question = question_make(event)
    response = client.post(_create_url(event), {
        "name": "Karen", "email": "karen@example.dk", "party_size": "1",
        f"question_{question.pk}": "<img src=x onerror=alert(1)>",
    })  # fmt: skip
    assert f"question_{question.pk}" in response.context["form"].errors


def test_a_closed_window_is_refused_with_the_input_kept(client):
    event = event_make(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1),
                       registration_opens_at=timezone.now() - datetime.timedelta(days=2))  # fmt: skip
    response = client.post(
        _create_url(event), {"name": "Karen Hansen", "email": "k@example.dk", "party_size": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Registration has closed" in body
    assert "Karen Hansen" in body


def test_a_draft_event_is_404_to_the_public(client):
    event = event_make(status=Event.Status.DRAFT)
    assert client.get(_create_url(event)).status_code == 404


def test_an_account_registers_once(client):
    user = UserFactory()
    client.force_login(user)
    event = event_make()
    assert client.post(_create_url(event), {"party_size": "1"}).status_code == 302
    page = client.get(_create_url(event))
    assert "already registered" in page.content.decode()
    again = client.post(_create_url(event), {"party_size": "1"})
    assert again.status_code == 200
    assert Registration.objects.count() == 1


def test_a_full_event_puts_people_on_the_waiting_list(client):
    event = event_make(capacity=1)
    _guest(event)
    response = client.post(
        _create_url(event), {"name": "Bo", "email": "bo@example.dk", "party_size": "1"}, follow=True
    )
    assert "waiting list" in response.content.decode()
    assert Registration.objects.get(name="Bo").status == S.WAITING


def test_a_wrong_key_is_404_everywhere(client):
    _guest(event_make())
    for name in [
        "registration-detail",
        "registration-cancel",
        "waiting-leave",
        "offer-accept",
        "registration-ics",
    ]:
        assert client.get(reverse(f"events:{name}", args=["A" * 43])).status_code == 404
        assert client.get(reverse(f"events:{name}", args=["kort"])).status_code == 404


def test_the_personal_page_changes_and_cancels(client):
    event = event_make(capacity=3, online_url="https://moede.example.dk/rum")
    registration, key = _guest(event)
    page = client.get(reverse("events:registration-detail", args=[key])).content.decode()
    assert "https://moede.example.dk/rum" in page
    response = client.post(reverse("events:registration-change", args=[key]), {"party_size": "3"})
    assert response.status_code == 302
    assert Registration.objects.get().party_size == 3
    too_many = client.post(reverse("events:registration-change", args=[key]), {"party_size": "4"})
    assert too_many.status_code == 200
    assert "party_size" in too_many.context["form"].errors
    # The link in the mail shows a button; only the POST cancels.
    assert client.get(reverse("events:registration-cancel", args=[key])).status_code == 200
    assert Registration.objects.get().status == S.CONFIRMED
    client.post(reverse("events:registration-cancel", args=[key]))
    assert Registration.objects.get().status == S.CANCELLED


def test_the_online_link_is_for_confirmed_registrations_only(client):
    event = event_make(capacity=1, online_url="https://moede.example.dk/rum")
    _guest(event)
    _waiting, key = _guest(event, name="Bo")
    page = client.get(reverse("events:registration-detail", args=[key])).content.decode()
    assert "https://moede.example.dk/rum" not in page


def test_the_registrations_calendar(client):
    _registration, key = _guest(event_make())
    response = client.get(reverse("events:registration-ics", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_offer_accept_and_waiting_leave_through_the_links(client):
    event = event_make(capacity=1)
    holder, _ = _guest(event)
    second, second_key = _guest(event, name="Bo")
    third, third_key = _guest(event, name="Carl")
    client.post(reverse("events:waiting-leave", args=[third_key]))
    assert Registration.objects.get(pk=third.pk).status == S.LEFT
    services.registration_cancel(registration=holder)
    response = client.post(reverse("events:offer-accept", args=[second_key]), follow=True)
    assert Registration.objects.get(pk=second.pk).status == S.CONFIRMED
    assert "Your seat is confirmed" in response.content.decode()


def test_my_registrations_lists_own_and_opens_only_own(client):
    user, other = UserFactory(), UserFactory()
    event = event_make()
    mine = services.registration_create(actor=user, event=event)
    theirs = services.registration_create(actor=other, event=event)
    client.force_login(user)
    page = client.get(reverse("events:my-registrations"))
    assert event.title in page.content.decode()
    opened = client.get(reverse("events:my-registration-open", args=[mine.public_id]))
    assert opened["Location"] == services.registration_link(mine)
    assert (
        client.get(reverse("events:my-registration-open", args=[theirs.public_id])).status_code
        == 404
    )


def test_my_registrations_needs_a_login(client):
    response = client.get(reverse("events:my-registrations"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_organiser_sees_counts_of_needs_never_who(client, django_assert_max_num_queries):
    organiser = UserFactory(roles=["editor"], totp=True)
    event = event_make(asks_dietary=True, capacity=2)
    for name in ["Anna", "Bo"]:
        services.registration_create(actor=AnonymousUser(), event=event, name=name,
                                     email=f"{name}@example.dk", dietary=["vegan"], consent=True)  # fmt: skip
    for n in range(5):
        _guest(event, name=f"Vent{n}")
    client.force_login(organiser)
    url = reverse("events:registrations-manage", args=[event.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vegan" in body
    assert ">2<" in body
    assert "Vent4" in body  # the waiting list in order


def test_the_organiser_page_is_404_for_outsiders_and_for_other_organisations(client):
    event = event_make(organisation=OrganisationFactory(contact=UserFactory()))
    url = reverse("events:registrations-manage", args=[event.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(OrganisationFactory(contact=UserFactory()).memberships.first().user)
    assert client.get(url).status_code == 404


def test_an_organisations_contact_moves_with_a_reason(client):
    contact = UserFactory()
    event = event_make(capacity=1, organisation=OrganisationFactory(contact=contact))
    _guest(event)
    first, _ = _guest(event, name="Bo")
    second, _ = _guest(event, name="Carl")
    client.force_login(contact)
    url = reverse("events:waiting-move", args=[event.slug, second.public_id])
    prefix = str(second.public_id)
    empty = client.post(url, {f"{prefix}-move": "up", f"{prefix}-reason": ""})
    assert empty.status_code == 200
    assert Registration.objects.get(pk=second.pk).waiting_number == 2
    hostile = client.post(url, {f"{prefix}-move": "up", f"{prefix}-reason": "<b>x</b>"})
    assert hostile.status_code == 200
    response = client.post(
        url, {f"{prefix}-move": "up", f"{prefix}-reason": "Hjælper til"}, follow=True
    )
    assert Registration.objects.get(pk=second.pk).waiting_number == 1
    assert "Hjælper til" in response.content.decode()


def test_a_forged_move_is_404(client):
    organiser = UserFactory(roles=["editor"], totp=True)
    event, other = event_make(capacity=1), event_make(capacity=1)
    _guest(other)
    foreign, _ = _guest(other, name="Bo")
    client.force_login(organiser)
    url = reverse("events:waiting-move", args=[event.slug, foreign.public_id])
    assert client.post(url, {"x-move": "up", "x-reason": "Fordi"}).status_code == 404
    client.force_login(UserFactory())
    url = reverse("events:waiting-move", args=[other.slug, foreign.public_id])
    assert client.post(url, {}).status_code == 404
