"""Core's public content in search: organisations (their public page), active themes, and
the landing page of every service, found by its everyday name."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from socius.core.models import MunicipalSpace, Organisation, Theme
from socius.core.search_registry import (
    Document,
    search_index_on_commit,
    search_register,
    search_register_pages,
)


def organisation_document(org: Organisation) -> Document | None:
    """What the organisation's public page shows: name, kind, municipality, description."""
    with translation.override("da"):
        kind = str(org.get_kind_display())
    municipality = org.municipality.name if org.municipality else ""
    return Document(
        title=org.name,
        body="\n".join(part for part in (org.description, kind, municipality) if part),
        url=org.get_absolute_url(),
        kind="organisation",
        module="core",
        themes=tuple(t.slug for t in org.themes.all() if t.is_active),
        published=org.created_at,
    )


def organisation_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("municipality").prefetch_related("themes")


def theme_document(theme: Theme) -> Document | None:
    """Active themes only; both languages' text, Danish first."""
    if not theme.is_active:
        return None
    return Document(
        title=theme.name,
        body="\n".join(p for p in (theme.description, theme.name_en, theme.description_en) if p),
        url=theme.get_absolute_url(),
        kind="theme",
        module="core",
        themes=(theme.slug,),
        published=None,
    )


def municipal_space_document(space: MunicipalSpace) -> Document | None:
    """A participating municipality's space: its name, the authority and the introduction."""
    if not space.participates:
        return None
    return Document(
        title=space.municipality.name,
        body="\n".join(part for part in (space.authority, space.intro) if part),
        url=space.get_absolute_url(),
        kind="municipality",
        module="core",
        themes=(),
        published=None,
    )


# The landing page of each service: (key, URL name or path, title, text). The text holds the
# words people use for the service, Danish first, so "rådgivning" finds
# "Fællesskabsrådgivning" (search does not split compounds). Indexed in Danish, like all
# content; English words are added for English-speaking visitors.
SERVICE_PAGES: tuple[tuple[str, str, str, str], ...] = (
    (
        "viden",
        "/viden/",
        "Viden",
        "Vidensbank med viden, udgivelser, rapporter og forskning om sociale problemer og "
        "løsninger. Knowledge hub, publications.",
    ),
    (
        "samtaler",
        "deliberation:conversation-list",
        "Samtaler",
        "Samtaler og debat: tag stilling til udsagn, skriv dine egne og se, hvor der er enighed "
        "på tværs af partier. Conversations, deliberation.",
    ),
    (
        "borgerforslag",
        "proposals:proposal-list",
        "Borgerforslag",
        "Borgerforslag til kommunen: stil et forslag, skriv under på andres forslag og følg "
        "deres behandling i byrådet. Citizen proposals, petitions.",
    ),
    (
        "tilskud",
        "grants:round-list",
        "Tilskud",
        "Tilskud og puljer: søg penge til jeres projekt eller forening, og se hvem der har "
        "fået tilskud. Grants, funding.",
    ),
    (
        "faellesskaber",
        "advice:community-list",
        "Find et fællesskab",
        "Fællesskaber, foreninger og frivillige grupper nær dig. Find communities.",
    ),
    (
        "raadgivning",
        "advice:request-list",
        "Fællesskabsrådgivning",
        "Rådgivning til fællesskaber og foreninger: spørg en rådgiver om at starte eller drive "
        "et fællesskab. Community advice.",
    ),
    (
        "whistleblower",
        "whistleblowing:information",
        "Whistleblower",
        "Whistleblowerordning: indberet ulovlige eller alvorlige forhold fortroligt, også "
        "anonymt. Whistleblower scheme, report wrongdoing.",
    ),
    (
        "kommuner",
        "core:municipality-list",
        "Kommuner",
        "Kommuner, der er med i Socius, og deres ordninger. Municipalities.",
    ),
    (
        "om",
        "core:about",
        "Om Socius",
        "Hvem står bag Socius, hvem har ansvaret, og hvordan kontakter man os. Kontakt. "
        "About Socius, contact.",
    ),
)


def service_pages() -> dict[str, Document]:
    """The services that exist (a URL name that does not resolve is left out)."""
    pages = {}
    for key, target, title, body in SERVICE_PAGES:
        try:
            url = target if target.startswith("/") else reverse(target)
        except NoReverseMatch:
            continue
        pages[key] = Document(title=title, body=body, url=url, kind="service", module="core")
    return pages


def _organisation_themes_changed(
    instance: Any, action: str, pk_set: set[Any] | None = None, **kwargs: Any
) -> None:
    # Themes are set after the organisation row is saved: index again once they are. From
    # the theme's side (theme.organisations.add(...)) the organisations are in ``pk_set``.
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Organisation):
        search_index_on_commit(kind="organisation", pk=instance.pk)
    else:
        for pk in pk_set or ():
            search_index_on_commit(kind="organisation", pk=pk)


search_register(
    kind="organisation",
    module="core",
    model=Organisation,
    label=_("Organisation"),
    document=organisation_document,
    queryset=organisation_queryset,
)
search_register(
    kind="theme",
    module="core",
    model=Theme,
    label=_("Theme"),
    document=theme_document,
    queryset=lambda: Theme.objects.all(),
)
search_register(
    kind="municipality",
    module="core",
    model=MunicipalSpace,
    label=_("Municipality"),
    document=municipal_space_document,
    queryset=lambda: MunicipalSpace.objects.select_related("municipality"),
)
search_register_pages(kind="service", module="core", label=_("Service"), pages=service_pages)
m2m_changed.connect(
    _organisation_themes_changed,
    sender=Organisation.themes.through,
    dispatch_uid="search-organisation-themes",
)
