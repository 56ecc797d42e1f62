"""``shared_db`` (conftest.py): data made once for a module, and each test's changes to it
rolled back before the next test of the module."""

from __future__ import annotations

import pytest

from socius.core.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def made_once(shared_db):
    theme = Theme.objects.create(slug="delt-tema", name="Delt tema", description="Fra modulet.")
    return theme.pk


@pytest.mark.parametrize("turn", [1, 2, 3])
def test_each_test_sees_the_module_data_as_made_and_changes_it(made_once, db, turn):
    theme = Theme.objects.get(pk=made_once)
    # Whichever test runs after another on this worker finds no trace of it.
    assert theme.description == "Fra modulet."
    assert not Theme.objects.filter(slug__startswith="fra-test-").exists()
    theme.description = f"Ændret af test {turn}."
    theme.save(update_fields=["description"])
    Theme.objects.create(slug=f"fra-test-{turn}", name=f"Fra test {turn}")
