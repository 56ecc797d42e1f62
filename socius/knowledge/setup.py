"""The hub's place in Wagtail: index page as site root, editor groups and the review workflow.

Idempotent; runs after every ``migrate`` (``post_migrate``) and whenever a service needs the
index. Wagtail's own migrations create a placeholder home page and site; the index replaces
the placeholder as the root of the default site.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from socius.knowledge.models import KnowledgeIndexPage, SecondEditorApprovalTask

EDITORS_GROUP = "Socius: redaktører"
PUBLISHERS_GROUP = "Socius: ansvarshavende"
WORKFLOW_NAME = "Godkendelse af anden redaktør"
INDEX_TITLE = "Viden"
INDEX_SLUG = "viden"

# Editors write, lock and submit for review; only a second editor's approval publishes.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
# Administrators may also publish and unpublish directly (corrections, withdrawals).
PUBLISHER_PAGE_PERMISSIONS = ("publish_page", "bulk_delete_page")
DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")


@transaction.atomic
def knowledge_index_ensure() -> KnowledgeIndexPage:
    """The index page, created (as the default site's root) if missing, with groups and the
    review workflow in place."""
    _wagtail_basics_ensure()
    index = KnowledgeIndexPage.objects.first()
    if index is None:
        index = _index_create()
    _groups_ensure(index)
    _workflow_ensure(index)
    return index


def _wagtail_basics_ensure() -> None:
    """The rows Wagtail's migrations create (default locale, root page, root collection).
    A test database flush removes them, and post_migrate then runs before anything else."""
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def _index_create() -> KnowledgeIndexPage:
    root = Page.get_first_root_node()
    index = KnowledgeIndexPage(
        title=INDEX_TITLE,
        slug=INDEX_SLUG,
        intro=(
            "Her finder du rapporter, artikler, guides, debatter, nyheder og anbefalinger "
            "om social bæredygtighed. Hver udgivelse starter med et kort resumé i et klart sprog."
        ),
    )
    root.add_child(instance=index)
    # Queryset updates: no signals, so no cache is touched (during ``migrate`` the database
    # cache table may not exist yet).
    updated = Site.objects.filter(is_default_site=True).update(root_page=index, site_name="Socius")
    if not updated:
        Site.objects.bulk_create(
            [
                Site(
                    hostname="localhost",
                    port=80,
                    root_page=index,
                    is_default_site=True,
                    site_name="Socius",
                )
            ]
        )
    # Wagtail's placeholder home page ("Welcome to your new Wagtail site!") goes.
    placeholder = ContentType.objects.get_for_model(Page)
    for child in Page.objects.child_of(root).filter(content_type=placeholder):
        if not Site.objects.filter(root_page=child).exists():
            child.delete()
    index.refresh_from_db()
    return index


def _permissions(app_label: str, model: str, codenames: tuple[str, ...]) -> list[Permission]:
    # get_or_create: after a test flush, our post_migrate runs before Django has recreated
    # the content types of the apps listed after ours.
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found = []
    for codename in codenames:
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        found.append(permission)
    return found


def _groups_ensure(index: KnowledgeIndexPage) -> None:
    access_admin = _permissions("wagtailadmin", "admin", ("access_admin",))
    editors, _c = Group.objects.get_or_create(name=EDITORS_GROUP)
    publishers, _c = Group.objects.get_or_create(name=PUBLISHERS_GROUP)
    editors.permissions.add(*access_admin)
    publishers.permissions.add(*access_admin)
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (publishers, EDITOR_PAGE_PERMISSIONS + PUBLISHER_PAGE_PERMISSIONS),
    ):
        for permission in _permissions("wagtailcore", "page", codenames):
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )
        collection = Collection.get_first_root_node()
        for permission in _permissions("wagtaildocs", "document", DOCUMENT_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def _workflow_ensure(index: KnowledgeIndexPage) -> None:
    if WorkflowPage.objects.filter(page=index).exists():
        return
    workflow, _c = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        task = SecondEditorApprovalTask.objects.create(name="Anden redaktør godkender")
        task.groups.set(Group.objects.filter(name__in=[EDITORS_GROUP, PUBLISHERS_GROUP]))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=index)
