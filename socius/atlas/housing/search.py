"""Housing areas and intergenerational projects in search: both are public."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from socius.atlas.housing.models import HousingArea, IntergenerationalProject
from socius.core.search_registry import Document, search_register


def area_document(area: HousingArea) -> Document:
    body = "\n".join(
        p
        for p in (
            area.municipality.name,
            area.housing_organisation,
            area.departments,
            area.description,
        )
        if p
    )
    return Document(
        title=area.name,
        body=body,
        url=area.get_absolute_url(),
        kind="housing_area",
        module="housing",
        themes=("bolig",),
        published=area.created_at,
    )


def area_queryset() -> QuerySet[HousingArea]:
    return HousingArea.objects.select_related("municipality")


def project_document(project: IntergenerationalProject) -> Document:
    body = "\n".join((project.description, project.municipality.name, project.organisation.name))
    return Document(
        title=project.name,
        body=body,
        url=project.get_absolute_url(),
        kind="intergenerational_project",
        module="housing",
        themes=("bolig", "aeldre"),
        published=project.created_at,
    )


def project_queryset() -> QuerySet[IntergenerationalProject]:
    return IntergenerationalProject.objects.select_related("municipality", "organisation")


search_register(
    kind="housing_area",
    module="housing",
    model=HousingArea,
    label=_("Housing area"),
    document=area_document,
    queryset=area_queryset,
)
search_register(
    kind="intergenerational_project",
    module="housing",
    model=IntergenerationalProject,
    label=_("Intergenerational housing"),
    document=project_document,
    queryset=project_queryset,
)
