"""The one state machine (socius.core.workflows), tried on a stand-alone workflow over Theme.

Theme is a core model with a text field, ``slug``, that serves as the state here, so the engine
is tested without any module's workflow."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from socius.core.audit import audit_action, audit_action_label, audit_module
from socius.core.models import AuditEntry, Theme
from socius.core.roles import Role
from socius.core.workflows import SYSTEM, StandIn, Transition, Workflow
from socius.tests_support.factories import UserFactory


class Light(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


MODULE = audit_module("test-workflows", "Test workflows")
AUDIT_READY = audit_action("test.light.ready", "Light made ready", module=MODULE)
AUDIT_GO = audit_action("test.light.go", "Light turned green", module=MODULE)
AUDIT_STOP = audit_action("test.light.stop", "Light stopped", module=MODULE)
OWNER = StandIn("owner", "the owner")


def _is_owner(actor, obj):
    return getattr(obj, "owner_id", None) == actor.pk


LIGHT = Workflow(
    name="test.light",
    noun="the light",
    states=Light,
    field="slug",
    stand_ins={OWNER: _is_owner},
    transitions=(
        Transition(
            "ready", frozenset({Light.RED}), Light.AMBER, AUDIT_READY, frozenset({"theme.edit"})
        ),
        Transition("go", frozenset({Light.AMBER}), Light.GREEN, AUDIT_GO, stand_ins={OWNER}),
        Transition(
            "stop",
            frozenset({Light.AMBER, Light.GREEN}),
            Light.RED,
            AUDIT_STOP,
            stand_ins=frozenset({SYSTEM}),
        ),
    ),
)


@pytest.fixture
def light(db):
    return Theme.objects.create(slug=Light.RED, name="Lys")


@pytest.fixture
def editor_user(db):
    return UserFactory(roles=[Role.EDITOR])


def test_it_moves_the_state_saves_and_audits(light, editor_user):
    LIGHT.apply(actor=editor_user, obj=light, name="ready", data={"why": "test"})
    light.refresh_from_db()
    assert light.slug == Light.AMBER
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == AUDIT_READY
    assert entry.actor_id == editor_user.pk
    assert entry.target_id == str(light.pk)
    assert entry.data == {"from": "red", "to": "amber", "why": "test"}


def test_it_saves_only_the_state_and_the_changes(light, editor_user):
    # given: a change in memory that the transition does not name
    light.name = "Not saved"
    # when
    LIGHT.apply(actor=editor_user, obj=light, name="ready", changes={"position": 7})
    # then
    light.refresh_from_db()
    assert (light.slug, light.position, light.name) == (Light.AMBER, 7, "Lys")


def test_it_refuses_an_actor_without_the_capability_and_writes_nothing(light, citizen):
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        LIGHT.apply(actor=citizen, obj=light, name="ready", changes={"position": 7})
    light.refresh_from_db()
    assert (light.slug, light.position) == (Light.RED, 0)
    assert AuditEntry.objects.count() == before


def test_a_step_not_possible_from_the_state_names_the_state_in_danish(light, editor_user):
    light.slug = Light.GREEN
    light.save()
    with translation.override("da"), pytest.raises(ValidationError) as error:
        LIGHT.apply(actor=editor_user, obj=light, name="ready")
    assert error.value.messages == ["Det er ikke muligt, mens the light har status “Green”."]
    light.refresh_from_db()
    assert light.slug == Light.GREEN


def test_an_unknown_step_is_a_validation_error(light, editor_user):
    with pytest.raises(ValidationError):
        LIGHT.apply(actor=editor_user, obj=light, name="fly")


def test_a_stand_in_is_recognised_by_its_check_not_by_a_capability(light, citizen, editor_user):
    light.slug = Light.AMBER
    light.owner_id = citizen.pk
    with pytest.raises(PermissionDenied):
        LIGHT.check(actor=editor_user, obj=light, name="go")
    assert LIGHT.check(actor=citizen, obj=light, name="go").target == Light.GREEN


def test_only_the_platform_itself_takes_a_system_step(light, administrator):
    light.slug = Light.GREEN
    with pytest.raises(PermissionDenied):
        LIGHT.check(actor=administrator, obj=light, name="stop")
    LIGHT.apply(actor=None, obj=light, name="stop")
    assert AuditEntry.objects.order_by("-id").first().actor_id is None


def test_available_lists_what_the_actor_may_do_now(light, citizen, editor_user):
    assert [t.name for t in LIGHT.available(editor_user, light)] == ["ready"]
    assert LIGHT.available(citizen, light) == []
    assert LIGHT.available(None, light) == []


def test_the_audit_action_has_a_readable_label():
    assert audit_action_label(AUDIT_GO) == "Light turned green"
    assert audit_action_label("never.registered") == "never.registered"


@pytest.mark.parametrize(
    ("transitions", "stand_ins", "problem"),
    [
        ((Transition("x", frozenset({"red"}), "blue", AUDIT_GO, frozenset({"a"})),), {}, "state"),
        ((Transition("x", frozenset(), "red", AUDIT_GO, frozenset({"a"})),), {}, "state"),
        ((Transition("x", frozenset({"red"}), "amber", AUDIT_GO),), {}, "nobody"),
        (
            (Transition("x", frozenset({"red"}), "amber", AUDIT_GO, stand_ins={OWNER}),),
            {},
            "no check",
        ),
        (
            (
                Transition("x", frozenset({"red"}), "amber", AUDIT_GO, frozenset({"a"})),
                Transition("x", frozenset({"amber"}), "red", AUDIT_GO, frozenset({"a"})),
            ),
            {},
            "share a name",
        ),
    ],
)
def test_a_broken_definition_fails_when_it_is_declared(transitions, stand_ins, problem):
    with pytest.raises(ValueError, match=problem):
        Workflow(name="t", noun="t", states=Light, transitions=transitions, stand_ins=stand_ins)


def test_every_module_workflow_is_sound_and_every_audit_action_has_a_label():
    from socius.advice.workflows import REQUEST_WORKFLOW
    from socius.grants.workflows import APPLICATION_WORKFLOW, ROUND_WORKFLOW
    from socius.proposals.workflows import PROPOSAL_WORKFLOW
    from socius.whistleblowing.workflows import CASE_WORKFLOW

    for workflow in (
        REQUEST_WORKFLOW,
        APPLICATION_WORKFLOW,
        ROUND_WORKFLOW,
        PROPOSAL_WORKFLOW,
        CASE_WORKFLOW,
    ):
        for transition in workflow.transitions:
            assert audit_action_label(transition.audit_action) != transition.audit_action


# Property: for any state, step and kind of actor, the engine's check agrees with the data:
# it passes exactly when the actor is one of the allowed roles and the state is a source, and
# a refused actor is refused whatever the state (no state is revealed to them).
ACTORS = {
    "owner": SimpleNamespace(pk=1, is_authenticated=True),
    "stranger": SimpleNamespace(pk=2, is_authenticated=True),
    "system": None,
}


@given(
    state=st.sampled_from(Light.values),
    name=st.sampled_from(["go", "stop"]),
    who=st.sampled_from(sorted(ACTORS)),
)
def test_check_agrees_with_the_declared_data(state, name, who):
    obj = SimpleNamespace(slug=state, owner_id=1)
    transition = LIGHT[name]
    allowed = (name == "go" and who == "owner") or (name == "stop" and who == "system")
    try:
        LIGHT.check(actor=ACTORS[who], obj=obj, name=name)
    except PermissionDenied:
        assert not allowed
    except ValidationError:
        assert allowed
        assert state not in transition.sources
    else:
        assert allowed
        assert state in transition.sources


def test_a_stand_in_is_found_whatever_the_active_language(light, citizen):
    light.slug = Light.AMBER
    light.owner_id = citizen.pk
    proposer = StandIn("owner", translation.gettext_lazy("the proposer"))
    workflow = Workflow(
        name="t",
        noun="t",
        states=Light,
        field="slug",
        stand_ins={proposer: _is_owner},
        transitions=(
            Transition("go", frozenset({Light.AMBER}), Light.GREEN, AUDIT_GO, stand_ins={proposer}),
        ),
    )
    with translation.override("da"):
        assert workflow.check(actor=citizen, obj=light, name="go").name == "go"
