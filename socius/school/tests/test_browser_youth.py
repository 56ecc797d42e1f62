"""A class project becomes a youth proposal, in real browsers with axe on every page, at a
desktop's and a phone's width: the teacher starts the project, a pupil adds an idea in a
browser of their own, the teacher publishes it under the class's name and sends it as a youth
proposal; once the municipality has published it, anyone sees it as a youth proposal with the
youth track's threshold."""

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from socius.core.roles import Role
from socius.proposals import services as proposal_services
from socius.proposals.models import MunicipalitySettings
from socius.school.models import ClassProject
from socius.tests_support.browser import (
    BrowserPage,
    assert_accessible,
    log_in,
    open_menu_if_collapsed,
)
from socius.tests_support.factories import UserFactory

from .school_support import class_make, pupil_make, teacher_make

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as_pupil(open_browser, base, pupil) -> BrowserPage:
    """A browser carrying the pupil's session (pupils sign in with the class code; that page
    belongs to the classes part, so the session is made here and handed over as a cookie)."""
    client = Client()
    client.force_login(pupil.user)
    b: BrowserPage = open_browser()
    name = django_settings.SESSION_COOKIE_NAME
    b.page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base}])
    return b


@pytest.mark.width(390)
def test_a_class_project_becomes_a_youth_proposal(live_server, open_browser):
    base = live_server.url
    teacher = teacher_make(name="Hanne Lærer")
    school_class = class_make(teacher=teacher, name="8.B")
    pupil = pupil_make(school_class, "Ravn")
    MunicipalitySettings.objects.update_or_create(
        municipality=school_class.school.municipality,
        defaults={"youth_threshold": 120, "youth_council_months": 2},
    )
    projects_heading = _("Projects of %(name)s") % {"name": "8.B"}

    # The teacher opens the class's projects and starts one.
    me = open_browser()
    page = me.page
    log_in(me, base, teacher)
    me.visit(
        f"{base}/medborgerskab/klasser/{school_class.public_id}/projekter/",
        heading=projects_heading,
    )
    page.get_by_role("link", name=_("Start a project")).click()
    me.check(_("Start a project"))
    page.get_by_label(_("Title")).fill("Flere bænke og lys i parken ved skolen")
    page.get_by_label(_("What is wrong?")).fill("Parken er mørk om vinteren, og der er få bænke.")
    page.get_by_label(_("What should the city council do?")).fill(
        "Byrådet skal sætte ti bænke og lys op i parken ved skolen."
    )
    page.get_by_role("button", name=_("Save the project")).click()
    me.check("Flere bænke og lys i parken ved skolen")
    project_url = page.url

    # A pupil, in a browser of their own, adds an idea.
    ravn = _as_pupil(open_browser, base, pupil)
    ravn.visit(project_url, heading="Flere bænke og lys i parken ved skolen")
    ravn.page.get_by_label(_("Your idea or argument")).fill("Lys ved stien hen til skolen.")
    ravn.page.get_by_role("button", name=_("Add your idea")).click()
    ravn.check(shows=ravn.page.get_by_text(_("Thank you. Your class can read it now.")))
    assert ravn.page.get_by_role("button", name=_("Publish under the class's name")).count() == 0

    # The teacher sees the idea, publishes under the class's name and sends the proposal.
    page.reload()
    me.check(shows=page.get_by_text("Lys ved stien hen til skolen."))
    page.get_by_role("button", name=_("Publish under the class's name")).click()
    me.check(shows=page.get_by_text(_("The project is published under the class's name.")))
    page.get_by_role("button", name=_("Send as a youth proposal")).click()
    me.check(shows=page.get_by_role("link", name=_("Go to the youth proposal")))
    proposal = ClassProject.objects.get().proposal
    assert proposal is not None
    assert proposal.state == "submitted"

    # The municipality's case handler reviews and publishes it (the proposals module's step).
    case_handler: Any = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    proposal_services.proposal_publish(actor=case_handler, proposal=proposal)

    # Anyone sees the youth proposal with the youth track's threshold, and the class's project
    # without the pupil.
    public = open_browser()
    public.visit(base + proposal.get_absolute_url(), heading=proposal.title)
    public.check(shows=public.page.get_by_text(_("Youth proposal"), exact=True))
    assert public.page.get_by_text("0 af 120 underskrifter").count() >= 1
    public.visit(project_url, heading="Flere bænke og lys i parken ved skolen")
    assert public.page.get_by_text("Ravn").count() == 0
    assert public.page.get_by_text("Lys ved stien").count() == 0
    public.page.get_by_role("link", name=_("Go to the youth proposal")).click()
    public.check(proposal.title)


@pytest.mark.width(1280, 390)
def test_a_pupils_header_leads_to_the_class(live_server, open_browser, viewport):
    """A pupil's own part of the header, in the desktop bar and in the phone's menu: their
    pseudonym as text and "Min klasse", no account pages; axe with the menu open."""
    school_class = class_make(name="9.A")
    b = _as_pupil(open_browser, live_server.url, pupil_make(school_class, "Ravn"))
    page = b.visit(live_server.url + "/")
    scope = page.locator(".portal-user")
    if viewport["width"] < 1000:
        open_menu_if_collapsed(page)
        scope = page.get_by_role("dialog", name="Menu")
    expect(scope.get_by_text("Ravn", exact=True)).to_be_visible()
    assert not scope.get_by_role("link", name="Mit overblik").count()
    assert not scope.get_by_role("link", name="Ravn").count()
    assert_accessible(page)
    scope.get_by_role("link", name="Min klasse").click()
    b.check("9.A")
    assert f"/klasser/{school_class.public_id}/" in page.url
