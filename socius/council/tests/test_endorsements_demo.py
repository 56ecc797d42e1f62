"""The demo: three verified politicians of three parties endorse the target; a second run
changes nothing."""

import io

import pytest

from socius.core.models import AuditEntry
from socius.council.demo_endorsements import demo_endorsements
from socius.council.models import Endorsement

from .endorsements_support import recommendation_make

pytestmark = pytest.mark.django_db


def test_the_demo_endorses_from_three_parties_and_is_idempotent():
    from socius.core.demo import demo_seed

    demo_seed()
    page = recommendation_make()
    out = io.StringIO()
    demo_endorsements(out, kind="recommendation", key=str(page.pk))
    assert Endorsement.objects.values("party").distinct().count() == 3
    assert "3 new endorsements" in out.getvalue()
    audited = AuditEntry.objects.count()
    demo_endorsements(out, kind="recommendation", key=str(page.pk))
    assert Endorsement.objects.count() == 3
    assert AuditEntry.objects.count() == audited
