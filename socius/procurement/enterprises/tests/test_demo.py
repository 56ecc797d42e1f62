"""The demo content: three enterprises, a company with an assessment and a plan, a spin-off
halfway; loading it twice changes nothing."""

from __future__ import annotations

import pytest

from socius.core.demo import demo_seed as core_demo_seed
from socius.procurement.enterprises.demo import demo_seed
from socius.procurement.enterprises.models import (
    CompanyAssessment,
    MunicipalCompany,
    PlanStep,
    SocialEnterprise,
    SpinOff,
    SpinOffStep,
)

pytestmark = pytest.mark.django_db


def test_the_demo_is_complete_and_idempotent(settings, tmp_path):
    core_demo_seed()
    assert len(demo_seed()) == 5
    assert demo_seed() == []
    assert SocialEnterprise.objects.count() == 3
    assert SocialEnterprise.objects.can_bid_reserved().count() == 2
    assert SocialEnterprise.objects.filter(organisation__cvr="10000009").exists()
    assert MunicipalCompany.objects.count() == 1
    assert CompanyAssessment.objects.count() == 1
    assert PlanStep.objects.count() == 2
    assert SpinOff.objects.get().status == SpinOff.Status.IN_PROGRESS
    assert SpinOffStep.objects.count() == 3
