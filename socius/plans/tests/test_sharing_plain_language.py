"""The sharing pages read easily: the visible text of each page, in Danish, has a LIX under 30
(with the demo-like words of a plan in it)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from socius.core.plain_language import lix
from socius.plans import sharing
from socius.plans.models import Part
from socius.plans.tests import sharing_helpers
from socius.plans.tests.sharing_helpers import share, strong_client

# The fixtures these tests use.
owner, plan, professional = (
    sharing_helpers.owner,
    sharing_helpers.plan,
    sharing_helpers.professional,
)

pytestmark = pytest.mark.django_db


def _visible(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", "\n", main))
    # Headings, labels and table cells end where their element ends.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line if line.endswith((".", ":", "?", "!")) else line + "." for line in lines)


def test_the_sharing_pages_are_plain(plan, professional):
    s = share(plan, professional, parts=(Part.GOALS, Part.RATINGS, Part.NOTES))
    sharing.comment_add(actor=professional, share=s, text="Godt gået. Vi ses på mandag.")
    citizen = strong_client(plan.owner)
    pro = strong_client(professional)
    pages = [
        citizen.get(reverse("plans:share-list")),
        citizen.get(reverse("plans:share-create")),
        citizen.get(reverse("plans:access-log")),
        pro.get(reverse("plans:shared-list")),
        pro.get(reverse("plans:shared-plan", args=[s.public_id])),
    ]
    for response in pages:
        assert response.status_code == 200
        score = lix(_visible(response.content.decode()))
        assert score is not None
        assert score.score < 30, (response.wsgi_request.path, score)
