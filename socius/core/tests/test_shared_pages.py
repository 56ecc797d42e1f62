"""The front page, the theme pages and the themes index with nothing published: plain Danish
where there is nothing to show, and 404 for a theme that does not exist or is not active. The
same pages on the demo content: test_demo_pages.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.core.models import Theme
from socius.tests_support.pages import main_of

pytestmark = pytest.mark.django_db


def test_an_empty_front_page_says_so_in_plain_danish(client):
    html = main_of(client, "/")
    assert "Der er ingen åbne samtaler lige nu." in html
    assert "Ingen borgerforslag samler underskrifter lige nu." in html
    assert "Ingen tilskudspuljer er åbne for ansøgninger lige nu." in html
    assert "Der er ikke udgivet noget endnu." in html


def test_the_themes_index_links_each_theme(client):
    html = main_of(client, reverse("core:theme-list"))
    for theme in Theme.objects.filter(is_active=True):
        assert f'href="{theme.get_absolute_url()}"' in html


@pytest.mark.parametrize("slug", ["findes-ikke", "%3Cscript%3E", "a" * 300])
def test_an_unknown_theme_is_404(client, slug):
    assert client.get(f"/temaer/{slug}/").status_code == 404


def test_an_inactive_theme_is_404(client):
    theme = Theme.objects.get(slug="hjemloeshed")
    theme.is_active = False
    theme.save(update_fields=["is_active"])
    assert client.get(theme.get_absolute_url()).status_code == 404


def test_an_empty_theme_page_says_so_in_plain_danish(client):
    html = main_of(client, Theme.objects.get(slug="hjemloeshed").get_absolute_url())
    assert "Der er endnu ingen samtaler om dette tema." in html
    assert "Der er endnu ingen borgerforslag om dette tema." in html
    assert "Der er ikke udgivet noget om dette tema endnu." in html
