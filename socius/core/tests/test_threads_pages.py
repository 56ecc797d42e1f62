"""The thread's pages, its box, its API and CSV, through the client."""

# ruff: noqa: F401, F811  (the catalogue fixture, imported by name)
from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from socius.core.models import ThreadFollow, ThreadLink
from socius.core.tests.test_threads_services import CYCLE, catalogue, obj  # noqa: F401
from socius.core.thread_services import thread_link

pytestmark = pytest.mark.django_db


def _chain(cat, n: int, prefix: str = "t_idea"):
    refs = [obj(cat, prefix, str(i), f"Trin {i}") for i in range(1, n + 1)]
    thread = None
    for a, b in zip(refs, refs[1:], strict=False):
        thread = thread_link(source=a, target=b, actor=None)
    return thread


def test_the_list_and_the_thread_page_show_the_steps(client, catalogue):
    thread = _chain(catalogue, 3)
    assert thread.title in client.get(reverse("core:thread-list")).content.decode()
    page = client.get(reverse("core:thread-detail", args=[thread.public_id])).content.decode()
    assert "Trin 1" in page
    assert "Trin 3" in page
    assert "/test/t_idea/2/" in page


def test_a_step_not_public_keeps_its_place_without_title(client, catalogue):
    a = obj(catalogue, "t_idea", "1", "Offentlig")
    b = obj(catalogue, "t_decision", "1", "Hemmelig titel", public=False)
    thread = thread_link(source=a, target=b, actor=None)
    page = client.get(reverse("core:thread-detail", args=[thread.public_id])).content.decode()
    assert "Hemmelig titel" not in page
    data = client.get(f"/api/threads/{thread.public_id}").json()
    assert [s["key"] for s in data["steps"]] == ["1"]
    assert data["links"] == []


def test_the_page_costs_the_same_queries_for_3_and_10_steps(client, catalogue):
    small = _chain(catalogue, 3, "t_idea")
    large = _chain(catalogue, 10, "t_decision")
    counts = []
    for thread in (small, large):
        url = reverse("core:thread-detail", args=[thread.public_id])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_thread_for_redirects_or_404(client, catalogue):
    thread = _chain(catalogue, 2)
    response = client.get(reverse("core:thread-for", args=["t_idea", "1"]))
    assert response.url == reverse("core:thread-detail", args=[thread.public_id])
    assert client.get(reverse("core:thread-for", args=["t_idea", "99"])).status_code == 404
    assert client.get("/traade/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_following_and_unfollowing(client, citizen, catalogue):
    thread = _chain(catalogue, 2)
    url = reverse("core:thread-follow", args=[thread.public_id])
    assert client.post(url, {"follow": "1"}).status_code == 302  # to the login page
    assert not ThreadFollow.objects.exists()
    client.force_login(citizen)
    client.post(url, {"follow": "1"})
    assert ThreadFollow.objects.get(user=citizen).following is True
    page = client.get(reverse("core:thread-detail", args=[thread.public_id])).content.decode()
    with translation.override("da"):
        assert gettext("Stop following") in page
    client.post(url, {"follow": "0"})
    assert ThreadFollow.objects.get(user=citizen).following is False


def test_the_editor_page_is_403_without_the_capability_also_for_a_forged_post(
    client,
    citizen,
    catalogue,
):
    thread = _chain(catalogue, 2)
    client.force_login(citizen)
    edit = reverse("core:thread-edit", args=[thread.public_id])
    assert client.get(edit).status_code == 403
    link = ThreadLink.objects.get()
    assert client.post(reverse("core:thread-unlink", args=[thread.public_id, link.pk])).status_code == 403  # fmt: skip
    obj(catalogue, "t_decision", "1", "Beslutning")
    step = thread.steps.get(key="2")
    form = {"step": step.pk, "direction": "next", "kind": "t_decision", "q": "Beslut",
            "candidate": "1", "action": "link"}  # fmt: skip
    assert client.post(edit, form).status_code == 403
    assert ThreadLink.objects.count() == 1


def test_an_editor_searches_links_and_sees_a_cycle_refused(client, editor, catalogue):
    thread = _chain(catalogue, 3)
    obj(catalogue, "t_decision", "7", "Byrådets <b>beslutning</b>")
    client.force_login(editor)
    edit = reverse("core:thread-edit", args=[thread.public_id])
    last = thread.steps.get(key="3")
    form = {"step": last.pk, "direction": "next", "kind": "t_decision", "q": "byrådets",
            "note": "<script>alert(1)</script>"}  # fmt: skip
    page = client.post(edit, {**form, "action": "search"}).content.decode()
    assert "Byrådets &lt;b&gt;beslutning&lt;/b&gt;" in page
    # a forged key the search did not offer
    page = client.post(edit, {**form, "action": "link", "candidate": "999"}).content.decode()
    assert ThreadLink.objects.count() == 2
    assert "byrådets" in page
    response = client.post(edit, {**form, "action": "link", "candidate": "7"})
    assert response.status_code == 302
    assert ThreadLink.objects.count() == 3
    detail = client.get(reverse("core:thread-detail", args=[thread.public_id])).content.decode()
    assert "<script>alert(1)</script>" not in detail
    assert "&lt;script&gt;" in detail
    # 3 -> 1 would close a circle: refused, shown, input kept
    first = thread.steps.get(key="1")
    cycle = {"step": last.pk, "direction": "next", "kind": "t_idea", "q": "Trin 1",
             "candidate": "1", "action": "link"}  # fmt: skip
    page = client.post(edit, cycle).content.decode()
    with translation.override("da"):
        assert escape(gettext(CYCLE)) in page
    assert 'value="Trin 1"' in page
    assert first.pk
    assert ThreadLink.objects.count() == 3


def test_an_editor_removes_a_link_of_this_thread_only(client, editor, catalogue):
    thread = _chain(catalogue, 3)
    other = _chain(catalogue, 2, "t_decision")
    client.force_login(editor)
    foreign = ThreadLink.objects.get(thread=other)
    url = reverse("core:thread-unlink", args=[thread.public_id, foreign.pk])
    assert client.post(url).status_code == 404
    mine = ThreadLink.objects.filter(thread=thread).first()
    client.post(reverse("core:thread-unlink", args=[thread.public_id, mine.pk]))
    assert not ThreadLink.objects.filter(pk=mine.pk).exists()


def test_the_box_shows_previous_and_next_in_two_queries(catalogue):
    thread = _chain(catalogue, 3)
    template = Template('{% load threads %}{% thread_box "t_idea" key %}')
    catalogue.calls.clear()
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"key": "2"}))
    assert len(queries) == 2  # the test kinds' titles come from memory, one resolve per kind
    assert catalogue.calls == ["t_idea"]
    assert str(thread.public_id) in html
    with translation.override("da"):
        assert gettext("Previous step") in html
        assert gettext("Next step") in html
        assert gettext("See the whole thread") in html
    assert "Test idea: “Trin 1”" in html
    assert "Test idea: “Trin 3”" in html
    assert template.render(Context({"key": "404"})).strip() == ""


def test_the_box_names_a_step_not_public_by_its_kind_alone(catalogue):
    thread_link(
        source=obj(catalogue, "t_idea", "1", "Offentlig idé"),
        target=obj(catalogue, "t_decision", "1", "Hemmelig titel", public=False),
        actor=None,
    )
    html = Template('{% load threads %}{% thread_box "t_idea" "1" %}').render(Context())
    assert "Test decision</a>" in html
    assert "Hemmelig titel" not in html


def test_the_api_lists_threads_and_the_csv_has_steps_and_links(client, catalogue):
    thread = _chain(catalogue, 3)
    listed = client.get("/api/threads").json()
    assert listed["items"][0]["public_id"] == str(thread.public_id)
    data = client.get(f"/api/threads/{thread.public_id}").json()
    assert [s["key"] for s in data["steps"]] == ["1", "2", "3"]
    assert data["steps"][1]["came_from"] == ["t_idea:1"]
    assert client.get("/api/threads/not-a-uuid").status_code == 422
    assert client.get("/api/threads/00000000-0000-0000-0000-000000000000").status_code == 404
    csv = client.get(f"/api/threads/{thread.public_id}/csv").content.decode("utf-8-sig")
    assert csv.count("\nstep;") == 3
    assert csv.count("\nlink;") == 2
