"""The class's own pages, as the class page links to them (each part owns one or more)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.school.models import SchoolClass


@dataclass(frozen=True)
class Tool:
    url_name: str
    label: str | Promise
    description: str | Promise


TOOLS = (
    Tool("school:class-conversation", _("Class conversation"), _("Say what you think and vote.")),
    Tool(
        "school:class-exercises", _("Numbers from your municipality"), _("Work with real numbers.")
    ),
    Tool("school:class-visits", _("Visits"), _("Meet an association or club.")),
    Tool("school:class-meetings", _("Meet politicians"), _("Ask local politicians questions.")),
    Tool("school:class-projects", _("Projects"), _("Make a proposal to the city council.")),
)


@dataclass(frozen=True)
class Link:
    url: str
    label: str | Promise
    description: str | Promise


def class_tools(school_class: SchoolClass) -> list[Link]:
    """The links to the class's pages, in order."""
    return [
        Link(reverse(tool.url_name, args=[school_class.public_id]), tool.label, tool.description)
        for tool in TOOLS
    ]
