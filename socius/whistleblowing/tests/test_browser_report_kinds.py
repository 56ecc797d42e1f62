"""The report form in a real browser at 1280 and 390 px, axe on every page: the oral-report
fields appear only when "orally" is chosen, and a missing answer gives one error summary
whose link leads to the field."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.width(390)
def test_the_form_shows_the_fields_of_the_chosen_kind(live_server, browser_page, channel):
    b, page = browser_page, browser_page.page
    b.visit(
        f"{live_server.url}/whistleblower/indberet/{channel.slug}/",
        heading="Indberet: Medarbejdere",
    )
    contact = page.locator("#id_contact_wish")
    assert page.get_by_label("Skriftligt, her").is_checked()
    assert not contact.is_visible()
    assert not page.locator("#id_recording_consent").is_visible()

    page.get_by_label("Mundtligt, i telefonen eller på et møde").check()
    b.check(shows=contact)
    page.get_by_label("Skriftligt, her").check()
    contact.wait_for(state="hidden")

    page.get_by_role("button", name="Send indberetningen").click()
    summary = page.get_by_role("alert")
    b.check(shows=summary)
    assert summary.count() == 1
    assert "Vælg dine filer igen" not in summary.inner_text()
    summary.get_by_role("link", name="Hvad er der sket?").click()
    assert page.evaluate("location.hash") == "#id_what"
    assert page.locator("#id_what").is_visible()
