"""Signal handlers: search follows publishing; Wagtail groups follow our roles; set-up after
``migrate``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from socius.core.models import RoleAssignment
from socius.core.roles import Role
from socius.core.search_registry import search_index_on_commit
from socius.knowledge.models import PublicationPage

if TYPE_CHECKING:
    from socius.accounts.models import User

# Our roles decide who edits; Wagtail decides through groups. These keep them in step.
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    Role.EDITOR: ("EDITORS",),
    Role.ADMINISTRATOR: ("EDITORS", "PUBLISHERS"),
}


@receiver(page_published)
@receiver(page_unpublished)
def _publication_reindex(sender: Any, instance: Page, **kwargs: Any) -> None:
    """Publish, change (a new published revision) and unpublish re-index the page."""
    if isinstance(instance, PublicationPage):
        search_index_on_commit(kind=instance.kind, pk=instance.pk)


def user_groups_sync(user: User) -> None:
    """Put ``user`` in exactly the Wagtail groups their roles call for."""
    from socius.knowledge import setup

    names = {
        "EDITORS": setup.EDITORS_GROUP,
        "PUBLISHERS": setup.PUBLISHERS_GROUP,
    }
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    wanted = {names[key] for role in roles for key in ROLE_GROUPS.get(role, ())}
    ours = Group.objects.filter(name__in=names.values())
    for group in ours:
        if group.name in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def _role_changed(sender: Any, instance: RoleAssignment, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    from socius.knowledge.setup import knowledge_index_ensure

    if instance.role in ROLE_GROUPS:
        knowledge_index_ensure()
    try:
        user = instance.user
    except Exception:  # the person is being deleted  # noqa: BLE001
        return
    user_groups_sync(user)


@receiver(post_migrate)
def _after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    if sender.label != "knowledge":
        return
    from socius.knowledge.setup import knowledge_index_ensure

    knowledge_index_ensure()
