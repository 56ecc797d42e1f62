"""Every write of the housing module (docs/architecture.md, "Services")."""

from socius.atlas.housing.services.areas import (
    area_create,
    area_status_recompute,
    area_update,
    area_year_save,
    initiative_delete,
    initiative_save,
    measure_add,
    measure_delete,
    rule_sets_load,
)
from socius.atlas.housing.services.intergenerational import (
    interest_delete,
    interest_save,
    interests_matching,
    project_create,
    project_status_set,
    project_update,
)
from socius.atlas.housing.services.segregation import income_import

__all__ = [
    "area_create",
    "area_status_recompute",
    "area_update",
    "area_year_save",
    "income_import",
    "initiative_delete",
    "initiative_save",
    "interest_delete",
    "interest_save",
    "interests_matching",
    "measure_add",
    "measure_delete",
    "project_create",
    "project_status_set",
    "project_update",
    "rule_sets_load",
]
