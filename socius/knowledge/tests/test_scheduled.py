"""Scheduled publishing: ``publish_scheduled`` (run every minute in production) publishes a
page whose go-live time has passed and unpublishes one that expired; search follows."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from socius.knowledge.services import guide_draft_create
from socius.search.models import SearchDocument
from socius.tests_support.factories import theme

pytestmark = pytest.mark.django_db


def _draft(editor):
    return guide_draft_create(
        title="Lokaler til foreninger",
        summary="Mange foreninger mangler lokaler. Her er råd.",
        body="Spørg skolen.",
        themes=[theme("bolig")],
        created_by=editor,
    )


def _wait_until(moment):
    while timezone.now() <= moment:
        time.sleep(0.1)


def test_a_scheduled_page_goes_live_and_later_expires(
    editor, administrator, django_capture_on_commit_callbacks
):
    page = _draft(editor)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    page.expire_at = page.go_live_at + datetime.timedelta(seconds=2)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor).publish(user=administrator)
    page.refresh_from_db()
    assert (page.live, page.status_string) == (False, "planlagt")  # Danish admin (wagtail_locale)

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live is False  # not yet
    assert not SearchDocument.objects.filter(kind="guide").exists()

    _wait_until(page.go_live_at)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live is True
    assert SearchDocument.objects.filter(kind="guide", url=page.url).exists()

    _wait_until(page.expire_at)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert (page.live, page.expired) == (False, True)
    assert not SearchDocument.objects.filter(kind="guide").exists()
