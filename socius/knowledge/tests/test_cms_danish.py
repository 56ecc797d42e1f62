"""The Wagtail admin speaks Danish to editors, also where Wagtail's own catalogue is English."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

# Texts every editor meets that Wagtail 8 ships without Danish.
WAGTAIL_GAPS = {
    "Documents": "Dokumenter",
    "Images": "Billeder",
    "Save changes": "Gem ændringer",
    "Workflow": "Arbejdsgang",
    "Awaiting your review": "Venter på din godkendelse",
    "Page type": "Sidetype",
}


def test_the_gaps_in_wagtails_danish_are_filled():
    with translation.override("da"):
        for english, danish in WAGTAIL_GAPS.items():
            assert translation.gettext(english) == danish


def test_the_admin_menu_is_danish(client, editor):
    client.force_login(editor)
    page = client.get("/cms/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    assert props, "the sidebar's menu is missing"
    labels = re.findall(r'"label": "([^"]+)"', json.dumps(json.loads(props.group(1))))
    assert "Dokumenter" in labels
    assert "Documents" not in labels
    assert "Images" not in labels
