import datetime

from django.urls import reverse

from socius.core.roles import Role
from socius.programme.models import Action
from socius.tests_support.factories import UserFactory

D1, D2 = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def test_it_shows_where_we_are_now_and_a_commitment(client, commitment):
    Action.objects.create(
        commitment=commitment, title="<script>x</script>", owner="Udbud", starts_on=D1, ends_on=D2
    )
    assert client.get(reverse("programme:home")).status_code == 200
    page = client.get(reverse("programme:municipality", args=["aarhus"]))
    assert "Sociale klausuler" in page.content.decode()
    detail = client.get(reverse("programme:commitment-detail", args=["aarhus", "klausuler"]))
    assert detail.status_code == 200
    assert "&lt;script&gt;" in detail.content.decode()


def test_an_outsider_is_denied_the_editing_pages(client, commitment):
    client.force_login(UserFactory())
    assert client.get(reverse("programme:admin-home")).status_code == 403
    response = client.post(
        reverse("programme:admin-link-add", args=[commitment.pk]), {"kind": "event", "key": "x"}
    )
    assert response.status_code == 403


def test_the_api_lists_the_programme(client, commitment):
    assert client.get("/api/programmes").json()[0]["municipality_code"] == "751"
    data = client.get("/api/programmes/751").json()
    assert data["commitments"][0]["title"] == "Sociale klausuler"
    assert client.get("/api/programmes/999").status_code == 404


def test_the_report_has_the_commitments_and_danish_letters(commitment):
    from socius.programme.services_report import report_generate

    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    report = report_generate(actor=admin, programme=commitment.programme, year=2026)
    assert "Sociale klausuler" in report.html
    assert bytes(report.pdf).startswith(b"%PDF")
    again = report_generate(actor=admin, programme=commitment.programme, year=2026)
    assert again.programme.reports.count() == 1
