"""The reset between transactional tests on PostgreSQL (socius/tests_support/reset.py): what
the next test finds is the reference data that migrations wrote, and nothing else."""

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from socius.core.models import Municipality, Theme
from socius.core.search_registry import Document
from socius.search.models import SearchDocument
from socius.search.services import document_upsert
from socius.tests_support import reset
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgresql(reason="the reset replaces Django's on PostgreSQL only"),
]


def _lines(rows: reset.ReferenceRows) -> dict[str, set[bytes]]:
    # COPY writes rows in their order on disk, which a restore need not keep.
    return {table: set(data.splitlines()) for table, data in rows.tables}


def _vectors() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_vector")
        return cursor.fetchone()[0]


def test_a_flush_and_restore_give_back_the_reference_data_and_nothing_else():
    # given: the reference data as the test started with it, then changed every way a test can
    kept = connection._test_serialized_contents
    assert isinstance(kept, reset.ReferenceRows)
    before = _lines(reset.reference_rows(connection))
    assert _lines(kept) == before
    assert "core_municipality" in before
    Municipality.objects.filter(code="101").update(name="Changed")
    Theme.objects.filter(slug="faellesskaber-og-ensomhed").delete()
    UserFactory()
    document_upsert(
        kind="test",
        pk=1,
        document=Document(title="Marker", body="Marker", url="/", kind="test", module="core"),
    )
    assert _vectors() == 1
    # when: what the transactional test case runs between two tests
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        reset_sequences=False,  # as the test case calls it: the sequences go on counting
        inhibit_post_migrate=True,
    )
    assert not Municipality.objects.exists()
    assert _vectors() == 0  # the search vectors follow their documents
    connection.creation.deserialize_db_from_string(kept)
    # then
    assert _lines(reset.reference_rows(connection)) == before
    assert Municipality.objects.get(code="101").name == "København"
    assert Theme.objects.filter(slug="faellesskaber-og-ensomhed").exists()
    assert not SearchDocument.objects.exists()
    # and the sequences went on counting: a new row does not collide with a restored one
    Theme.objects.create(slug="ny", name="Ny", name_en="New")


def test_truncate_still_runs_where_sequences_are_reset():
    # given
    UserFactory()
    # when
    statements = connection.ops.sql_flush(
        no_style(), ["accounts_user"], reset_sequences=True, allow_cascade=False
    )
    # then: Django's own statement
    assert len(statements) == 1
    assert "TRUNCATE" in str(statements[0])
