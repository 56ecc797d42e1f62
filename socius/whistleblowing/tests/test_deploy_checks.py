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


CSRF_IDS = {"whistleblowing.E001", "whistleblowing.W003"}


def test_our_csrf_middleware_counts_as_csrf_protection(settings):
    settings.DEBUG = False
    settings.CSRF_COOKIE_SECURE = True
    assert "socius.whistleblowing.csrf.ReporterCsrfViewMiddleware" in settings.MIDDLEWARE
    assert not {m.id for m in run_checks(include_deployment_checks=True)} & CSRF_IDS


def test_without_a_csrf_middleware_the_check_fails(settings):
    settings.MIDDLEWARE = [
        m
        for m in settings.MIDDLEWARE
        if m != "socius.whistleblowing.csrf.ReporterCsrfViewMiddleware"
    ]
    assert {m.id for m in run_checks()} & CSRF_IDS == {"whistleblowing.E001"}


def test_a_csrf_cookie_over_plain_http_is_a_warning_in_production(settings):
    settings.DEBUG = False
    settings.CSRF_COOKIE_SECURE = False
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert ids & CSRF_IDS == {"whistleblowing.W003"}
