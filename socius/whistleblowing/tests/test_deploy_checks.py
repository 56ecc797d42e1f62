"""Every secret that would fall back to the secret key has a deploy check (issue: core kit)."""

import pytest
from django.core.checks import run_checks

pytestmark = pytest.mark.django_db

WB_IDS = {"whistleblowing.W001", "whistleblowing.W002"}


@pytest.mark.parametrize(
    ("salt", "expected"),
    [
        ("", {"whistleblowing.W001"}),
        ("short", {"whistleblowing.W002"}),
        ("same-as-secret-key", {"whistleblowing.W002"}),
        ("a3f1c9e07b5d42e8a3f1c9e07b5d42e8", set()),
    ],
)
def test_deploy_checks_want_a_receipt_salt_of_its_own(settings, salt, expected):
    settings.SECRET_KEY = "same-as-secret-key"
    settings.WHISTLEBLOWING_RECEIPT_SALT = salt
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert ids & WB_IDS == expected


def test_receipt_salt_is_not_checked_outside_deployment(settings):
    settings.WHISTLEBLOWING_RECEIPT_SALT = ""
    assert not {m.id for m in run_checks()} & WB_IDS
