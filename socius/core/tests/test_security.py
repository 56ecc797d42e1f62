import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_every_page_sends_a_strict_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_template_that_needs_inline_script_gets_a_fresh_nonce(rf):
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">1</script>')

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    middleware = ContentSecurityPolicyMiddleware(view)
    headers = [middleware(rf.get("/"))["Content-Security-Policy"] for _ in range(2)]
    assert all("'nonce-" in h for h in headers)
    assert headers[0] != headers[1]


def test_oversized_request_bodies_are_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post("/konto/login/", {"login": "x" * 5000, "password": "y"})
    assert response.status_code == 400


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SOCIUS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    full_env.update(env)
    # The default SQLite database lives in var/, which `make run` and `make test` create; a
    # plain pytest run in a fresh clone has none, and `check` would fail to open the file.
    (ROOT / "var").mkdir(exist_ok=True)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SOCIUS_SECRET_KEY="k" * 20 + "production-secret-that-is-long-enough-for-django",
        SOCIUS_PROPOSALS_IDENTITY_KEY="i" * 20 + "a-key-of-its-own-for-signers",
        SOCIUS_WHISTLEBLOWING_RECEIPT_SALT="a-salt-of-its-own-for-receipts",
        SOCIUS_ALLOWED_HOSTS="socius.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "SOCIUS_SECRET_KEY must be set" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("f" * 60 + "\n")
    result = _manage(
        "check",
        "--deploy",
        SOCIUS_SECRET_KEY_FILE=str(secret),
        SOCIUS_ALLOWED_HOSTS="socius.example",
    )
    assert result.returncode == 0, result.stderr


def test_bad_setting_values_fail_loudly():
    result = _manage("check", SOCIUS_DEBUG="maybe")
    assert result.returncode != 0
    assert "SOCIUS_DEBUG must be a boolean" in result.stderr


def test_request_bodies_above_the_upload_limit_get_413(client, settings):
    from django.test import override_settings

    with override_settings(MAX_UPLOAD_MB=1):
        # the middleware reads the limit at start-up; a fresh client request path rebuilds it
        from socius.core.middleware import RequestSizeLimitMiddleware

        middleware = RequestSizeLimitMiddleware(lambda request: None)
    from django.test import RequestFactory

    request = RequestFactory().post(
        "/", data=b"x" * (1024 * 1024 + 1), content_type="application/octet-stream"
    )
    response = middleware(request)
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Det, du sendte, er for stort" in page
    assert "højst 1 MB" in page
    small = RequestFactory().post("/", data=b"x" * 10, content_type="application/octet-stream")
    assert middleware(small) is None
    api = RequestFactory().post(
        "/api/search", data=b"x" * (1024 * 1024 + 1), content_type="application/json"
    )
    answer = middleware(api)
    assert answer.status_code == 413
    assert json.loads(answer.content) == {"detail": "Request Entity Too Large"}


def test_upload_size_validator():
    from types import SimpleNamespace

    from django.core.exceptions import ValidationError

    from socius.core.validators import validate_upload_size

    validate_upload_size(SimpleNamespace(size=1024))
    with pytest.raises(ValidationError):
        validate_upload_size(SimpleNamespace(size=(settings.MAX_UPLOAD_MB * 1024 * 1024) + 1))


def test_totp_secrets_are_encrypted_at_rest(editor):
    from allauth.mfa.models import Authenticator

    from socius.tests_support.factories import TOTP_SECRET

    stored = Authenticator.objects.get(user=editor, type="totp").data["secret"]
    assert stored.startswith("v1:")
    assert TOTP_SECRET not in stored


def test_database_url_is_not_a_setting_that_error_reports_show():
    from django.conf import settings as dj_settings

    assert not hasattr(dj_settings, "DATABASE_URL")


def test_totp_secrets_survive_a_key_rotation_with_fallbacks(settings):
    from socius.accounts.adapter import MFAAdapter

    adapter = MFAAdapter()
    sealed = adapter.encrypt("JBSWY3DPEHPK3PXP")
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "n" * 60
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="cannot be decrypted"):
        adapter.decrypt(sealed)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert adapter.decrypt(sealed) == "JBSWY3DPEHPK3PXP"
    assert adapter.decrypt("PLAINSECRET") == "PLAINSECRET"
