"""The tax deduction's demo content: a made-up CPR number, a commitment, last year's report."""

import pytest
from django.utils import timezone

from socius.support.tax.models import Commitment, DonorIdentity, TaxReport

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_one_report_and_runs_twice(client, settings):
    settings.SUPPORT_PROVIDERS = ["dev", "bank"]
    from socius.core.demo import demo_seed as core_seed
    from socius.support.demo import demo_seed as support_seed
    from socius.support.tax.demo import demo_seed

    core_seed()
    support_seed()
    assert demo_seed()
    assert demo_seed() == []
    report = TaxReport.objects.get()
    assert report.year == timezone.localdate().year - 1
    assert report.status == TaxReport.Status.DRAFT
    assert report.donors == 1
    assert report.reported_ore == 120_000
    assert DonorIdentity.objects.count() == 1
    commitment = Commitment.objects.get()
    assert commitment.provider == "bank"
    # the treasurer's page shows it
    from socius.core.access import users_with_capability
    from socius.core.roles import Capability

    client.force_login(users_with_capability(Capability.SUPPORT_TREASURER).first())
    page = client.get("/stoet/fradrag/indberetning/").content.decode()
    assert str(report.year) in page
    from django.urls import reverse

    assert reverse("support_tax:report-submit", args=[report.public_id]) in page
