"""Publications in the platform search: indexed on publish, updated on change, removed on
unpublish and delete, found by inflected Danish words."""

from __future__ import annotations

import pytest

from socius.knowledge.services import guide_draft_create
from socius.knowledge.tests.helpers import publish
from socius.search.models import SearchDocument
from socius.search.query import Filters
from socius.search.selectors import search_query
from socius.tests_support.factories import theme

pytestmark = pytest.mark.django_db


def _draft(editor, title="Stærke fællesskaber i lokalområdet"):
    return guide_draft_create(
        title=title,
        summary="Mange foreninger skaber fællesskaber. Her er gode råd.",
        body="Start småt.",
        themes=[theme("faellesskaber-og-ensomhed")],
        created_by=editor,
    )


def test_a_draft_is_not_indexed(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _draft(editor)
    assert not SearchDocument.objects.filter(module="knowledge").exists()


def test_publishing_indexes_and_an_inflected_word_finds_it(
    editor, django_capture_on_commit_callbacks
):
    page = _draft(editor)
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(page)

    doc = SearchDocument.objects.get(module="knowledge")
    assert (doc.kind, doc.url, doc.title) == ("guide", page.url, page.title)
    results = search_query(q="fællesskabet")
    assert [h.document.url for h in results.hits] == [page.url]
    by_kind = search_query(q="fællesskab", filters=Filters(kind="guide"))
    assert by_kind.total == 1
    assert search_query(q="fællesskab", filters=Filters(kind="report")).total == 0


def test_a_new_published_revision_updates_the_index(
    editor, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(_draft(editor))
    page.title = "Frivillige i idrætsforeninger"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor).publish(user=administrator)

    assert SearchDocument.objects.get(module="knowledge").title == "Frivillige i idrætsforeninger"
    assert search_query(q="idrætsforeningerne").total == 1


def test_a_saved_draft_of_a_live_page_does_not_change_the_index(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(_draft(editor))
    page.title = "Ikke udgivet endnu"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor)

    assert SearchDocument.objects.get(module="knowledge").title.startswith("Stærke")


def test_unpublishing_and_deleting_remove_it(
    editor, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(_draft(editor))
        other = publish(_draft(editor, title="Fællesskaber for unge"))
    assert SearchDocument.objects.filter(module="knowledge").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish(user=administrator)
    assert list(SearchDocument.objects.values_list("url", flat=True)) == [other.url]

    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert not SearchDocument.objects.filter(module="knowledge").exists()
