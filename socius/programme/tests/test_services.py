import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from socius.core.models import AuditEntry
from socius.core.models.threads import ThreadStep
from socius.core.roles import Role
from socius.programme import services_actions as sa
from socius.programme.models import ActionStatus, StatusChange
from socius.tests_support.factories import UserFactory

D1, D2 = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture
def editor(db):
    return UserFactory(roles=[Role.CASE_HANDLER], totp=True)


@pytest.fixture
def action(editor, commitment):
    return sa.action_save(
        actor=editor,
        commitment=commitment,
        title="Klausul",
        owner="Udbud",
        starts_on=D1,
        ends_on=D2,
    )


def test_it_refuses_a_status_change_without_a_reason(editor, action):
    with pytest.raises(ValidationError) as exc:
        sa.action_status_change(
            actor=editor, action=action, status=ActionStatus.ON_TRACK, reason=" "
        )
    assert exc.value.message_dict["reason"] == [
        gettext("Write why the status changes. Citizens see the reason.")
    ]
    assert not StatusChange.objects.exists()


def test_it_refuses_the_same_status_again(editor, action):
    with pytest.raises(ValidationError) as exc:
        sa.action_status_change(
            actor=editor, action=action, status=ActionStatus.PLANNED, reason="x"
        )
    assert exc.value.message_dict["status"] == [gettext("The action already has that status.")]


def test_it_records_a_status_change_with_its_reason(editor, action):
    sa.action_status_change(
        actor=editor, action=action, status=ActionStatus.AT_RISK, reason="Sen start"
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    assert action.status_reason == "Sen start"
    assert StatusChange.objects.get().old == ActionStatus.PLANNED
    assert AuditEntry.objects.filter(action="programme.action.status").exists()


@pytest.mark.parametrize("budget", [-1, 10**15, "mange penge"])
def test_it_refuses_a_bad_budget(editor, commitment, budget):
    with pytest.raises(ValidationError):
        sa.action_save(
            actor=editor,
            commitment=commitment,
            title="A",
            owner="B",
            budget_kr=budget,
            starts_on=D1,
            ends_on=D2,
        )


def test_it_refuses_reversed_dates(editor, commitment):
    with pytest.raises(ValidationError) as exc:
        sa.action_save(
            actor=editor, commitment=commitment, title="A", owner="B", starts_on=D2, ends_on=D1
        )
    assert exc.value.message_dict["ends_on"] == [
        gettext("The end date must be on or after the start date.")
    ]


def test_a_citizen_cannot_change_a_status(action):
    with pytest.raises(PermissionDenied):
        sa.action_status_change(actor=UserFactory(), action=action, status="done", reason="x")


def test_it_refuses_a_measure_on_an_unknown_indicator(editor, commitment):
    with pytest.raises(ValidationError) as exc:
        sa.measure_save(
            actor=editor,
            commitment=commitment,
            indicator_code="findes-ikke",
            baseline=1,
            baseline_year=2024,
            target=0,
            target_year=2029,
        )
    assert exc.value.message_dict["indicator_code"] == [
        gettext("Choose an atlas indicator with figures for the municipality.")
    ]


def test_it_refuses_an_action_of_another_commitment(editor, commitment, programme, action):
    from socius.programme.models import Commitment

    other = Commitment.objects.create(
        programme=programme, number=2, slug="b", title="B", description="B", owner_department="C"
    )
    with pytest.raises(ValidationError):
        sa.measure_save(
            actor=editor,
            commitment=other,
            indicator_code="x",
            baseline=1,
            baseline_year=2024,
            target=0,
            target_year=2029,
            action=action,
        )


def test_a_milestone_reached_in_the_future_is_refused(editor, action):
    milestone = sa.milestone_save(actor=editor, action=action, title="M", due_on=D2)
    with pytest.raises(ValidationError):
        sa.milestone_reach(actor=editor, milestone=milestone, done_on=datetime.date(2100, 1, 1))


def test_an_action_from_a_hostile_decision_id_is_refused(editor, commitment):
    for bad in ["", "nope", "00000000-0000-0000-0000-000000000000"]:
        with pytest.raises(ValidationError) as exc:
            sa.action_from_council_item(
                actor=editor,
                item_public_id=bad,
                commitment=commitment,
                title="A",
                owner="B",
                starts_on=D1,
                ends_on=D2,
            )
        assert exc.value.messages == [gettext("There is no decided council item with that id.")]


def test_an_action_from_a_decision_is_linked_on_the_thread(editor, commitment):
    from django.utils import timezone

    from socius.council.models import Council, CouncilItem, Decision, ItemState

    council = Council.objects.create(
        municipality=commitment.programme.municipality, name="Aarhus Byråd"
    )
    item = CouncilItem.objects.create(
        council=council,
        title="Sociale klausuler",
        source="party",
        state=ItemState.DECIDED,
        decision=Decision.ADOPTED,
        decided_at=timezone.now(),
    )
    action = sa.action_from_council_item(
        actor=editor,
        item_public_id=item.public_id,
        commitment=commitment,
        title="Klausul",
        owner="Udbud",
        starts_on=D1,
        ends_on=D2,
    )
    steps = ThreadStep.objects.filter(kind__in=["council_item", "action"])
    assert {s.key for s in steps} == {str(item.public_id), str(action.public_id)}
    assert len({s.thread_id for s in steps}) == 1


def test_the_yearly_report_lists_each_council_decision_once_in_date_order(editor, commitment):
    from socius.council.models import Council, CouncilItem, Decision, ItemState
    from socius.programme.report import report_content

    council = Council.objects.create(
        municipality=commitment.programme.municipality, name="Aarhus Byråd"
    )
    other = commitment.programme.commitments.create(
        number=2, slug="c2", title="Blandede boliger", description="Kort.", owner_department="By"
    )

    def decided(title: str, month: int) -> CouncilItem:
        return CouncilItem.objects.create(
            council=council,
            title=title,
            source="party",
            state=ItemState.DECIDED,
            decision=Decision.ADOPTED,
            decided_at=datetime.datetime(2026, month, 15, 12, tzinfo=datetime.UTC),
        )

    later, earlier = decided("Klausuler i alle udbud", 9), decided("Blandede boliger", 3)
    for item, on in [(later, commitment), (later, other), (earlier, other)]:
        sa.action_from_council_item(
            actor=editor,
            item_public_id=item.public_id,
            commitment=on,
            title=f"Følg op: {item.title}",
            owner="Udbud",
            starts_on=D1,
            ends_on=D2,
        )
    titles = [d.title for d in report_content(commitment.programme, 2026).decisions]
    assert titles == ["Blandede boliger", "Klausuler i alle udbud"]
    assert report_content(commitment.programme, 2025).decisions == []
