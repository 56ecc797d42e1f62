import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from socius.core.models import Theme
from socius.grants import services
from socius.grants.models import Application
from socius.grants.tests.conftest import application_data, close_and_decide
from socius.grants.workflows import ApplicationState
from socius.tests_support.csv_rule import csv_rows_checked
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form(association, **overrides):
    data = {
        "organisation": association.pk,
        "title": "Lektiecafé",
        "summary": "Frivillige hjælper børn med lektier to gange om ugen.",
        "theme": Theme.objects.get(slug="boern-og-unge").pk,
        "target_group": "Børn i 4.-7. klasse",
        "participants": "30",
        "volunteers": "8",
        "board_unpaid": "on",
        "amount_requested": "12.500,00 kr.",
        "minimum_amount": "8.000",
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "30",
        "budget-0-activity": "Frugt og saft",
        "budget-0-amount": "2.500",
        "budget-1-activity": "Materialer",
        "budget-1-amount": "10.000,00",
    }
    data.update(overrides)
    return data


def test_the_public_sees_open_rounds_and_their_criteria(client, open_round):
    response = client.get("/tilskud/")
    assert open_round.name in response.text
    response = client.get(open_round.get_absolute_url())
    assert response.status_code == 200
    assert "25 %" in response.text


def test_a_contact_applies_with_danish_amounts(client, citizen, association, open_round):
    client.force_login(citizen)
    response = client.post(f"/tilskud/{open_round.slug}/ansoeg/", _form(association))
    app = Application.objects.get()
    assert response.status_code == 302
    assert app.amount_requested == Decimal("12500.00")
    assert app.budget_items[1] == {"activity": "Materialer", "amount": "10000.00"}
    response = client.post(f"/tilskud/ansoegning/{app.public_id}/indsend/", follow=True)
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_requested", "-5"),
        ("amount_requested", "1,500.50"),
        ("amount_requested", "mange penge"),
        ("minimum_amount", "99.999.999.999"),
    ],
)
def test_bad_amounts_get_a_clear_error_and_nothing_is_saved(
    client, citizen, association, open_round, field, value
):
    client.force_login(citizen)
    response = client.post(
        f"/tilskud/{open_round.slug}/ansoeg/", _form(association, **{field: value})
    )
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert 'value="Lektiecafé"' in response.text  # what was typed is kept
    assert not Application.objects.exists()


def test_markup_is_escaped(client, citizen, association, open_round):
    client.force_login(citizen)
    client.post(
        f"/tilskud/{open_round.slug}/ansoeg/", _form(association, title="<script>alert(1)</script>")
    )
    app = Application.objects.get()
    response = client.get(app.get_absolute_url())
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_outsiders_cannot_see_or_change_an_application(
    client, citizen, association, open_round, outsider
):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    client.force_login(outsider)
    for url in [app.get_absolute_url(), f"/tilskud/ansoegning/{app.public_id}/rediger/"]:
        assert client.get(url).status_code == 404
    assert client.post(f"/tilskud/ansoegning/{app.public_id}/traek-tilbage/").status_code == 404
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT


@pytest.mark.parametrize("who", ["citizen", "outsider"])
def test_staff_pages_are_for_staff(client, request, who, open_round):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/tilskud/administration/").status_code == 403
    assert client.get(f"/tilskud/administration/{open_round.slug}/").status_code == 404
    assert (
        client.post(f"/tilskud/administration/{open_round.slug}/handling/close/").status_code == 404
    )
    assert client.get("/tilskud/bedoemmelser/").status_code == 403


def test_staff_create_a_round_with_danish_amounts(client, case_handler, pool):
    client.force_login(case_handler)
    response = client.post(
        "/tilskud/administration/ny/runde/",
        {
            "pool": pool.pk,
            "name": "Puljen 2028",
            "opens_at": "2028-01-01T08:00",
            "closes_at": "2027-12-01T08:00",
            "budget": "500.000 kr.",
            "score_floor": "1.5",
            "aggregation": "median",
            "dispute_threshold": "1",
        },
    )
    assert response.status_code == 200
    assert "form-error-message" in response.text  # closes before it opens
    response = client.post(
        "/tilskud/administration/ny/runde/",
        {
            "pool": pool.pk,
            "name": "Puljen 2028",
            "opens_at": "2028-01-01T08:00",
            "closes_at": "2028-03-01T12:00",
            "budget": "500.000 kr.",
            "score_floor": "1.5",
            "aggregation": "trimmed",
            "dispute_threshold": "1",
        },
    )
    assert response.status_code == 302
    round_ = pool.rounds.get(name="Puljen 2028")
    assert round_.budget == Decimal(500_000)
    assert round_.report_deadline == datetime.date(2029, 4, 1)


def test_a_reviewer_only_sees_their_own_reviews(
    client, citizen, association, open_round, case_handler, reviewers
):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    services.application_submit(actor=citizen, app=app)
    assignment = services.review_assign(actor=case_handler, app=app, reviewer=reviewers[0])
    client.force_login(reviewers[1])
    assert client.get(f"/tilskud/bedoemmelser/{assignment.pk}/").status_code == 404
    client.force_login(reviewers[0])
    response = client.get(f"/tilskud/bedoemmelser/{assignment.pk}/")
    assert response.status_code == 200
    data = {f"c_{c.key}": "3" for c in open_round.criteria.all()}
    data["c_lasting-communities"] = "9"
    response = client.post(f"/tilskud/bedoemmelser/{assignment.pk}/", data)
    assert response.status_code == 200  # 9 is not a choice
    data["c_lasting-communities"] = "na"
    response = client.post(f"/tilskud/bedoemmelser/{assignment.pk}/", data)
    assert response.status_code == 302


def test_the_public_report_and_its_csv_after_the_decision(
    client, citizen, open_round, case_handler, reviewers
):
    org = OrganisationFactory(name='=HYPERLINK("http://evil")', contact=citizen)
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=org, **application_data()
    )
    services.application_submit(actor=citizen, app=app)
    for reviewer in reviewers:
        assignment = services.review_assign(actor=case_handler, app=app, reviewer=reviewer)
        services.review_submit(
            actor=reviewer,
            assignment=assignment,
            scores={c.key: 4 for c in open_round.criteria.all()},
        )
    assert (
        client.get(f"/tilskud/{open_round.slug}/fordeling/").status_code == 404
    )  # not decided yet
    close_and_decide(open_round, case_handler)

    page = client.get(f"/tilskud/{open_round.slug}/fordeling/")
    assert page.status_code == 200
    assert "30.000" in page.text
    csv_text = client.get(f"/tilskud/{open_round.slug}/fordeling.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    rows = csv_rows_checked(client.get(f"/tilskud/{open_round.slug}/fordeling.csv"))
    assert rows[0][:2] == ["organisation", "cvr"]

    client.force_login(citizen)
    letter = client.get(f"/tilskud/ansoegning/{app.public_id}/afgoerelse.pdf")
    assert letter.status_code == 200
    assert letter.content.startswith(b"%PDF")
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/tilskud/ansoegning/{app.public_id}/afgoerelse.pdf").status_code == 404


def test_staff_add_and_remove_questions_while_the_round_is_prepared(
    client, case_handler, pool, citizen, association
):
    now = timezone.now()
    round_ = services.round_create(
        actor=case_handler,
        pool=pool,
        name="Med spørgsmål",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=5),
        budget=Decimal(50_000),
    )
    client.force_login(case_handler)
    url = f"/tilskud/administration/{round_.slug}/spoergsmaal/"
    client.post(
        url,
        {
            "label": "Hvordan når I ensomme borgere?",
            "help_text": "",
            "kind": "textarea",
            "required": "on",
            "position": "1",
        },
    )
    client.post(
        url, {"label": "<b>x</b>" * 200, "kind": "textarea", "position": "2"}
    )  # too long: refused
    assert list(round_.form_fields.values_list("label", flat=True)) == [
        "Hvordan når I ensomme borgere?"
    ]
    services.round_open(actor=case_handler, round_=round_)

    # The question appears on the form, and a required answer is checked on submission.
    client.force_login(citizen)
    response = client.post(f"/tilskud/{round_.slug}/ansoeg/", _form(association))
    assert response.status_code == 200  # the required question was not answered
    key = round_.form_fields.get().key
    response = client.post(
        f"/tilskud/{round_.slug}/ansoeg/", _form(association, **{f"q_{key}": "Vi ringer til dem."})
    )
    assert response.status_code == 302
    app = Application.objects.get(round=round_)
    assert app.answers[key] == "Vi ringer til dem."
    client.post(f"/tilskud/ansoegning/{app.public_id}/indsend/")
    app.refresh_from_db()
    assert app.form_snapshot[0]["label"] == "Hvordan når I ensomme borgere?"

    client.force_login(case_handler)
    field = round_.form_fields.get()
    client.post(f"/tilskud/administration/{round_.slug}/spoergsmaal/{field.pk}/slet/")
    assert round_.form_fields.exists()  # frozen once the round is open


def test_staff_create_a_fund(client, case_handler):
    client.force_login(case_handler)
    response = client.post(
        "/tilskud/administration/ny/pulje/",
        {
            "pool-name": "Fællesskabspuljen",
            "pool-legal_basis": "Serviceloven § 18",
            "pool-gates": ["budget", "unpaid_board"],
            "pool-target_groups": "Ældre\n\nUnge",
        },
    )
    assert response.status_code == 302
    from socius.grants.models import Pool

    pool = Pool.objects.get(name="Fællesskabspuljen")
    assert pool.slug == "faellesskabspuljen"
    assert pool.gates == ["budget", "unpaid_board"]
    assert pool.target_groups == ["Ældre", "Unge"]
    response = client.post(
        "/tilskud/administration/ny/pulje/", {"pool-name": "", "pool-gates": ["nonsense"]}
    )
    assert response.status_code == 200
    assert Pool.objects.count() == 1


def test_a_reviewers_export_holds_their_reviews_and_conflicts(
    client, citizen, association, open_round, case_handler, reviewers
):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    services.application_submit(actor=citizen, app=app)
    assignment = services.review_assign(actor=case_handler, app=app, reviewer=reviewers[0])
    services.review_submit(
        actor=reviewers[0],
        assignment=assignment,
        scores={c.key: 3 for c in open_round.criteria.all()},
        comment="Godt",
    )
    services.conflict_declare(
        actor=reviewers[0], organisation=OrganisationFactory(), reason="Min søster er formand."
    )
    client.force_login(reviewers[0])
    data = client.get("/profil/mine-data/").json()
    assert data["grants"]["reviews"][0]["comment"] == "Godt"
    assert data["grants"]["conflicts_of_interest"][0]["reason"] == "Min søster er formand."


def test_staff_set_minimum_shares_per_theme_and_they_are_bounded(client, case_handler, pool):
    now = timezone.now()
    round_ = services.round_create(
        actor=case_handler,
        pool=pool,
        name="Med temaer",
        opens_at=now,
        closes_at=now + datetime.timedelta(days=5),
        budget=Decimal(50_000),
    )
    client.force_login(case_handler)
    url = f"/tilskud/administration/{round_.slug}/temaandel/"
    children = Theme.objects.get(slug="boern-og-unge")
    elderly = Theme.objects.get(slug="aeldre")
    client.post(url, {"theme": children.pk, "share_percent": "60"})
    response = client.post(url, {"theme": elderly.pk, "share_percent": "50"}, follow=True)
    assert "mere end 100" in response.text
    client.post(url, {"theme": elderly.pk, "share_percent": "abc"})
    assert {m.theme.slug: m.share for m in round_.theme_minimums.all()} == {
        "boern-og-unge": Decimal("0.6")
    }
    client.post(url, {"theme": children.pk, "share_percent": "0"})
    assert not round_.theme_minimums.exists()


def test_the_staff_round_page_keeps_its_query_count(
    client, case_handler, open_round, reviewers, django_assert_max_num_queries
):
    for i in range(8):
        contact = UserFactory()
        org = OrganisationFactory(contact=contact)
        app = services.application_create(
            actor=contact,
            round_=open_round,
            organisation=org,
            **application_data(title=f"Aktivitet {i}"),
        )
        services.application_submit(actor=contact, app=app)
        assignment = services.review_assign(actor=case_handler, app=app, reviewer=reviewers[0])
        services.review_submit(
            actor=reviewers[0],
            assignment=assignment,
            scores={c.key: 3 for c in open_round.criteria.all()},
        )
    client.force_login(case_handler)
    with django_assert_max_num_queries(20):
        response = client.get(f"/tilskud/administration/{open_round.slug}/")
    assert response.status_code == 200
    assert response.text.count("Aktivitet ") == 8
