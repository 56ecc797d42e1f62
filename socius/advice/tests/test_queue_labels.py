"""The queue's filter names the deadline it filters on, and marks no filter "(optional)"."""

import pytest

pytestmark = pytest.mark.django_db

QUEUE = "/faellesskaber/raadgivning/koe/"


def test_the_deadline_filter_is_the_first_answer_deadline(client, advisor):
    client.force_login(advisor)
    page = client.get(QUEUE).content.decode()
    label = page.split('for="id_flag"', 1)[1].split("</label>", 1)[0]
    assert "Frist for første svar" in label
    assert "Ansøgningsfrist" not in page


def test_filter_fields_are_not_marked_optional(client, advisor):
    client.force_login(advisor)
    page = client.get(QUEUE).content.decode()
    form = page.split('aria-label="Filtrér henvendelser"', 1)[1].split("</form>", 1)[0]
    assert "frivilligt" not in form
    assert form.index('for="id_want"') < form.index('type="submit"')
