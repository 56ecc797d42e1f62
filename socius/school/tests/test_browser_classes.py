"""A class in real browsers, with axe on every page, at a desktop's and a phone's width: a
verified teacher creates a class and reads its code; a pupil, in a browser of their own, joins
with the code and a made-up name, sees the personal code once, then the class; the teacher
sees the pupil in the list."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from socius.school.models import Pupil, SchoolClass
from socius.school.tests.school_support import teacher_make
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def da(msgid: str) -> str:
    """The text as the Danish pages show it."""
    with translation.override("da"):
        return gettext(msgid)


def test_a_teacher_creates_a_class_and_a_pupil_joins(live_server, open_browser):
    base = live_server.url
    teacher = teacher_make(name="Hanne Lærer")

    # The teacher logs in (a teacher is not staff: no second factor) and creates a class.
    me: BrowserPage = open_browser()
    page = me.page
    log_in(me, base, teacher)
    me.visit(base + "/medborgerskab/klasser/", heading=da("Your classes"))
    page.get_by_role("link", name=da("Create a class")).click()
    me.check(da("New class"))
    page.get_by_label(da("Name of the class")).fill("8.B")
    page.get_by_label(da("Grade")).select_option("8")
    page.get_by_label(da("School year")).select_option(str(timezone.localdate().year))
    page.get_by_role("button", name=da("Create the class")).click()
    me.check("8.B", shows=page.locator("#class-code"))
    code = page.locator("#class-code strong").inner_text().strip()
    assert code == SchoolClass.objects.get().code

    # The pupil, in a browser of their own, joins with the code and a made-up name.
    pupil: BrowserPage = open_browser()
    pp = pupil.page
    pupil.visit(base + "/medborgerskab/deltag/", heading=da("Join your class"))
    pp.get_by_label(da("Class code")).fill(code.lower())
    pp.get_by_label(da("Your made-up name")).fill("Ravn")
    pp.get_by_label(da("Under 15")).check()
    pp.get_by_role("button", name=da("Join"), exact=True).click()
    pupil.check(da("Welcome to the class"), shows=pp.locator("#personal-code"))
    personal_code = pp.locator("#personal-code strong").inner_text().strip()
    assert re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+-\d\d", personal_code)
    pp.get_by_role("link", name=da("I have written it down")).click()
    pupil.check("8.B", shows=pp.locator("main li", has_text="Ravn"))
    assert pp.get_by_text(personal_code).count() == 0
    assert Pupil.objects.get().pseudonym == "Ravn"

    # The teacher sees the pupil in the list.
    page.reload()
    me.check("8.B", shows=page.get_by_role("cell", name="Ravn", exact=True))
