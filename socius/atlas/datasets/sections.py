"""Datasets on a theme's page: the theme's public datasets (two queries at most)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.atlas.datasets.selectors import dataset_list_for_theme
from socius.core.sections import Section, section_register

LIST_ITEMS = 6


def theme_datasets(*, theme: Any) -> list[Any]:
    return list(dataset_list_for_theme(theme)[:LIST_ITEMS])


section_register(
    Section(
        key="datasets",
        page="theme",
        heading=_("Research datasets"),
        template="datasets/sections/datasets.html",
        items=theme_datasets,
        empty=_("No research datasets on this theme yet."),
        order=70,
        more_url="datasets:dataset-list",
        more_label=_("All research datasets"),
    )
)
