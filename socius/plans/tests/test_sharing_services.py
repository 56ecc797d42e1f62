"""The sharing services: consent as the law wants it, revocation, expiry, what a professional
may do through a share, and teams."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from socius.core.models import AuditEntry, Municipality
from socius.core.roles import Role
from socius.plans import sharing
from socius.plans.crypto import unseal
from socius.plans.models import Access, Comment, GoalRating, Part, Share, Step, Team
from socius.plans.tests import sharing_helpers
from socius.plans.tests.sharing_helpers import MARK, TODAY, make_plan, share
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


def _create(plan, **kwargs):
    args = {
        "actor": plan.owner, "plan": plan, "parts": [Part.GOALS],
        "purpose": "Hjælp til job", "ends_on": TODAY + datetime.timedelta(days=90),
        "today": TODAY,
    }  # fmt: skip
    args.update(kwargs)
    return sharing.share_create(**args)


def test_it_shares_with_a_professional_and_logs_it(plan, professional):
    s = _create(plan, professional_email=professional.email.upper(), parts=["ratings", "goals"])
    assert s.professional == professional
    assert s.parts == ["goals", "ratings"]  # in the fixed order, no duplicates
    assert unseal(plan, "share", s.sealed)["purpose"] == "Hjælp til job"
    assert list(Access.objects.filter(plan=plan).values_list("action", flat=True)) == ["shared"]
    entry = AuditEntry.objects.get(action=sharing.AUDIT_SHARE_CREATED)
    assert "Hjælp" not in str(entry.data)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"parts": []}, "parts"),
        ({"parts": ["everything"]}, "parts"),
        ({"purpose": "   "}, "purpose"),
        ({"purpose": "x" * 501}, "purpose"),
        ({"ends_on": TODAY - datetime.timedelta(days=1)}, "ends_on"),
        ({"ends_on": datetime.date(2027, 3, 3)}, "ends_on"),  # 12 months and a day
        ({"ends_on": "2026-05-01"}, "ends_on"),
        ({"professional_email": ""}, "professional_email"),
    ],
    ids=["no-part", "unknown-part", "blank-purpose", "long-purpose", "past", "too-far",
         "not-a-date", "nobody"],
)  # fmt: skip
def test_it_refuses_a_share_that_is_not_concrete(plan, professional, kwargs, field):
    kwargs.setdefault("professional_email", professional.email)
    with pytest.raises(ValidationError) as exc:
        _create(plan, **kwargs)
    assert field in exc.value.error_dict
    assert not Share.objects.exists()
    assert not Access.objects.exists()


def test_it_allows_exactly_twelve_months(plan, professional):
    s = _create(plan, professional_email=professional.email, ends_on=datetime.date(2027, 3, 2))
    assert s.ends_on == datetime.date(2027, 3, 2)


def test_it_gives_the_same_answer_for_an_unknown_address_and_a_non_professional(
    plan, layperson, professional
):
    messages = []
    for email in (layperson.email, "nobody-here@example.dk", plan.owner.email):
        with pytest.raises(ValidationError) as exc:
            _create(plan, professional_email=email)
        messages.append(exc.value.error_dict["professional_email"][0].messages)
    assert messages[0] == messages[1] == messages[2]


def test_an_inactive_professional_cannot_be_chosen(plan, professional):
    professional.is_active = False
    professional.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        _create(plan, professional_email=professional.email)


def test_it_wants_one_recipient(plan, professional):
    team = Team.objects.create(municipality=Municipality.objects.get(code="751"), name="Jobteam")
    with pytest.raises(ValidationError):
        _create(plan, professional_email=professional.email, team=team)
    s = _create(plan, team=team)
    assert s.team == team
    assert s.professional is None


def test_goals_of_another_plan_are_refused(plan, professional):
    other = make_plan(UserFactory())
    with pytest.raises(ValidationError) as exc:
        _create(plan, professional_email=professional.email, goals=[other.goals.first()])
    assert "goals" in exc.value.error_dict
    assert not Share.objects.exists()


def test_only_the_owner_shares(plan, professional):
    with pytest.raises(PermissionDenied):
        _create(plan, actor=professional, professional_email=professional.email)


def test_the_professional_gets_a_mail_without_plan_content(
    plan, professional, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        s = _create(plan, professional_email=professional.email)
    [mail] = [m for m in mailbox.messages if m["To"] == professional.email]
    body = mailbox.body_of(mail)
    assert f"/min-plan/delt-med-mig/{s.public_id}/" in body
    assert MARK not in body
    assert "Hjælp til job" not in body
    assert plan.owner.name not in body


def test_revoke_is_logged_once_and_only_by_the_owner(plan, professional):
    s = _create(plan, professional_email=professional.email)
    with pytest.raises(PermissionDenied):
        sharing.share_revoke(actor=professional, share=s)
    sharing.share_revoke(actor=plan.owner, share=s)
    sharing.share_revoke(actor=plan.owner, share=s)
    s.refresh_from_db()
    assert s.revoked_at is not None
    assert Access.objects.filter(share=s, action=Access.Action.REVOKED).count() == 1
    with pytest.raises(Http404):
        sharing.comment_add(actor=professional, share=s, text="Hej")


def test_shares_expire_logs_each_ended_share_once(plan, professional):
    today = timezone.localdate()
    ended = share(plan, professional, days=5)
    Share.objects.filter(pk=ended.pk).update(ends_on=today - datetime.timedelta(days=1))
    current = share(plan, professional, days=5)
    assert sharing.shares_expire(today) == 1
    assert sharing.shares_expire(today) == 0
    call_command("plans_shares_expire", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert Access.objects.filter(action=Access.Action.EXPIRED, share=ended).count() == 1
    assert not Access.objects.filter(action=Access.Action.EXPIRED, share=current).exists()


def test_a_professional_comments_and_proposes_within_the_share(plan, professional):
    g1, g2 = plan.goals.all()
    s = share(plan, professional, goals=[g1])
    comment = sharing.comment_add(actor=professional, share=s, text=f"<b>{MARK}</b>", goal=g1)
    assert unseal(plan, "comment", comment.sealed)["text"] == f"<b>{MARK}</b>"
    step = sharing.step_propose(actor=professional, share=s, goal=g1, text="Ring til A-kassen")
    assert step.state == Step.State.PROPOSED
    assert step.proposed_by == professional
    # The goal that was not shared: 404, nothing written.
    for call in (
        lambda: sharing.comment_add(actor=professional, share=s, text="x", goal=g2),
        lambda: sharing.step_propose(actor=professional, share=s, goal=g2, text="x"),
    ):
        with pytest.raises(Http404):
            call()
    assert Comment.objects.count() == 1
    assert Step.objects.filter(state=Step.State.PROPOSED).count() == 1
    actions = set(Access.objects.filter(share=s).values_list("action", flat=True))
    assert actions == {"shared", "commented", "proposed"}


def test_another_professional_cannot_use_the_share(plan, professional, other_professional):
    s = share(plan, professional)
    with pytest.raises(Http404):
        sharing.comment_add(actor=other_professional, share=s, text="Hej")
    with pytest.raises(Http404):
        sharing.share_viewed(actor=other_professional, share=s)


def test_a_goal_from_another_plan_is_refused(plan, professional):
    s = share(plan, professional)
    other = make_plan(UserFactory())
    with pytest.raises(PermissionDenied):
        sharing.step_propose(actor=professional, share=s, goal=other.goals.first(), text="x")
    with pytest.raises(PermissionDenied):
        sharing.comment_add(actor=professional, share=s, text="x", goal=other.goals.first())


def test_over_long_text_is_refused(plan, professional):
    s = share(plan, professional)
    with pytest.raises(ValidationError):
        sharing.comment_add(actor=professional, share=s, text="x" * 2001)
    assert not Comment.objects.exists()


def test_the_citizen_answers_a_proposed_step_once(plan, professional):
    s = share(plan, professional)
    step = sharing.step_propose(actor=professional, share=s, goal=plan.goals.first(), text="x")
    with pytest.raises(PermissionDenied):
        sharing.step_answer(actor=professional, step=step, accept=True)
    assert sharing.step_answer(actor=plan.owner, step=step, accept=True).state == "active"
    with pytest.raises(ValidationError):
        sharing.step_answer(actor=plan.owner, step=step, accept=False)


def test_a_professional_rating_sits_beside_the_citizens(plan, professional):
    goal = plan.goals.first()
    s = share(plan, professional, parts=(Part.GOALS, Part.RATINGS))
    rating = sharing.share_rate(actor=professional, share=s, goal=goal, score=1, comment="God")
    assert rating.rater == "professional"
    assert rating.rated_by == professional
    assert Access.objects.filter(share=s, action=Access.Action.RATED).exists()
    only_goals = share(plan, professional, parts=(Part.GOALS,))
    with pytest.raises(Http404):
        sharing.share_rate(actor=professional, share=only_goals, goal=goal, score=2)
    assert GoalRating.objects.count() == 1


def test_a_removed_team_member_loses_access_at_once(plan, professional, other_professional):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    team = sharing.team_create(
        actor=admin, municipality=Municipality.objects.get(code="751"), name="Jobcenter",
        members=[professional, other_professional],
    )  # fmt: skip
    today = timezone.localdate()
    s = _create(plan, team=team, today=today, ends_on=today + datetime.timedelta(days=5))
    sharing.share_viewed(actor=other_professional, share=s)
    sharing.team_update(actor=admin, team=team, name="Jobcenter", members=[professional])
    with pytest.raises(Http404):
        sharing.share_viewed(actor=other_professional, share=s)
    sharing.share_viewed(actor=professional, share=s)


def test_teams_are_kept_by_administrators_with_professionals_only(professional, layperson):
    municipality = Municipality.objects.get(code="751")
    with pytest.raises(PermissionDenied):
        sharing.team_create(actor=professional, municipality=municipality, name="X", members=[])
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    with pytest.raises(ValidationError):
        sharing.team_create(actor=admin, municipality=municipality, name="X", members=[layperson])
    assert not Team.objects.exists()
