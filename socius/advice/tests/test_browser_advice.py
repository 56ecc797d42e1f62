"""The community-advice journey in real browsers, with axe-core on every page visited: an
association asks (and sees suggested guides first), an advisor answers, the association reads
the answer, and the answer becomes a guide draft the editors find in the CMS. At a desktop's
width (axe at a phone's too)."""

import pytest
from django.test import Client

from socius.advice.models import AdviceRequest
from socius.core.models import Theme
from socius.core.roles import Role
from socius.tests_support.browser import BrowserPage, log_in, open_menu_if_collapsed
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _session(open_browser, base, user, *, mfa=False):
    """A browser of the person's own, logged in."""
    b: BrowserPage = open_browser()
    log_in(b, base, user, mfa=mfa)
    return b


@pytest.fixture
def published_guide():
    from socius.knowledge.services import guide_draft_create
    from socius.knowledge.tests.helpers import publish

    author = UserFactory(roles=[Role.EDITOR])
    page = guide_draft_create(
        title="Sådan finder I frivillige til jeres fællesskab",
        summary="Frivillige kommer, når de bliver spurgt. Her er fem gode steder at spørge.",
        body="Spørg på biblioteket. Spørg i boligforeningen. Spørg dem, der allerede kommer.",
        themes=[Theme.objects.get(slug="aeldre")],
        created_by=author,
    )
    return publish(page)


def test_an_association_asks_an_advisor_answers_and_the_answer_becomes_a_guide(
    live_server, open_browser, citizen, published_guide
):
    base = live_server.url
    OrganisationFactory(name="Spisefællesskabet Gellerup", contact=citizen)
    advisor = UserFactory(
        roles=[Role.ADVISOR], totp=True, email="raadgiver@example.dk", name="Sara Rådgiver"
    )
    editor = UserFactory(roles=[Role.EDITOR], totp=True, email="redaktoer@example.dk")

    # The association describes its need and sees a guide that may help first.
    member = _session(open_browser, base, citizen)
    b, page = member, member.page
    b.visit(base + "/faellesskaber/raadgivning/")
    page.get_by_role("link", name="Bed om råd").click()
    b.check("Bed om råd")
    page.get_by_label("Kort overskrift").fill("Hvor finder vi frivillige til spisningen?")
    page.get_by_label("Finde frivillige").check()
    page.get_by_label("Ældre", exact=True).check()
    page.get_by_label("Hvem er det for?").fill("Ældre, der bor alene i Gellerup")
    page.get_by_label("Hvor mange er eller bliver med?").select_option("medium")
    page.get_by_label("Fortæl om jeres situation og jeres spørgsmål").fill(
        "Vi laver mad hver torsdag. Kokken stopper til jul. Ring til Jens på 22 33 44 55."
    )
    page.get_by_role("button", name="Videre").click()
    b.check("Disse vejledninger kan måske hjælpe")
    assert page.get_by_role(
        "link", name="Sådan finder I frivillige til jeres fællesskab"
    ).is_visible()
    page.get_by_role("button", name="Send henvendelsen alligevel").click()
    b.check(
        "Hvor finder vi frivillige til spisningen?",
        shows=page.get_by_text("Tak. Vi har modtaget jeres henvendelse"),
    )
    advice = AdviceRequest.objects.get()
    assert advice.wants == ["volunteers"]
    assert "Kokken stopper til jul" in page.content()

    # An advisor (with two-factor login, in a browser of their own) takes it and answers.
    staff = _session(open_browser, base, advisor, mfa=True)
    b, page = staff, staff.page
    b.visit(base + "/faellesskaber/raadgivning/koe/")
    page.get_by_role("link", name="Hvor finder vi frivillige til spisningen?").click()
    b.check("Hvor finder vi frivillige til spisningen?")
    page.get_by_role("button", name="Tag henvendelsen").click()
    b.check(shows=page.get_by_text("Henvendelsen er din nu."))
    page.get_by_label("Besked").fill(
        "Kære Spisefællesskabet Gellerup. Spørg gymnasiet: elever skal have frivilligtimer. "
        "Skriv til mig på sara@kommune.dk."
    )
    page.get_by_role("button", name="Send svaret").click()
    b.check(shows=page.get_by_text("Dit svar er sendt."))
    page.get_by_label("Intern note").fill("Foreningen er ny. Følg op efter jul.")
    page.get_by_role("button", name="Gem noten").click()
    b.check(shows=page.get_by_text("Noten er gemt."))

    # The association reads the answer; the note stays with the advisors.
    b, page = member, member.page
    b.visit(base + advice.get_absolute_url())
    assert "Spørg gymnasiet" in page.content()
    assert "Følg op efter jul" not in page.content()

    # The advisor turns the answer into a guide draft, after checking the redacted text.
    b, page = staff, staff.page
    page.get_by_role("link", name="Gør svaret til en vejledning").click()
    b.check("Gør svaret til en vejledning")
    body = page.get_by_label("Tekst").input_value()
    assert "sara@kommune.dk" not in body
    assert "Spisefællesskabet Gellerup" not in body
    assert "Spørg gymnasiet" in body
    page.get_by_label("Vejledningens titel").fill("Find frivillige på gymnasiet")
    page.get_by_label("Tekst").fill(body.replace("Kære [foreningen]. ", ""))
    page.get_by_role("button", name="Send udkastet til redaktørerne").click()
    b.check(shows=page.get_by_text("Sendt til redaktørerne som udkast til en vejledning"))

    # An editor finds the unpublished draft among the publications in the CMS (in a browser),
    # and its edit form holds the advisor's text (through the test client: the rich-text
    # editor's own markup is the knowledge hub's to make axe-clean).
    from socius.knowledge.models import GuidePage

    draft = GuidePage.objects.get(title="Find frivillige på gymnasiet")
    assert draft.live is False
    cms = Client()
    cms.force_login(editor)
    edit = cms.get(f"/cms/pages/{draft.pk}/edit/")
    assert edit.status_code == 200
    assert "Find frivillige på gymnasiet" in edit.text
    assert "Spørg gymnasiet" in draft.get_latest_revision_as_object().body
    assert "sara@kommune.dk" not in draft.get_latest_revision_as_object().body
    editor_browser = _session(open_browser, base, editor, mfa=True)
    editor_browser.visit(base + f"/cms/pages/{draft.get_parent().pk}/")
    rows = editor_browser.page.get_by_role("row").filter(has_text="Find frivillige på gymnasiet")
    assert rows.count() == 1

    # The dashboard, in English too.
    b, page = staff, staff.page
    b.visit(base + "/faellesskaber/raadgivning/overblik/", heading="Fællesskabsrådgivningen i tal")
    open_menu_if_collapsed(page)
    page.get_by_role("link", name="English").click()
    b.check("Community advice in numbers")
    assert page.locator("html").get_attribute("lang") == "en"
    b.visit(base + "/faellesskaber/raadgivning/koe/", heading="The advisors' queue")
