"""The registry through which every module takes part in GDPR export and erasure.

A module registers a section name, a function that returns that person's data as JSON-ready
values, and optionally a function that erases or anonymises it. ``accounts`` calls them all
when a person downloads their data or deletes their account, so a new module adds itself
here instead of teaching ``accounts`` about its models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socius.accounts.models import User


Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class _Section:
    name: str
    export: Exporter
    erase: Eraser | None


_SECTIONS: dict[str, _Section] = {}


def personal_data_register(name: str, *, export: Exporter, erase: Eraser | None = None) -> None:
    _SECTIONS[name] = _Section(name, export, erase)


def personal_data_export(user: User) -> dict[str, Any]:
    return {name: section.export(user) for name, section in sorted(_SECTIONS.items())}


def personal_data_erase(user: User) -> list[str]:
    erased = []
    for name, section in sorted(_SECTIONS.items()):
        if section.erase is not None:
            section.erase(user)
            erased.append(name)
    return erased
