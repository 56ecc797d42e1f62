"""After an event, in real browsers: one organiser adds the recording and drafts the minutes
(the summary's LIX follows the typing), a second organiser approves them, they are published
in the knowledge hub and shown on the event's page, and a participant answers the survey from
the link in their e-mail, once. axe-core on every page, at a desktop's and a phone's width.

The pages are read in English (the language cookie), so the test reads the message ids; the
Danish words are the translation catalogue's."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from socius.core.roles import Role
from socius.events.followup.models import Material, Minutes, MinutesState, SurveyAnswer
from socius.knowledge.models import ReportPage
from socius.tests_support.browser import BrowserPage, log_in
from socius.tests_support.factories import UserFactory

from .conftest import event_make, registration_make

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Mødet begyndte klokken 19.\n\nVi talte om naboskab og om fælleshuset i bebyggelsen."
SUMMARY = "Vi talte om naboer. Alle fik ordet. Vi mødes igen til maj."
RECORDING = "https://video.example.dk/dialogmoede"
LIX_SHOWN = re.compile(r"LIX \d+")


def _session(open_browser, base, user=None):
    """A browser of the person's own, in English, logged in (staff with their authenticator)."""
    b: BrowserPage = open_browser()
    b.page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    if user is not None:
        log_in(b, base, user, mfa=True)
    return b


def _survey_link(mailbox) -> str:
    (message,) = mailbox.messages
    found = re.search(
        r"https?://\S+?(/arrangementer/\S+/efter/evaluering/\S+/)", mailbox.body_of(message)
    )
    assert found, mailbox.body_of(message)
    return found.group(1)


def test_minutes_from_draft_to_the_hub_and_a_participant_answers_the_survey_once(
    live_server, open_browser, mailbox
):
    base = live_server.url
    anna = UserFactory(roles=[Role.EDITOR], totp=True, name="Anna Arrangør")
    bo = UserFactory(roles=[Role.EDITOR], totp=True, name="Bo Bestyrer")
    # The think tank's event (editors organise it), which ended two days ago.
    event = event_make(slug="dialogmoede-efter")
    registration_make(event, name="Gæst Deltager", email="deltager@example.dk")
    event_url = base + f"/arrangementer/{event.slug}/"
    title = event.title
    with_title = re.compile(re.escape(title))

    # Anna adds the recording's link from the page after the event.
    a = _session(open_browser, base, anna)
    page = a.page
    a.visit(event_url, heading=title)
    page.get_by_role("link", name="Materials, minutes, survey and attendance").click()
    a.check("After the event")
    page.get_by_label("Title of the recording").fill("Optagelse af mødet")
    page.get_by_label("Link to the recording").fill(RECORDING)
    page.get_by_role("button", name="Add the link").click()
    a.check("After the event", shows=page.get_by_text("The link to the recording was added."))
    expect(page.get_by_role("link", name="Optagelse af mødet")).to_have_attribute("href", RECORDING)

    # She drafts the minutes; the LIX of the summary shows while she types.
    page.get_by_role("link", name="Write the minutes").click()
    a.check("Minutes")
    lix_box = page.locator("#minutes-lix")
    expect(lix_box).to_have_text(re.compile("Write the summary to see its LIX"))
    page.get_by_label("Minutes", exact=True).fill(TEXT)
    page.get_by_label("Summary in plain language").fill(SUMMARY)
    a.check(shows=lix_box.get_by_text(LIX_SHOWN))
    expect(lix_box).to_contain_text("Good: under 35")
    page.get_by_role("button", name="Save the draft").click()
    a.check("Minutes", shows=page.get_by_text("The draft was saved."))
    # The author cannot approve her own draft; the LIX of the saved summary is shown.
    expect(page.get_by_text("you cannot approve it yourself")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    expect(lix_box).to_contain_text(LIX_SHOWN)
    expect(page.get_by_label("Summary in plain language")).to_have_value(SUMMARY)
    assert Minutes.objects.get(event=event).state == MinutesState.DRAFT

    # Bo, the second organiser, finds the draft from the event's page and approves it.
    b = _session(open_browser, base, bo)
    page = b.page
    b.visit(event_url, heading=title)
    page.get_by_role("link", name="Materials, minutes, survey and attendance").click()
    b.check("After the event")
    page.get_by_role("link", name="Edit or approve the minutes").click()
    b.check("Minutes", shows=page.get_by_role("button", name="Approve and publish"))
    expect(page.get_by_text("Written by: Anna Arrangør")).to_be_visible()
    page.get_by_role("button", name="Approve and publish").click()
    b.check(
        "Minutes",
        shows=page.get_by_text("The minutes were approved and published in the knowledge hub."),
    )
    minutes = Minutes.objects.get(event=event)
    assert minutes.state == MinutesState.PUBLISHED
    assert minutes.approved_by == bo
    publication = ReportPage.objects.get(pk=minutes.publication_id)
    assert publication.live

    # The minutes are a publication in the knowledge hub, linking back to the event.
    page.get_by_role("link", name="Read the minutes in the knowledge hub").click()
    b.check(with_title, shows=page.get_by_text("Alle fik ordet.").first)
    assert page.url == base + publication.url
    expect(page.get_by_text("fælleshuset i bebyggelsen")).to_be_visible()
    page.locator("main").locator(f"a[href='/arrangementer/{event.slug}/']").last.click()
    b.check(title)

    # The event's page shows the summary, the way to the minutes and the recording.
    main = page.locator("main")
    expect(main.get_by_text(SUMMARY)).to_be_visible()
    expect(
        main.get_by_role("link", name="Read the minutes in the knowledge hub")
    ).to_have_attribute("href", publication.url)
    expect(main.get_by_role("link", name="Optagelse af mødet")).to_have_attribute("href", RECORDING)
    assert Material.objects.filter(event=event, kind=Material.Kind.RECORDING).count() == 1

    # The daily run sends the participant their survey link.
    call_command("events_followup", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    link = base + _survey_link(mailbox)

    # The participant, without an account, answers from the link in the mail.
    p = _session(open_browser, base)
    page = p.page
    p.visit(link, heading="Three questions about the event")
    expect(page.locator("main").get_by_text(event.title)).to_be_visible()
    usefulness = page.get_by_role("group", name="How useful was the event for you?")
    usefulness.get_by_label("4", exact=True).check()
    again = page.get_by_role("group", name="Would you come to an event like this again?")
    again.get_by_label("Maybe", exact=True).check()
    page.get_by_label("What should we do differently?").fill("Mere tid til spørgsmål.")
    page.get_by_role("button", name="Send the answer").click()
    p.check("Thank you for your answer")
    answer = SurveyAnswer.objects.get(event=event)
    assert (answer.usefulness, answer.come_again, answer.differently) == (
        4,
        SurveyAnswer.Again.MAYBE,
        "Mere tid til spørgsmål.",
    )

    # From the thanks page back to the event, where the minutes are too.
    page.get_by_role("link", name=re.compile("^Back to")).click()
    p.check(title, shows=page.locator("main").get_by_text(SUMMARY))

    # The link takes one answer: opening it again says so.
    page.goto(link)
    p.console_errors[:] = [e for e in p.console_errors if "410" not in e]  # the status itself
    p.check("You have already answered")
    expect(page.get_by_role("button", name="Send the answer")).to_have_count(0)
    assert SurveyAnswer.objects.filter(event=event).count() == 1
