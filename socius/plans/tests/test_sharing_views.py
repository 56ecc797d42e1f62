"""The sharing pages through the test client, with the attacks: other people's ids, forged,
ended and revoked shares, a professional trying to widen a share, a removed team member,
hostile text."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socius.core.models import Municipality
from socius.core.roles import Role
from socius.plans import sharing
from socius.plans.models import Access, Comment, GoalRating, Part, Share, Step, Team
from socius.plans.tests import sharing_helpers
from socius.plans.tests.sharing_helpers import MARK, make_plan, share, strong_client
from socius.tests_support.factories import UserFactory

# The fixtures these tests use.
layperson, other_professional, owner, plan, professional = (
    sharing_helpers.layperson,
    sharing_helpers.other_professional,
    sharing_helpers.owner,
    sharing_helpers.plan,
    sharing_helpers.professional,
)

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"plans:{name}", args=args)


# --- the citizen -----------------------------------------------------------------------------


def test_it_shares_through_the_form(plan, professional):
    client = strong_client(plan.owner)
    goal = plan.goals.first()
    assert client.get(_url("share-create")).status_code == 200
    ends = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    response = client.post(_url("share-create"), {
        "parts": ["goals", "ratings"], "goals": [str(goal.public_id)],
        "professional_email": professional.email, "purpose": "Hjælp til at søge job",
        "ends_on": ends,
    })  # fmt: skip
    assert response.status_code == 302
    s = Share.objects.get()
    assert list(s.goals.all()) == [goal]
    page = client.get(_url("share-list"))
    assert professional.display_name in page.content.decode()
    assert "Hjælp til at søge job" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"parts": []}, "parts"),
        ({"parts": ["all"]}, "parts"),
        ({"ends_on": "2001-01-01"}, "ends_on"),
        ({"ends_on": "2999-01-01"}, "ends_on"),
        ({"ends_on": "31-02-2027"}, "ends_on"),
        ({"purpose": "x" * 600}, "purpose"),
        ({"professional_email": "no-one@example.dk"}, "professional_email"),
        ({"professional_email": ""}, "professional_email"),
        ({"goals": [str(uuid.uuid4())]}, "goals"),
    ],
    ids=["no-part", "forged-part", "past", "far-future", "no-such-day", "long", "unknown",
         "nobody", "forged-goal"],
)  # fmt: skip
def test_a_bad_share_form_keeps_what_was_typed_and_saves_nothing(plan, professional, data, error):
    client = strong_client(plan.owner)
    form = {
        "parts": ["goals"], "professional_email": professional.email,
        "purpose": f"<script>alert('{MARK}')</script>",
        "ends_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }  # fmt: skip
    form.update(data)
    response = client.post(_url("share-create"), form)
    assert response.status_code == 200
    assert error in response.context["form"].errors
    html = response.content.decode()
    if error != "purpose":
        assert "&lt;script&gt;alert(" in html  # kept, escaped
    assert "<script>alert(" not in html
    assert not Share.objects.exists()


def test_a_goal_of_another_plan_cannot_be_posted(plan, professional):
    other = make_plan(UserFactory())
    client = strong_client(plan.owner)
    response = client.post(_url("share-create"), {
        "parts": ["goals"], "goals": [str(other.goals.first().public_id)],
        "professional_email": professional.email, "purpose": "Job",
        "ends_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 200
    assert not Share.objects.exists()


def test_revoke_takes_effect_on_the_professionals_next_request(plan, professional):
    s = share(plan, professional)
    citizen = strong_client(plan.owner)
    pro = strong_client(professional)
    assert pro.get(_url("shared-plan", s.public_id)).status_code == 200
    response = citizen.post(_url("share-revoke", s.public_id))
    assert response.status_code == 302
    assert pro.get(_url("shared-plan", s.public_id)).status_code == 404
    assert pro.post(_url("shared-comment", s.public_id), {"text": "Hej"}).status_code == 404
    assert s.public_id.hex not in pro.get(_url("shared-list")).content.decode().replace("-", "")
    assert citizen.get(_url("access-log")).status_code == 200
    actions = list(
        Access.objects.filter(share=s).order_by("at", "pk").values_list("action", flat=True)
    )
    assert actions == ["shared", "viewed", "revoked"]


def test_revoke_is_post_only_and_for_the_owner_only(plan, professional, layperson):
    s = share(plan, professional)
    assert strong_client(plan.owner).get(_url("share-revoke", s.public_id)).status_code == 405
    make_plan(layperson)
    other = strong_client(layperson)
    assert other.post(_url("share-revoke", s.public_id)).status_code == 404
    assert other.post(_url("share-revoke", uuid.uuid4())).status_code == 404
    s.refresh_from_db()
    assert s.revoked_at is None


def test_the_citizen_answers_a_proposed_step(plan, professional):
    s = share(plan, professional)
    step = sharing.step_propose(
        actor=professional, share=s, goal=plan.goals.first(), text=f"Ring {MARK}"
    )
    client = strong_client(plan.owner)
    assert f"Ring {MARK}" in client.get(_url("share-list")).content.decode()
    assert client.post(_url("step-answer", step.public_id), {"answer": "maybe"}).status_code == 302
    step.refresh_from_db()
    assert step.state == Step.State.PROPOSED
    client.post(_url("step-answer", step.public_id), {"answer": "decline"})
    step.refresh_from_db()
    assert step.state == Step.State.DECLINED


def test_another_citizen_cannot_answer_the_step(plan, professional, layperson):
    s = share(plan, professional)
    step = sharing.step_propose(actor=professional, share=s, goal=plan.goals.first(), text="x")
    make_plan(layperson)
    response = strong_client(layperson).post(
        _url("step-answer", step.public_id), {"answer": "accept"}
    )
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.state == Step.State.PROPOSED


def test_citizen_pages_are_404_without_a_plan_and_ask_for_login(layperson):
    client = strong_client(layperson)
    for name in ("share-list", "share-create", "access-log"):
        assert client.get(_url(name)).status_code == 404
    anonymous = Client()
    assert anonymous.get(_url("share-list")).status_code == 302


def test_a_weak_session_is_sent_to_strong_sign_in(plan):
    client = Client()
    client.force_login(plan.owner)
    response = client.get(_url("share-list"))
    assert response.status_code == 302
    assert "sikker-adgang" in response["Location"]


def test_the_share_list_keeps_its_query_count(plan, professional, other_professional):
    client = strong_client(plan.owner)
    share(plan, professional)
    client.get(_url("share-list"))
    with CaptureQueriesContext(connection) as few:
        client.get(_url("share-list"))
    for _ in range(3):
        s = share(plan, other_professional)
        sharing.comment_add(actor=other_professional, share=s, text="Hej")
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("share-list")).status_code == 200
    assert len(many) == len(few)


# --- the professional ------------------------------------------------------------------------


def test_the_shared_plan_shows_only_the_shared_parts(plan, professional):
    g1, g2 = plan.goals.all()
    s = share(plan, professional, parts=(Part.GOALS,), goals=[g1])
    response = strong_client(professional).get(_url("shared-plan", s.public_id))
    html = response.content.decode()
    assert f"{MARK}-G1" in html
    assert f"{MARK}-G2" not in html
    assert f"{MARK}-N" not in html  # notes not shared
    assert "cv.pdf" not in html  # documents not shared
    assert Access.objects.filter(share=s, action=Access.Action.VIEWED).count() == 1


def test_the_professional_rates_beside_the_citizen(plan, professional):
    from socius.plans import services

    goal = plan.goals.first()
    services.goal_rate(actor=plan.owner, goal=goal, score=-1)
    s = share(plan, professional, parts=(Part.GOALS, Part.RATINGS))
    client = strong_client(professional)
    response = client.post(_url("shared-rate", s.public_id),
                           {"goal": str(goal.public_id), "score": "1", "comment": ""})  # fmt: skip
    assert response.status_code == 302
    assert sorted(GoalRating.objects.values_list("rater", flat=True)) == ["citizen", "professional"]
    html = client.get(_url("shared-plan", s.public_id)).content.decode()
    assert "A professional" in html or "En fagperson" in html


def test_the_professional_comments_and_proposes(plan, professional):
    goal = plan.goals.first()
    s = share(plan, professional)
    client = strong_client(professional)
    hostile = f"<img src=x onerror=alert(1)>{MARK}"
    response = client.post(_url("shared-comment", s.public_id),
                           {"text": hostile, "goal": str(goal.public_id)})  # fmt: skip
    assert response.status_code == 302
    page = client.get(_url("shared-plan", s.public_id)).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page
    response = client.post(_url("shared-propose", s.public_id),
                           {"text": "Søg tre job", "goal": str(goal.public_id)})  # fmt: skip
    assert response.status_code == 302
    assert Step.objects.filter(state=Step.State.PROPOSED).count() == 1
    response = client.post(_url("shared-comment", s.public_id), {"text": ""})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_the_professional_cannot_widen_the_share(plan, professional):
    g1, g2 = plan.goals.all()
    s = share(plan, professional, parts=(Part.GOALS,), goals=[g1])
    client = strong_client(professional)
    # A goal that is not shared, extra fields naming parts and goals: refused or ignored.
    response = client.post(_url("shared-propose", s.public_id), {
        "text": "x", "goal": str(g2.public_id), "parts": ["notes", "documents"],
        "goals": [str(g2.public_id)],
    })  # fmt: skip
    assert response.status_code == 400
    assert client.post(_url("shared-rate", s.public_id),
                       {"goal": str(g1.public_id), "score": "2"}).status_code == 404  # fmt: skip
    document = plan.documents.first()
    assert client.get(_url("shared-document", s.public_id, document.public_id)).status_code == 404
    # No page lets them edit the share: the citizen's own pages answer 404.
    assert client.post(_url("share-revoke", s.public_id)).status_code == 404
    assert client.post(_url("share-create"), {"parts": ["notes"]}).status_code == 404
    s.refresh_from_db()
    assert s.parts == ["goals"]
    assert list(s.goals.all()) == [g1]
    assert not Step.objects.filter(state=Step.State.PROPOSED).exists()


def test_a_shared_document_downloads_and_is_logged(plan, professional):
    s = share(plan, professional, parts=(Part.DOCUMENTS,))
    document = plan.documents.first()
    client = strong_client(professional)
    response = client.get(_url("shared-document", s.public_id, document.public_id))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert Access.objects.filter(share=s, action=Access.Action.DOWNLOADED).count() == 1
    other = make_plan(UserFactory())
    forged = other.documents.first().public_id
    assert client.get(_url("shared-document", s.public_id, forged)).status_code == 404


@pytest.mark.parametrize("case", ["forged", "other-professional", "ended", "revoked"])
def test_share_ids_that_do_not_open_anything_are_404(plan, professional, other_professional, case):
    s = share(plan, professional)
    who = professional
    share_id = s.public_id
    if case == "forged":
        share_id = uuid.uuid4()
    elif case == "other-professional":
        who = other_professional
    elif case == "ended":
        Share.objects.filter(pk=s.pk).update(ends_on=timezone.localdate() - datetime.timedelta(1))
    else:
        sharing.share_revoke(actor=plan.owner, share=s)
    client = strong_client(who)
    views = Access.objects.filter(action=Access.Action.VIEWED).count()
    assert client.get(_url("shared-plan", share_id)).status_code == 404
    assert client.post(_url("shared-comment", share_id), {"text": "Hej"}).status_code == 404
    assert client.post(_url("shared-propose", share_id), {"text": "x"}).status_code == 404
    assert Access.objects.filter(action=Access.Action.VIEWED).count() == views
    assert not Comment.objects.exists()


def test_a_removed_team_member_loses_access_on_the_next_request(
    plan, professional, other_professional
):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    team = sharing.team_create(
        actor=admin, municipality=Municipality.objects.get(code="751"), name="Jobteam",
        members=[professional, other_professional],
    )  # fmt: skip
    s = sharing.share_create(
        actor=plan.owner, plan=plan, parts=[Part.GOALS], team=team, purpose="Job",
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )  # fmt: skip
    member = strong_client(other_professional)
    assert member.get(_url("shared-plan", s.public_id)).status_code == 200
    admin_client = strong_client(admin)
    response = admin_client.post(_url("team-edit", team.pk),
                                 {"name": "Jobteam", "members": [professional.pk]})  # fmt: skip
    assert response.status_code == 302
    assert member.get(_url("shared-plan", s.public_id)).status_code == 404
    assert strong_client(professional).get(_url("shared-plan", s.public_id)).status_code == 200


def test_the_shared_list_lists_only_shares_in_force_with_few_queries(
    plan, professional, other_professional
):
    s = share(plan, professional)
    client = strong_client(professional)
    with CaptureQueriesContext(connection) as few:
        html = client.get(_url("shared-list")).content.decode()
    assert plan.owner.display_name in html
    for _ in range(3):
        share(make_plan(UserFactory()), professional)
    revoked = share(make_plan(UserFactory(name="Skjult Person")), professional)
    sharing.share_revoke(actor=revoked.plan.owner, share=revoked)
    with CaptureQueriesContext(connection) as many:
        html = client.get(_url("shared-list")).content.decode()
    assert len(many) == len(few)
    assert "Skjult Person" not in html
    assert str(s.public_id) in html
    assert "search" not in html.split("<main", 1)[1].lower().split("</main>")[0]


def test_professional_pages_are_403_without_the_capability(layperson, plan, professional):
    s = share(plan, professional)
    client = strong_client(layperson)
    assert client.get(_url("shared-list")).status_code == 403
    assert client.get(_url("shared-plan", s.public_id)).status_code == 403
    assert client.get(_url("shared-plan", uuid.uuid4())).status_code == 403


# --- teams ------------------------------------------------------------------------------------


def test_teams_pages_are_for_administrators(professional):
    client = strong_client(professional)
    for name in ("team-list", "team-create"):
        assert client.get(_url(name)).status_code == 403
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    admin_client = strong_client(admin)
    response = admin_client.post(_url("team-create"), {
        "name": "Jobteam", "municipality": Municipality.objects.get(code="751").pk,
        "members": [professional.pk],
    })  # fmt: skip
    assert response.status_code == 302
    assert list(Team.objects.get().members.all()) == [professional]
    assert "Jobteam" in admin_client.get(_url("team-list")).content.decode()
    duplicate = admin_client.post(_url("team-create"), {
        "name": "Jobteam", "municipality": Municipality.objects.get(code="751").pk,
    })  # fmt: skip
    assert duplicate.status_code == 200
    assert Team.objects.count() == 1
    layperson = UserFactory(totp=True)
    forged = admin_client.post(_url("team-create"), {
        "name": "Andet", "municipality": Municipality.objects.get(code="751").pk,
        "members": [layperson.pk],
    })  # fmt: skip
    assert forged.status_code == 200
    assert Team.objects.count() == 1
