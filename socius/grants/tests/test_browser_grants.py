"""The whole grant journey in a real browser, with axe-core on every page it visits, at a
desktop's and a phone's width."""

import datetime

import pytest
from django.utils import timezone

from socius.grants.models import Application, Round
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _session(open_browser, base, user, *, mfa=False):
    """A browser of the person's own, logged in."""
    b: BrowserPage = open_browser()
    if user is not None:
        log_in(b, base, user, mfa=mfa)
    return b


def test_a_round_from_opening_to_the_public_report(
    live_server, open_browser, pool, case_handler, reviewers, citizen, association
):
    base = live_server.url
    local = timezone.localtime()

    # Staff create and open a round.
    staff = _session(open_browser, base, case_handler, mfa=True)
    b, page = staff, staff.page
    b.visit(base + "/tilskud/administration/")
    page.locator("#id_pool").select_option(str(pool.pk))
    page.locator("#id_name").fill("§ 18-midler 2027")
    page.locator("#id_opens_at").fill(
        (local - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.locator("#id_closes_at").fill(
        (local + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    )
    page.locator("#id_budget").fill("100.000 kr.")
    page.get_by_role("button", name="Opret runden").click()
    b.check("§ 18-midler 2027", shows=page.get_by_text("Runden er oprettet."))
    page.get_by_role("button", name="Åbn runden").click()
    b.check(shows=page.get_by_role("button", name="Luk runden"))
    round_ = Round.objects.get(name="§ 18-midler 2027")
    assert round_.state == "open"

    # An association applies.
    applicant = _session(open_browser, base, citizen)
    b, page = applicant, applicant.page
    b.visit(base + "/tilskud/")
    page.get_by_role("link", name="§ 18-midler 2027").click()
    b.check("§ 18-midler 2027")
    page.get_by_role("link", name="Søg om tilskud").click()
    b.check("Søg om tilskud")
    page.locator("#id_title").fill("Fællesspisning for ensomme ældre")
    page.locator("#id_summary").fill("Frivillige laver mad hver torsdag med ældre, der bor alene.")
    page.locator("#id_theme").select_option(label="Ældre")
    page.locator("#id_target_group").fill("Ældre, der bor alene")
    page.locator("#id_participants").fill("40")
    page.locator("#id_volunteers").fill("12")
    page.locator("#id_board_unpaid").check()
    page.locator("#id_amount_requested").fill("30.000")
    page.locator("#id_minimum_amount").fill("20.000")
    page.locator("#id_budget-0-activity").fill("Råvarer")
    page.locator("#id_budget-0-amount").fill("30.000,00")
    page.get_by_role("button", name="Gem kladde").click()
    b.check("Fællesspisning for ensomme ældre", shows=page.get_by_text("Kladden er gemt."))
    page.get_by_role("button", name="Send ansøgningen").click()
    b.check(shows=page.get_by_text("Ansøgningen er sendt."))
    app = Application.objects.get()
    assert app.state == "submitted"

    # Staff assign two reviewers.
    b, page = staff, staff.page
    for reviewer in reviewers:
        b.visit(base + f"/tilskud/administration/ansoegning/{app.public_id}/")
        page.locator("#id_reviewer").fill(reviewer.email)
        page.get_by_role("button", name="Tildel bedømmeren").click()
        b.check(shows=page.get_by_role("status").get_by_text("Gemt."))
    assert set(app.reviews.values_list("reviewer__email", flat=True)) == {
        r.email for r in reviewers
    }

    # Two reviewers score; one marks a criterion not applicable.
    for index, reviewer in enumerate(reviewers):
        b = _session(open_browser, base, reviewer, mfa=True)
        page = b.page
        b.visit(base + "/tilskud/bedoemmelser/")
        page.get_by_role("link", name="Fællesspisning for ensomme ældre").click()
        b.check("Fællesspisning for ensomme ældre")
        for criterion in round_.criteria.all():
            value = (
                "Ikke relevant" if index == 1 and criterion.key == "municipal-cooperation" else "4:"
            )
            group = page.get_by_role("group", name=criterion.name)
            group.get_by_label(value, exact=False).first.check()
        page.get_by_role("button", name="Gem bedømmelsen").click()
        b.check("Dine bedømmelser", shows=page.get_by_text("Din bedømmelse er gemt."))

    # The deadline passes; staff close, allocate and record the committee's decision.
    Round.objects.filter(pk=round_.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    b, page = staff, staff.page
    b.visit(base + f"/tilskud/administration/{round_.slug}/")
    page.get_by_role("button", name="Luk runden").click()
    b.check(shows=page.get_by_role("button", name="Foreslå beløb"))
    page.get_by_role("button", name="Foreslå beløb").click()
    decide = page.get_by_role("button", name="Registrér udvalgets afgørelse om dette forslag")
    b.check(shows=decide)
    page.locator("#id_body").fill("Socialudvalget")
    page.locator("#id_decided_on").fill("2027-06-01")
    decide.click()
    b.check(shows=page.get_by_text("Afgørelsen er registreret, og brevene er sendt."))
    app.refresh_from_db()
    assert app.state == "granted"

    # The applicant reads the decision and the letter.
    b, page = applicant, applicant.page
    b.visit(base + app.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent afgørelsesbrevet (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # Anyone can see who got what.
    b = _session(open_browser, base, None)
    page = b.page
    b.visit(base + f"/tilskud/{round_.slug}/fordeling/")
    assert association.name in page.content()
