"""Wagtail admin hooks: a LIX warning after saving, never a refusal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail import hooks

from socius.core.plain_language import TARGET_FOR_EVERYONE, lix


def _lix_warn(request: HttpRequest, page: Any) -> None:
    summary = getattr(page.specific, "summary", None)
    if summary is None:
        return
    result = lix(summary)
    if result is not None and not result.is_plain:
        messages.warning(
            request,
            _(
                "The summary has a LIX of %(score)s (%(band)s), above %(target)s. "
                "Consider shorter sentences and shorter words."
            )
            % {"score": result.score, "band": result.band, "target": TARGET_FOR_EVERYONE},
        )


@hooks.register("after_create_page")
def lix_warn_after_create(request: HttpRequest, page: Any) -> None:
    _lix_warn(request, page)


@hooks.register("after_edit_page")
def lix_warn_after_edit(request: HttpRequest, page: Any) -> None:
    _lix_warn(request, page)
