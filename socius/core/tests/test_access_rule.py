"""The access rule (docs/architecture.md, "Access"): 403 for a page a person knows of but lacks
the role for, 404 where a person may not know that the object exists."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from socius.core.access import capability_required, require, user_can, users_with_capability
from socius.core.roles import CAPABILITIES, Capability, Role
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_require_raises_permission_denied_without_the_capability(citizen, administrator):
    with pytest.raises(PermissionDenied):
        require(citizen, Capability.AUDIT_VIEW)
    require(administrator, Capability.AUDIT_VIEW)  # no exception
    inactive = UserFactory(roles=[Role.ADMINISTRATOR], is_active=False)
    with pytest.raises(PermissionDenied):
        require(inactive, Capability.AUDIT_VIEW)
    require(UserFactory(is_superuser=True), Capability.AUDIT_VIEW)


def test_every_capability_has_roles_and_stand_ins_are_not_capabilities():
    assert set(CAPABILITIES) == set(Capability)
    assert all(CAPABILITIES[c] for c in Capability)
    from socius.advice.workflows import REQUEST_WORKFLOW
    from socius.grants.workflows import APPLICATION_WORKFLOW, ROUND_WORKFLOW
    from socius.proposals.workflows import PROPOSAL_WORKFLOW
    from socius.whistleblowing.workflows import CASE_WORKFLOW

    workflows = (REQUEST_WORKFLOW, APPLICATION_WORKFLOW, ROUND_WORKFLOW, PROPOSAL_WORKFLOW,
                 CASE_WORKFLOW)  # fmt: skip
    stand_ins = {s.code for w in workflows for t in w.transitions for s in t.stand_ins}
    assert stand_ins
    assert not stand_ins & {c.value for c in Capability}


def test_users_with_capability_takes_the_enum(administrator, citizen):
    assert list(users_with_capability(Capability.AUDIT_VIEW)) == [administrator]
    assert not user_can(citizen, Capability.AUDIT_VIEW)


def test_the_decorator_asks_to_log_in_first_then_answers_403(citizen, editor, administrator):
    @capability_required(Capability.THEME_EDIT, Capability.AUDIT_VIEW)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    factory = RequestFactory()
    anonymous = factory.get("/x/")
    from django.contrib.auth.models import AnonymousUser

    anonymous.user = AnonymousUser()
    response = view(anonymous)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    denied = factory.get("/x/")
    denied.user = citizen
    with pytest.raises(PermissionDenied):
        view(denied)
    for holder in (editor, administrator):  # either capability lets in
        allowed = factory.get("/x/")
        allowed.user = holder
        assert view(allowed).content == b"ok"


def test_known_core_pages_answer_403_without_the_role(client, citizen):
    client.force_login(citizen)
    for url in (
        reverse("core:audit-list"),
        reverse("core:theme-create"),
        reverse("core:theme-edit", args=["findes-ikke"]),  # 403 before any lookup
    ):
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(reverse("core:audit-list"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_another_organisations_management_pages_answer_404_like_a_missing_one(client, citizen):
    other = OrganisationFactory(contact=UserFactory())
    client.force_login(citizen)
    for slug in (other.slug, f"findes-ikke-{uuid.uuid4().hex[:8]}"):
        assert client.get(reverse("core:organisation-edit", args=[slug])).status_code == 404
        assert client.get(reverse("core:organisation-members", args=[slug])).status_code == 404
