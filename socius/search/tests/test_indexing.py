"""The index follows publish, change and unpublish through the tasks."""

import pytest
from django.core.management import call_command

from socius.core import services as core_services
from socius.core.models import Theme
from socius.grants import services as grant_services
from socius.search.models import SearchDocument
from socius.search.selectors import search_query
from socius.search.services import document_refresh
from socius.search.tasks import search_index_object

pytestmark = pytest.mark.django_db


def _kinds(q):
    return [(h.document.kind, h.document.title) for h in search_query(q=q).hits]


def test_it_indexes_a_new_organisation_with_its_themes(citizen, indexed):
    with indexed():
        org = core_services.organisation_create(
            actor=citizen,
            name="Spisefællesskabet Gellerup",
            kind="association",
            description="Vi laver mad sammen hver torsdag.",
            themes=[Theme.objects.get(slug="hjemloeshed")],
        )
    doc = SearchDocument.objects.get(kind="organisation", object_pk=str(org.pk))
    assert doc.url == org.get_absolute_url()
    assert doc.themes == ["hjemloeshed"]
    assert _kinds("torsdag") == [("organisation", "Spisefællesskabet Gellerup")]


def test_it_updates_the_row_when_the_organisation_changes(organisation_factory, indexed):
    with indexed():
        org = organisation_factory(name="Strikkeklubben")
    with indexed():
        org.name = "Løbeklubben"
        org.save(update_fields=["name", "updated_at"])
    assert _kinds("strikkeklub") == []
    assert _kinds("løbeklub") == [("organisation", "Løbeklubben")]
    assert SearchDocument.objects.filter(kind="organisation").count() == 1


def test_it_removes_a_deleted_organisation(organisation_factory, indexed):
    with indexed():
        org = organisation_factory(name="Strikkeklubben")
    assert _kinds("strikkeklubben")
    with indexed():
        org.delete()
    assert _kinds("strikkeklubben") == []


def test_it_removes_a_theme_that_is_no_longer_active(indexed):
    theme = Theme.objects.get(slug="hjemloeshed")
    search_index_object.enqueue(kind="theme", pk=str(theme.pk))
    assert _kinds(theme.name)
    with indexed():
        theme.is_active = False
        theme.save(update_fields=["is_active", "updated_at"])
    assert not SearchDocument.objects.filter(kind="theme", object_pk=str(theme.pk)).exists()


def test_outsider_sees_no_draft_grant_round(make_round, case_handler, indexed):
    with indexed():
        draft = make_round(name="Hemmelig pulje til fællesskaber", open_it=False)
    assert _kinds("hemmelig") == []
    assert not SearchDocument.objects.filter(kind="grant_round").exists()
    # Opening the round publishes it.
    with indexed():
        grant_services.round_open(actor=case_handler, round_=draft)
    assert _kinds("hemmelig") == [("grant_round", "Hemmelig pulje til fællesskaber")]


def test_a_pool_change_reaches_its_rounds(make_round, pool, indexed):
    with indexed():
        make_round()
    with indexed():
        pool.description = "Penge til lektiecafeer"
        pool.save()
    assert _kinds("lektiecafeer") == [("grant_round", "Puljen til fællesskaber 2027")]


def test_nothing_reaches_the_index_from_a_rolled_back_change(organisation_factory):
    # Without on-commit callbacks running, the task is never queued.
    organisation_factory(name="Aldrig gemt")
    assert not SearchDocument.objects.exists()


def test_refresh_of_an_unknown_kind_removes_the_row(add_doc):
    add_doc(1, "Gammel ting", kind="gone")
    assert document_refresh(kind="gone", pk=1) is False
    assert not SearchDocument.objects.exists()


def test_rebuild_indexes_everything_public(organisation_factory, make_round, capsys):
    organisation_factory(name="Strikkeklubben")
    make_round(name="Kladde", open_it=False)
    make_round(name="Åben pulje")
    call_command("search_rebuild", verbosity=0)
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    # The atlas has a page of figures for every municipality, with or without figures.
    assert kinds == {
        "organisation",
        "theme",
        "grant_round",
        "service",
        "atlas_municipality",
        "event_calendar",
        "support_page",
    }
    assert _kinds("kladde") == []
    assert _kinds("strikkeklubben") == [("organisation", "Strikkeklubben")]
    assert "Indexed" in capsys.readouterr().out


def test_it_follows_theme_changes_from_either_side(organisation_factory, indexed):
    with indexed():
        org = organisation_factory(name="Strikkeklubben")
    theme = Theme.objects.get(slug="misbrug")
    with indexed():
        theme.organisations.add(org)
    assert SearchDocument.objects.get(kind="organisation").themes == ["misbrug"]
    with indexed():
        org.themes.clear()
    assert SearchDocument.objects.get(kind="organisation").themes == []


def test_the_count_and_the_page_follow_changes_and_deletes_on_both_engines(add_doc):
    """On PostgreSQL the vectors live in their own table, kept in step by triggers; the
    count must never include a changed or deleted document."""
    from socius.search.services import document_delete

    add_doc(1, "Strikkeklubben", body="Vi strikker")
    add_doc(2, "Strikkecafé", body="Kaffe og strikning")
    assert search_query(q="strik", prefix=True).total == 2
    add_doc(1, "Løbeklubben", body="Vi løber")  # the same object, changed
    first = search_query(q="strik", prefix=True)
    assert first.total == 1
    assert [h.document.title for h in first.hits] == ["Strikkecafé"]
    assert search_query(q="løber").total == 1
    document_delete(kind="organisation", pk=2)
    assert search_query(q="strik", prefix=True).total == 0
    assert search_query(q="strik", prefix=True).hits == []


def test_a_rebuild_keeps_the_ids_of_objects_already_indexed(organisation_factory, indexed):
    """Search lists the newest documents by id; a rebuild must not renumber them."""
    with indexed():
        organisation_factory(name="Strikkeklubben")
        organisation_factory(name="Løbeklubben")
    organisations = SearchDocument.objects.filter(kind="organisation")
    ids = dict(organisations.values_list("object_pk", "id"))
    call_command("search_rebuild", verbosity=0)
    assert dict(organisations.values_list("object_pk", "id")) == ids


def test_documents_are_stored_a_batch_at_a_time(db):
    """``documents_store`` (the rebuild, the benchmark) holds one batch, never the whole."""
    from socius.core.search_registry import Document
    from socius.search.services import BATCH, documents_store

    stored_when_asked = []

    def documents():
        for i in range(2 * BATCH + 1):
            if i % BATCH == 0:
                stored_when_asked.append(SearchDocument.objects.filter(kind="x").count())
            yield "x", i, Document(f"Klub {i}", "", f"/x/{i}/", kind="x", module="core")

    assert documents_store(documents()) == 2 * BATCH + 1
    assert stored_when_asked == [0, BATCH, 2 * BATCH]
