"""The whole journey of a citizen proposal in a real browser, with axe on every page:
draft → co-proposers → review → published → citizens sign through the OpenID Connect
provider → threshold → council item and decision → closed. At a phone's width (axe at a
desktop's too)."""

import re

import pytest

from socius.core.roles import Role
from socius.council.tests.items_support import council_make, meeting_make
from socius.proposals.models import MunicipalitySettings, Proposal
from socius.proposals.tests.oidc_provider import OidcProvider
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _session(open_browser, base, user, *, mfa=False):
    b: BrowserPage = open_browser()
    log_in(b, base, user, mfa=mfa)
    return b


@pytest.fixture
def live_oidc(live_server, settings):
    provider = OidcProvider([live_server.url + "/borgerforslag/oidc/callback/"])
    provider.configure(settings)
    yield provider
    provider.stop()


def _sign(open_browser, base, proposal, provider, sub, *, check_receipt=False):
    b: BrowserPage = open_browser()
    page = b.page
    b.visit(base + proposal.get_absolute_url())
    page.get_by_role("link", name="Skriv under på forslaget").click()
    b.check("Skriv under på forslaget")
    seen = len(b.console_errors)
    page.get_by_role("link", name="Skriv under med MitID").click()
    # The provider's own login page (not ours): the citizen chooses who they are.
    page.wait_for_url(re.compile(re.escape(provider.issuer) + ".*"))
    page.locator("#login").fill(sub)
    page.locator("#birthdate").fill("1990-06-01")
    page.locator("#municipality_code").fill("751")
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(".*/skriv-under/"))
    del b.console_errors[seen:]
    b.check("Skriv under på forslaget", shows=page.get_by_role("button", name="Skriv under nu"))
    page.get_by_role("button", name="Skriv under nu").click()
    b.check(shows=page.get_by_text("Tak. Din underskrift er talt med."))
    if check_receipt:
        # The receipt is posted, never put in a URL; no count is published yet.
        receipt = page.locator("#receipt").inner_text()
        page.get_by_role("button", name="Tjek kvitteringen").click()
        b.check("Tjek din kvittering", shows=page.get_by_text("ikke med i nogen offentlig"))
        assert receipt not in page.url
    b.page.context.close()


@pytest.mark.width(390)
def test_a_proposal_from_draft_to_the_council_decision(
    live_server, open_browser, live_oidc, mailbox, settings
):
    base = live_server.url
    settings.SITE_URL = base  # links in mails are built from SITE_URL
    rules, _created = MunicipalitySettings.objects.get_or_create(municipality_id=_aarhus_id())
    rules.threshold, rules.coproposers_required = 2, 3
    rules.secretariat_email = "byraad@aarhus.example.dk"
    rules.save()
    proposer = UserFactory(roles=[Role.CITIZEN])
    helpers = [UserFactory(roles=[Role.CITIZEN], email=f"med{i}@example.dk") for i in range(3)]
    case_handler = UserFactory(roles=[Role.CASE_HANDLER], totp=True)

    # The proposer writes a draft.
    b = _session(open_browser, base, proposer)
    page = b.page
    b.visit(base + "/borgerforslag/")
    page.get_by_role("link", name="Skriv et forslag").click()
    b.check("Skriv et forslag")
    page.locator("#id_municipality").select_option(label="Aarhus")
    page.locator("#id_title").fill("Flere bænke i Riis Skov")
    page.locator("#id_text").fill("Byrådet skal sætte 20 nye bænke op i Riis Skov i 2027.")
    # The writing help follows the typing: counts at once, then LIX and warnings.
    page.locator("#id_remarks").press_sequentially("Ring 12 34 56 78.")
    assert page.locator('[data-count="title"]').inner_text() == "23"
    b.check(shows=page.get_by_text("telefonnummer"))
    page.locator("#id_remarks").fill("")
    page.get_by_role("button", name="Gem kladde").click()
    b.check("Flere bænke i Riis Skov", shows=page.get_by_text("Din kladde er gemt."))
    proposal = Proposal.objects.get()

    # ... and invites three co-proposers, who confirm by their links.
    page.get_by_role("link", name="Invitér medforslagsstillere").click()
    b.check("Invitér medforslagsstillere")
    page.locator("#id_emails").fill("\n".join(h.email for h in helpers))
    page.get_by_role("button", name="Send invitationerne").click()
    b.check(shows=page.get_by_text("Invitationerne er sendt."))
    links = {
        m["To"]: re.search(r"http://\S+/medforslagsstiller/\S+/", mailbox.body_of(m)).group(0)
        for m in mailbox.messages
        if "/medforslagsstiller/" in mailbox.body_of(m)
    }
    for helper in helpers:
        hb = _session(open_browser, base, helper)
        hb.visit(links[helper.email])
        hb.page.get_by_role("button", name="Ja, jeg står bag forslaget").click()
        hb.check(shows=hb.page.get_by_text("Tak. Du er nu medforslagsstiller."))
        hb.page.context.close()
    b.visit(base + proposal.get_absolute_url())
    page.get_by_role("button", name="Send forslaget til vurdering").click()
    b.check(shows=page.get_by_text("Forslaget er sendt. En medarbejder ser det igennem."))

    # Staff review and publish.
    staff = _session(open_browser, base, case_handler, mfa=True)
    staff.visit(base + "/borgerforslag/administration/")
    staff.page.get_by_role("link", name="Flere bænke i Riis Skov").click()
    staff.check("Flere bænke i Riis Skov")
    staff.page.get_by_role("button", name="Godkend og offentliggør").click()
    staff.check(shows=staff.page.get_by_text("Forslaget er offentligt og åbent for underskrifter."))

    # Two citizens sign through the OpenID Connect provider: the threshold is reached.
    for sub in ("borger-a", "borger-b"):
        _sign(open_browser, base, proposal, live_oidc, sub, check_receipt=sub == "borger-a")
    proposal.refresh_from_db()
    assert proposal.state == "threshold"
    assert any("byraad@aarhus.example.dk" in m["To"] for m in mailbox.messages)

    # The council secretariat handles it as a council item (socius.council): the staff page
    # links to it; the proposal follows the item to the council and closes with its decision.
    council = council_make()
    meeting_make(council, case_handler, days=-2)
    staff.visit(base + f"/borgerforslag/administration/{proposal.public_id}/")
    staff.page.locator('main a[href*="/byraad/sekretariat/kilde/proposal/"]').click()
    staff.check(shows=staff.page.locator("#id_source_key"))
    staff.page.locator("main form[method=post] button[type=submit]").click()
    staff.check("Flere bænke i Riis Skov", shows=staff.page.locator("#id_meeting"))
    staff.page.locator("#id_meeting").select_option(index=1)
    staff.page.locator('main form[action$="/schedule/"] button[type=submit]').click()
    staff.check(shows=staff.page.locator("#id_decision"))
    proposal.refresh_from_db()
    assert proposal.state == "council"
    staff.page.locator("#id_decision").select_option("adopted")
    staff.page.locator("#id_text").fill("Byrådet vedtog forslaget enstemmigt.")
    staff.page.locator("#id_decision_url").fill("https://aarhus.dk/referat/1")
    staff.page.locator('main form[action$="/decide/"] button[type=submit]').click()
    staff.check(shows=staff.page.locator("main form[action$='/follow-up/']"))
    proposal.refresh_from_db()
    assert proposal.state == "closed"

    # The public page shows the decision and timeline; in Danish and in English.
    visitor = open_browser()
    visitor.visit(base + proposal.get_absolute_url())
    assert "Vedtaget" in visitor.page.content()
    visitor.visit(base + f"/borgerforslag/{proposal.public_id}/optaelling/")
    visitor.visit(base + "/borgerforslag/kvittering/")
    english = open_browser()
    english.page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    english.visit(base + proposal.get_absolute_url())
    assert "The council's decision" in english.page.content()


def _aarhus_id():
    from socius.core.models import Municipality

    return Municipality.objects.get(code="751").pk
