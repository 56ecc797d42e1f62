"""The knowledge hub's part of a person's data export and erasure (socius/core/personal_data.py).

Authorship of publications is exported. On erasure the person is removed as an author:
publications are the organisation's work and stay, without the name. Wagtail's revisions
and history keep their reference to the (anonymised) account, like other case records.
Wagtail's own profile row (admin language, theme) is deleted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail.users.models import UserProfile

from socius.core.personal_data import personal_data_register
from socius.knowledge.models import PublicationAuthor, PublicationPage

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    return {
        "authored_publications": [
            {
                "title": link.page.title,
                "kind": link.page.kind,
                "date": link.page.publication_date.isoformat(),
                "live": link.page.live,
            }
            for link in PublicationAuthor.objects.filter(user=user).select_related("page")
        ],
        "pages_created": list(
            PublicationPage.objects.filter(owner=user).values_list("title", flat=True)
        ),
    }


def _erase(user: User) -> None:
    PublicationAuthor.objects.filter(user=user).delete()
    UserProfile.objects.filter(user=user).delete()


personal_data_register("knowledge", export=_export, erase=_erase)
