"""The open-data JSON API of grants, through HTTP: which rounds it lists, that the allocation
is the report page's and the CSV's own rows and appears only once the decision is published,
that no person or internal note leaks, and hostile input."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socius.core.models import Organisation, Theme
from socius.grants import selectors, services
from socius.grants.models import Application
from socius.grants.tests.conftest import application_data, close_and_decide
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_NOTE = "Intern note: foreningens kasserer svarer sent."
STAFF_QUESTION = "Hvem står for indkøbene? Svar gerne i dag."
DRAFT_TITLE = "Hemmelig kladde om strikkeklub"
WITHDRAWN_TITLE = "Trukket tilbage: sommerlejr"
CPR_LIKE = "010203-1234"


def _apply(actor, round_, organisation, **overrides):
    app = services.application_create(
        actor=actor, round_=round_, organisation=organisation, **application_data(**overrides)
    )
    services.application_submit(actor=actor, app=app)
    return app


def _review(case_handler, reviewers, app, score):
    for reviewer in reviewers:
        assignment = services.review_assign(actor=case_handler, app=app, reviewer=reviewer)
        services.review_submit(
            actor=reviewer,
            assignment=assignment,
            scores={c.key: score for c in app.round.criteria.all()},
            comment=STAFF_NOTE,
        )


@pytest.fixture
def applicant(db):
    return UserFactory(email="ansoeger@example.dk", name="Karen Ansøgersen")


@pytest.fixture
def decided_round(open_round, case_handler, reviewers, applicant):
    """A decided round: three decided applications, plus a draft and a withdrawn one."""
    organisations = [
        OrganisationFactory(name="Spisefællesskabet Gellerup", contact=applicant),
        OrganisationFactory(
            name="Lektiecaféen i Hasle",
            contact=applicant,
            kind=Organisation.Kind.SOCIAL_ECONOMY,
            cvr="12345674",
        ),
        OrganisationFactory(name="Strikkeklubben", contact=applicant),
    ]
    apps = [
        _apply(applicant, open_round, organisations[0]),
        _apply(
            applicant,
            open_round,
            organisations[1],
            title="Lektiecafé",
            theme=Theme.objects.get(slug="boern-og-unge"),
            amount_requested=Decimal("45000.50"),
            minimum_amount=Decimal(30_000),
            budget_items=[{"activity": "Frugt og lektiehjælp", "amount": "45000.50"}],
        ),
        _apply(applicant, open_round, organisations[2], title="Strik og snak"),
    ]
    _review(case_handler, reviewers, apps[0], 4)
    _review(case_handler, reviewers, apps[1], 5)
    _review(case_handler, reviewers, apps[2], 1)  # below the round's score floor
    services.message_send(actor=case_handler, app=apps[0], body=STAFF_QUESTION)
    services.application_create(
        actor=applicant,
        round_=open_round,
        organisation=organisations[2],
        **application_data(title=DRAFT_TITLE, target_group=CPR_LIKE),
    )
    withdrawn = _apply(applicant, open_round, organisations[2], title=WITHDRAWN_TITLE)
    services.application_withdraw(actor=applicant, app=withdrawn)
    close_and_decide(open_round, case_handler)
    open_round.refresh_from_db()
    return open_round


@pytest.fixture
def draft_round(pool, case_handler):
    now = timezone.now()
    return services.round_create(
        actor=case_handler,
        pool=pool,
        name="Kladde til næste år",
        opens_at=now + datetime.timedelta(days=100),
        closes_at=now + datetime.timedelta(days=130),
        budget=Decimal(50_000),
    )


def test_the_openapi_document_lists_the_grant_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/tilskud", "/api/tilskud/{slug}", "/api/tilskud/{slug}/fordeling"} <= set(paths)


def test_the_list_shows_exactly_the_public_rounds(
    client, open_round, draft_round, case_handler, pool
):
    theme = Theme.objects.get(slug="aeldre")
    services.theme_minimum_set(
        actor=case_handler, round_=draft_round, theme=theme, share=Decimal("0.3")
    )
    data = client.get("/api/tilskud").json()
    assert data["count"] == 1
    assert [r["slug"] for r in data["items"]] == [r.slug for r in selectors.round_list_public()]
    (item,) = data["items"]
    assert item == {
        "slug": open_round.slug,
        "title": "§ 18-midler 2027",
        "pool": {"name": "§ 18-midler", "slug": "paragraf-18", "legal_basis": "Serviceloven § 18"},
        "budget": "100000.00",
        "opens_at": item["opens_at"],
        "closes_at": item["closes_at"],
        "state": "open",
        "themes": [],
        "report_published": False,
        "url": f"/tilskud/{open_round.slug}/",
        "report_url": None,
    }
    # JSON times carry milliseconds.
    for key in ("opens_at", "closes_at"):
        shown = datetime.datetime.fromisoformat(item[key])
        assert abs(shown - getattr(open_round, key)) < datetime.timedelta(milliseconds=1)
    assert draft_round.slug not in client.get("/api/tilskud").text
    assert draft_round.name not in client.get("/tilskud/").text  # as on the page


def test_the_list_is_paginated(client, pool, case_handler, open_round, draft_round):
    now = timezone.now()
    for i in range(3):
        round_ = services.round_create(
            actor=case_handler,
            pool=pool,
            name=f"Ekstra runde {i}",
            opens_at=now - datetime.timedelta(days=10 + i),
            closes_at=now + datetime.timedelta(days=10),
            budget=Decimal(10_000),
        )
        services.round_open(actor=case_handler, round_=round_)
    everything = client.get("/api/tilskud").json()
    assert everything["count"] == 4
    page = client.get("/api/tilskud", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 4
    assert [r["slug"] for r in page["items"]] == [r["slug"] for r in everything["items"][1:3]]
    past = client.get("/api/tilskud", {"offset": 100})
    assert past.status_code == 200
    assert past.json() == {"items": [], "count": 4}


def test_a_round_with_its_criteria_weights_and_minimum_shares(
    client, pool, case_handler, draft_round
):
    theme = Theme.objects.get(slug="aeldre")
    services.theme_minimum_set(
        actor=case_handler, round_=draft_round, theme=theme, share=Decimal("0.25")
    )
    assert client.get(f"/api/tilskud/{draft_round.slug}").status_code == 404
    type(draft_round).objects.filter(pk=draft_round.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=1)
    )
    draft_round.refresh_from_db()
    services.round_open(actor=case_handler, round_=draft_round)

    response = client.get(f"/api/tilskud/{draft_round.slug}")
    assert response.status_code == 200
    data = response.json()
    page = client.get(f"/tilskud/{draft_round.slug}/").text
    criteria = list(draft_round.criteria.all())
    assert [c["key"] for c in data["criteria"]] == [c.key for c in criteria]
    for out, criterion in zip(data["criteria"], criteria, strict=True):
        assert out["name"] == criterion.name
        assert Decimal(out["weight"]) == criterion.weight
        assert out["score_5_means"] == criterion.anchors[-1]
        assert criterion.name in page
    assert sum(Decimal(c["weight"]) for c in data["criteria"]) == 1
    assert data["theme_minimums"] == [
        {"theme": "aeldre", "theme_title": theme.title, "share": "0.2500"}
    ]
    assert data["themes"] == ["aeldre"]
    assert (data["score_min"], data["score_max"]) == (0, 5)
    assert data["pool"]["legal_basis"] == "Serviceloven § 18"
    assert data["pool"]["description"] == pool.description
    assert data["report_published"] is False
    assert client.get(f"/api/tilskud/{draft_round.slug}/fordeling").status_code == 404


def test_the_allocation_is_404_until_the_decision_like_the_page(
    client, open_round, draft_round, applicant
):
    _apply(applicant, open_round, OrganisationFactory(contact=applicant))
    for round_ in (open_round, draft_round):
        assert client.get(f"/tilskud/{round_.slug}/fordeling/").status_code == 404
        assert client.get(f"/api/tilskud/{round_.slug}/fordeling").status_code == 404
    assert client.get(f"/api/tilskud/{draft_round.slug}").status_code == 404
    assert client.get(f"/api/tilskud/{open_round.slug}").status_code == 200


def _csv_rows(client, round_):
    text = client.get(f"/tilskud/{round_.slug}/fordeling.csv").content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_allocation_is_the_reports_rows(client, decided_round):
    response = client.get(f"/api/tilskud/{decided_round.slug}/fordeling")
    assert response.status_code == 200
    data = response.json()
    csv_rows = _csv_rows(client, decided_round)
    assert len(data["rows"]) == len(csv_rows) == 3
    for row, line in zip(data["rows"], csv_rows, strict=True):
        assert row["organisation"] == line["organisation"]
        assert row["cvr"] == line["cvr"]
        assert row["title"] == line["aktivitet"]
        assert row["theme_title"] == line["tema"]
        assert Decimal(row["requested"]) == Decimal(line["ansoegt_kr"])
        assert Decimal(row["granted"]) == Decimal(line["bevilget_kr"])
        assert (row["score"] or "") == line["score"]
    # The same rows as the selector behind the page, in its order.
    expected = selectors.round_report(decided_round)
    assert [r["organisation"] for r in data["rows"]] == [r["organisation"] for r in expected]
    assert [Decimal(r["granted"]) for r in data["rows"]] == [r["granted"] for r in expected]
    page = client.get(f"/tilskud/{decided_round.slug}/fordeling/").text
    for row in data["rows"]:
        assert row["organisation"] in page
        assert row["title"] in page
    by_org = {r["organisation"]: r for r in data["rows"]}
    lektie = by_org["Lektiecaféen i Hasle"]
    assert lektie == {
        "organisation": "Lektiecaféen i Hasle",
        "cvr": "12345674",
        "title": "Lektiecafé",
        "theme": "boern-og-unge",
        "theme_title": Theme.objects.get(slug="boern-og-unge").title,
        "requested": "45000.50",
        "granted": lektie["granted"],
        "score": "5.00",
    }
    assert Decimal(lektie["granted"]) > 0
    assert by_org["Strikkeklubben"]["granted"] == "0.00"
    assert by_org["Strikkeklubben"]["score"] == "1.00"
    assert Decimal(data["granted_total"]) == sum(r["granted"] for r in expected)
    assert data["budget"] == "100000.00"
    assert data["decision_body"] == "Socialudvalget"
    assert data["decided_at"] == "2027-06-01"
    assert data["url"] == f"/tilskud/{decided_round.slug}/fordeling/"
    assert data["csv_url"] == f"/tilskud/{decided_round.slug}/fordeling.csv"

    listed = client.get("/api/tilskud").json()["items"][0]
    assert listed["report_published"] is True
    assert listed["report_url"] == data["url"]
    assert listed["state"] == "decided"


def test_no_person_note_or_unpublished_application_anywhere(
    client, decided_round, applicant, reviewers, case_handler
):
    texts = [
        client.get(url).text
        for url in (
            "/api/tilskud",
            f"/api/tilskud/{decided_round.slug}",
            f"/api/tilskud/{decided_round.slug}/fordeling",
        )
    ]
    people = [applicant, case_handler, *reviewers]
    app = Application.objects.filter(round=decided_round).first()
    assert app is not None
    forbidden = [
        STAFF_NOTE,
        STAFF_QUESTION,
        DRAFT_TITLE,
        WITHDRAWN_TITLE,
        CPR_LIKE,
        str(app.public_id),
        app.summary,
        app.target_group,
        "Råvarer",
        "@example.dk",
        *(p.email for p in people),
        *(p.name for p in people),
    ]
    for text in texts:
        for value in forbidden:
            assert value not in text, value
        assert '"email"' not in text
        assert "reviewer" not in text
        assert "per_criterion" not in text


@pytest.mark.parametrize(
    "slug",
    [
        "findes-ikke",
        "x" * 221,
        "x" * 5000,
        "<script>alert(1)<%2Fscript>",
        "%3Cb%3Efed%3C%2Fb%3E",
        "'%20OR%20'1'%3D'1",
        "a%00b",
        "%FF%FE",
        "%C3%A6ble",
    ],
)
@pytest.mark.parametrize("suffix", ["", "/fordeling"])
def test_unknown_or_hostile_slugs_are_404(client, open_round, slug, suffix):
    assert client.get(f"/api/tilskud/{slug}{suffix}").status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_rows(
    client, decided_round, pool, case_handler, reviewers, applicant, django_assert_max_num_queries
):
    urls = ("/api/tilskud", f"/api/tilskud/{decided_round.slug}")
    before = [_count(client, url) for url in urls]
    report_before = _count(client, f"/api/tilskud/{decided_round.slug}/fordeling")

    now = timezone.now()
    bigger = services.round_create(
        actor=case_handler,
        pool=pool,
        name="Stor runde",
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=10),
        budget=Decimal(500_000),
    )
    for theme in Theme.objects.all()[:3]:
        services.theme_minimum_set(
            actor=case_handler, round_=bigger, theme=theme, share=Decimal("0.1")
        )
    services.round_open(actor=case_handler, round_=bigger)
    for i in range(8):
        app = _apply(
            applicant, bigger, OrganisationFactory(contact=applicant), title=f"Aktivitet {i}"
        )
        _review(case_handler, reviewers, app, 3 + i % 3)
    close_and_decide(bigger, case_handler)

    assert [_count(client, url) for url in urls] == before
    assert _count(client, f"/api/tilskud/{bigger.slug}") == before[1]
    assert _count(client, f"/api/tilskud/{bigger.slug}/fordeling") == report_before
    with django_assert_max_num_queries(3):
        client.get("/api/tilskud")
    with django_assert_max_num_queries(3):
        client.get(f"/api/tilskud/{bigger.slug}")
    with django_assert_max_num_queries(report_before):
        client.get(f"/api/tilskud/{bigger.slug}/fordeling")
