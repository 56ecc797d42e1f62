import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from socius.core.demo import demo_seed as core_seed
from socius.proposals.demo import demo_seed as proposals_seed
from socius.school import demo_classes, demo_youth
from socius.school.models import ClassProject

pytestmark = pytest.mark.django_db


def test_the_demo_class_has_a_youth_proposal_collecting_signatures_and_runs_twice(client):
    core_seed()
    proposals_seed()
    demo_classes.demo_seed()
    assert demo_youth.demo_seed()
    assert demo_youth.demo_seed() == []
    project = ClassProject.objects.select_related("proposal").get()
    assert project.status == "proposed"
    assert project.contributions.count() == 3
    proposal = project.proposal
    assert proposal is not None
    assert (proposal.track, proposal.state) == ("youth", "published")
    assert 0 < proposal.signature_count < proposal.threshold == demo_youth.DEMO_YOUTH_THRESHOLD
    page = client.get(proposal.get_absolute_url()).text
    assert _("Youth proposal") in page
    public = client.get(reverse("school:project-detail", args=[project.public_id])).text
    assert "8.B, Frederiksbjerg Skole (demo)" in public
    assert not [n for n in demo_classes.PUPILS if re.search(rf"\b{n}\b", public)]
