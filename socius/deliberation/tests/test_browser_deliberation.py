"""The forum's journey in a real browser, with axe-core on every page it visits.

A moderator opens a conversation; politicians of four parties, researchers and citizens vote
(the crowd through the service layer, one politician and one citizen in their own browsers);
the results show groups, consensus and bridging statements; an editor turns a bridging
statement into a solution proposal and sends it to the knowledge hub as a recommendation.
At a phone's width (axe at a desktop's too).
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from socius.core.models import Party, PoliticianProfile
from socius.core.roles import Role
from socius.deliberation.demo import crowd_create, crowd_vote
from socius.deliberation.models import Conversation, SolutionProposal, Statement
from socius.knowledge.models import RecommendationPage
from socius.knowledge.tests.helpers import publish
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED = [
    "Unge skal selv være med til at bestemme, hvilke tilbud kommunen laver til dem.",
    "Skolen skal lære eleverne at se, når en klassekammerat er ensom.",
    "Foreninger skal have gratis lokaler, hvis de tager unge med, der står uden for.",
    "Der skal være steder i byen, hvor unge kan være uden at skulle købe noget.",
    "Kommunen skal ansætte flere gadeplansmedarbejdere, også hvis skatten skal op.",
    "Ungdomsklubberne skal have åbent til midnat, betalt af kommunen.",
    "Frivillige foreninger løser opgaven bedre end kommunen.",
    "Forældrene har det største ansvar for, at deres børn har venner.",
    "Kommunen skal bruge færre penge på kampagner og flere på fritidsjob til unge.",
    "Mobiltelefoner skal afleveres, når eleverne møder i skole.",
]


def _session(open_browser, base, user, *, mfa=False, language="da"):
    """A browser of the person's own, logged in."""
    b: BrowserPage = open_browser()
    if language != "da":
        b.page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
        )
    if user is None:
        return b
    log_in(b, base, user, mfa=mfa)
    return b


def _vote_all(b, base, slug, values):
    page = b.page
    b.visit(f"{base}/samtaler/{slug}/")
    statement = page.locator("#statement-text")
    for value in values:
        if statement.count() == 0:
            break
        voted_on = statement.inner_text()
        page.get_by_role("button", name=value, exact=True).click()
        # The next statement, or word that all are voted on, comes with the confirmation (the
        # confirmation alone is also on the page before the click, after the first vote).
        next_one = statement.filter(has_not_text=voted_on)
        expect(next_one.or_(page.get_by_text("Du har stemt på alle udsagn."))).to_be_visible()
        b.check(shows=page.get_by_text("Din stemme er gemt."))


@pytest.mark.width(390)
def test_from_a_question_to_a_recommendation(live_server, open_browser):
    base = live_server.url
    moderator = UserFactory(roles=[Role.EDITOR], totp=True, name="Mona Moderator")
    editor = UserFactory(roles=[Role.EDITOR], totp=True, name="Erik Redaktør")
    politician = UserFactory(roles=[Role.POLITICIAN], name="Poul Politiker")
    PoliticianProfile.objects.create(
        user=politician, party=Party.objects.get(name="Venstre"), verified_at=timezone.now()
    )
    citizen = UserFactory(roles=[Role.CITIZEN], name="Cecilie Borger")

    # The moderator opens the conversation with its first statements (pre-moderation).
    mod = _session(open_browser, base, moderator, mfa=True)
    page = mod.page
    mod.visit(base + "/samtaler/")
    page.get_by_role("link", name="Start en samtale").click()
    mod.check("Start en samtale")
    page.locator("#id_theme").select_option(label="Fællesskaber og ensomhed")
    page.locator("#id_title").fill("Ensomhed blandt unge")
    page.locator("#id_question").fill("Hvordan halverer vi ensomheden blandt unge i vores kommune?")
    page.get_by_label("Forhåndsmoderation", exact=False).check()
    page.locator("#id_links").fill("Danskernes sundhed https://www.danskernessundhed.dk/")
    page.locator("#id_seed_statements").fill("\n".join(SEED))
    page.get_by_role("button", name="Åbn samtalen").click()
    mod.check("Ensomhed blandt unge", shows=page.get_by_text("Samtalen er åben."))
    conversation = Conversation.objects.get()
    assert conversation.statements.filter(shown=True).count() == len(SEED)

    # The crowd: politicians of four parties, researchers, practitioners, volunteers, citizens.
    crowd = crowd_create(verifier=moderator)
    with transaction.atomic():
        crowd_vote(conversation, crowd)

    # A politician and a citizen add statements and vote, each in their own browser.
    pol = _session(open_browser, base, politician)
    pol.visit(f"{base}/samtaler/{conversation.slug}/")
    pol.page.locator("#id_text").fill("Alle unge skal tilbydes en fritidsmentor på en ny skole.")
    pol.page.get_by_role("button", name="Tilføj udsagnet").click()
    pol.check(shows=pol.page.get_by_text("En moderator læser dit udsagn"))
    _vote_all(
        pol, base, conversation.slug, ["Enig", "Enig", "Uenig", "Spring over / ved ikke", "Enig"]
    )

    cit = _session(open_browser, base, citizen)
    cit.visit(f"{base}/samtaler/{conversation.slug}/")
    cit.page.locator("#id_text").fill("Der skal være gratis busser til unge om aftenen.")
    cit.page.get_by_role("button", name="Tilføj udsagnet").click()
    cit.check(shows=cit.page.get_by_text("En moderator læser dit udsagn"))
    _vote_all(cit, base, conversation.slug, ["Enig", "Uenig", "Enig"])

    # The moderator accepts one statement and rejects the other with a reason.
    mod.visit(f"{base}/samtaler/{conversation.slug}/moderation/")
    page = mod.page
    mentor = Statement.objects.get(text__startswith="Alle unge skal tilbydes")
    bus = Statement.objects.get(text__startswith="Der skal være gratis busser")
    page.get_by_role("region", name=mentor.text).get_by_role("button", name="Godkend").click()
    mod.check(shows=page.get_by_text("Udsagnet er godkendt."))
    page.locator(f"#id_s{bus.pk}-reason").select_option("duplicate")
    page.get_by_role("region", name=bus.text).get_by_role("button", name="Afvis").click()
    mod.check(shows=page.get_by_text("Udsagnet er afvist."))
    mentor.refresh_from_db()
    bus.refresh_from_db()
    assert (mentor.shown, bus.status) == (True, "rejected")

    # The citizen votes on the new statement, then reads the results.
    _vote_all(cit, base, conversation.slug, ["Enig"] * 10)
    cit.visit(f"{base}/samtaler/{conversation.slug}/resultater/")
    content = cit.page.content()
    assert "Meningskort" in content
    assert "Meningsgruppe A" in content
    assert "Enighed" in content
    assert "Brobyggende udsagn" in content
    # The tables are folded below the summary: open the bridging statements.
    cit.page.locator("summary", has_text="Brobyggende udsagn").click()
    bridging_table = cit.page.get_by_role("table", name="Brobyggende udsagn")
    cit.check(shows=bridging_table)
    assert bridging_table.get_by_role("row").count() > 1
    assert "Intet udsagn har nok stemmer" not in content
    # Nobody's name; parties only with at least five people (Venstre has five, the others four).
    main = cit.page.locator("main").inner_text()
    assert politician.name not in main
    assert citizen.name not in main
    assert "Det Konservative Folkeparti" not in main
    assert "Socialdemokratiet" not in main

    # The same results in English.
    eng = _session(open_browser, base, None, language="en")
    eng.visit(f"{base}/samtaler/{conversation.slug}/resultater/")
    assert "Bridging statements" in eng.page.content()

    # An editor turns a bridging statement into a solution proposal.
    ed = _session(open_browser, base, editor, mfa=True)
    page = ed.page
    ed.visit(f"{base}/samtaler/{conversation.slug}/resultater/")
    page.locator("summary", has_text="Brobyggende udsagn").click()
    page.get_by_role("table", name="Brobyggende udsagn").get_by_role(
        "link", name="Lav et løsningsforslag"
    ).first.click()
    ed.check("Lav et løsningsforslag")
    page.locator("#id_title").fill("Unge med i beslutningerne")
    page.locator("#id_summary").fill("Kommunen spørger de unge, før den laver nye tilbud.")
    page.locator("#id_body").fill("Et ungepanel i hver bydel giver råd om nye tilbud til unge.")
    page.get_by_role("button", name="Åbn forslaget for kommentarer").click()
    ed.check(
        "Unge med i beslutningerne",
        shows=page.get_by_text("Forslaget er åbent for kommentarer og stemmer."),
    )
    proposal = SolutionProposal.objects.get()
    assert proposal.basis.count() == 1

    # Participants comment and vote on it.
    cit.visit(f"{base}{proposal.get_absolute_url()}")
    cit.page.get_by_role("button", name="Jeg støtter det", exact=True).click()
    cit.check(shows=cit.page.get_by_text("Din stemme på forslaget er gemt."))
    cit.page.locator("#id_body").fill("Husk de unge, der ikke går i skole.")
    cit.page.get_by_role("button", name="Tilføj kommentaren").click()
    cit.check(shows=cit.page.get_by_text("Din kommentar er tilføjet."))
    assert proposal.votes.count() == 1
    assert proposal.comments.count() == 1

    # The editor publishes it as a policy recommendation with the report attached.
    ed.visit(f"{base}{proposal.get_absolute_url()}")
    page.get_by_role("button", name="Udgiv som anbefaling").click()
    ed.check(shows=page.get_by_text("Forslaget er sendt til videnscentret"))
    proposal.refresh_from_db()
    recommendation = RecommendationPage.objects.get(pk=proposal.recommendation_page_id)
    assert recommendation.attachment is not None
    assert "Sendt til videnscentret" in page.content()

    # A second editor approves it in the hub (as Wagtail's approval does); the public reads it.
    publish(recommendation)
    recommendation.refresh_from_db()
    reader = _session(open_browser, base, None)
    reader.visit(base + recommendation.url)
    assert "Unge med i beslutningerne" in reader.page.content()
