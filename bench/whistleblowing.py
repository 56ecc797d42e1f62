"""Benchmark the whistleblower scheme against plaintext floors measured in the same run.

Run from the project root: ``.venv/bin/python -m bench.whistleblowing``. It uses a throwaway
SQLite database and media folder, production Argon2 parameters and proof-of-work difficulty,
and Django's test client (the full middleware stack, no network). It measures:

1. submitting a report with a 5 MB PDF attachment through the real form (Argon2id receipt
   hash and access key, sealing, secretstream encryption, rows, grants, audit), against the
   same multipart request to a floor view that writes the text and the file in plaintext;
2. a handler unlocking their key (Argon2id, 64 MiB), opening the inbox of 1,000 cases and
   opening one case, against a bare view through the same stack;
3. peak memory: Python allocations (tracemalloc) during one submission, and the process's
   maximum resident size (which includes libsodium's Argon2 memory).

Goal: submission under 1 s (median of 7). Writes ``bench/out/whistleblowing-section.md``.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="socius-wb-bench-"))
os.environ.setdefault("SOCIUS_DEBUG", "1")
os.environ["SOCIUS_ALLOWED_HOSTS"] = "testserver,localhost"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["SOCIUS_MEDIA_ROOT"] = str(TMP / "media")
os.environ["SOCIUS_ROOT_URLCONF"] = "bench.whistleblowing"
os.environ["SOCIUS_CACHE_BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"
os.environ["DJANGO_SETTINGS_MODULE"] = "socius.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

REPETITIONS = 7
PASSPHRASE = "benchmark passphrase 2026"  # noqa: S105 - a throwaway benchmark key
INBOX_CASES = 1_000
ATTACHMENT = b"%PDF-1.7\n" + os.urandom(5 * 1024 * 1024 - 9)


@csrf_exempt
def plaintext_floor(request: HttpRequest) -> HttpResponse:
    """The same request, stored as plaintext: the text as JSON, the file as it came."""
    folder = Path(settings.MEDIA_ROOT) / "plain"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.time_ns()
    (folder / f"{stamp}.json").write_text(json.dumps(dict(request.POST.items())), encoding="utf-8")
    for upload in request.FILES.getlist("attachments"):
        with (folder / f"{stamp}.bin").open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    return HttpResponse("ok")


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/plain-report/", plaintext_floor),
    path("bench/bare/", bare),
    path("", include("socius.urls")),
]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _setup() -> tuple[object, object]:
    from allauth.mfa.totp.internal.auth import TOTP

    from socius.core.roles import Role
    from socius.tests_support.factories import TOTP_SECRET, UserFactory
    from socius.whistleblowing.models import Channel
    from socius.whistleblowing.services import handling

    call_command("migrate", verbosity=0)
    settings.WHISTLEBLOWING_REPORTS_PER_HOUR = 10**6
    settings.WHISTLEBLOWING_REPORTS_PER_SOURCE = 10**6
    settings.MAX_UPLOAD_MB = 20
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
    handler = UserFactory(roles=[Role.CASE_HANDLER])
    TOTP.activate(handler, TOTP_SECRET)
    handling.handler_key_create(actor=handler, passphrase=PASSPHRASE)
    channel = Channel.objects.create(slug="bench", name="Bench")
    channel.handlers.add(handler)
    return handler, channel


def _form_data(client: Client, url: str) -> dict[str, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socius.whistleblowing.abuse import pow_solve

    page = client.get(url).content.decode()
    challenge = re.search(r'name="pow_challenge" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    return {
        "kind": "written",
        "what": "Fakturaer godkendt uden udbud. " * 20,
        "where": "Vejafdelingen",
        "pow_challenge": challenge,
        "pow_nonce": pow_solve(challenge, settings.WHISTLEBLOWING_POW_BITS),
        "attachments": [SimpleUploadedFile("bilag.pdf", ATTACHMENT)],
    }


def _time_submissions(channel: object) -> tuple[list[float], list[float], int]:
    url = f"/whistleblower/indberet/{channel.slug}/"  # type: ignore[attr-defined]
    client = Client()
    real, floor = [], []
    peak = 0
    for i in range(REPETITIONS):
        data = _form_data(client, url)
        floor_data = {k: v for k, v in data.items() if k != "attachments"}
        from django.core.files.uploadedfile import SimpleUploadedFile

        floor_data["attachments"] = [SimpleUploadedFile("bilag.pdf", ATTACHMENT)]
        start = time.perf_counter()
        response = client.post("/bench/plain-report/", floor_data)
        floor.append(time.perf_counter() - start)
        assert response.status_code == 200
        if i == 0:
            tracemalloc.start()
        start = time.perf_counter()
        response = client.post(url, data)
        real.append(time.perf_counter() - start)
        if i == 0:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert b"<code>" in response.content, "the submission failed"
    return real, floor, peak


def _seed_inbox(channel: object) -> None:
    from socius.whistleblowing import services

    production = settings.WHISTLEBLOWING_KDF
    # Seeding only: light receipt parameters so 1,000 reports take seconds, not minutes.
    settings.WHISTLEBLOWING_KDF = {**production, "receipt": (1, 64), "access": (1, 16384)}
    for i in range(INBOX_CASES - REPETITIONS):
        services.report_submit(channel=channel, content={"what": f"Sag nummer {i}"})  # type: ignore[arg-type]
    settings.WHISTLEBLOWING_KDF = production


def _time_handler(handler: object, channel: object) -> dict[str, float]:
    from socius.whistleblowing.models import Report

    client = Client()
    client.force_login(handler)  # type: ignore[arg-type]
    start = time.perf_counter()
    response = client.post(
        "/whistleblower/behandling/",
        {"action": "unlock", "passphrase": PASSPHRASE},
    )
    unlock = time.perf_counter() - start
    assert response.status_code == 302
    inbox_url = f"/whistleblower/behandling/kanal/{channel.slug}/"  # type: ignore[attr-defined]
    case_url = f"/whistleblower/behandling/sag/{Report.objects.order_by('id').first().public_id}/"  # type: ignore[union-attr]
    results: dict[str, list[float]] = {"inbox": [], "case": [], "bare": []}
    for _ in range(REPETITIONS):
        for name, url in (("inbox", inbox_url), ("case", case_url), ("bare", "/bench/bare/")):
            start = time.perf_counter()
            response = client.get(url)
            results[name].append(time.perf_counter() - start)
            assert response.status_code == 200, (name, response.status_code)
    assert Report.objects.count() == INBOX_CASES
    return {"unlock": unlock * 1000, **{k: _median_ms(v) for k, v in results.items()}}


def main() -> int:
    handler, channel = _setup()
    real, floor, peak = _time_submissions(channel)
    _seed_inbox(channel)
    handler_times = _time_handler(handler, channel)
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    submit_ms, floor_ms = _median_ms(real), _median_ms(floor)
    met = submit_ms < 1000
    lines = [
        "| measurement | median | floor (same run) | ratio |",
        "|:---|---:|---:|---:|",
        f"| submit a report with a 5 MB attachment | {submit_ms:.0f} ms | {floor_ms:.0f} ms (plaintext view) | {submit_ms / floor_ms:.1f} |",
        f"| handler opens the inbox of {INBOX_CASES:,} cases | {handler_times['inbox']:.0f} ms | {handler_times['bare']:.1f} ms (bare view) | {handler_times['inbox'] / handler_times['bare']:.0f} |",
        f"| handler opens one case | {handler_times['case']:.0f} ms | {handler_times['bare']:.1f} ms (bare view) | {handler_times['case'] / handler_times['bare']:.0f} |",
        f"| handler unlocks the key (once per session) | {handler_times['unlock']:.0f} ms | | |",
        "",
        f"Peak Python allocations during one submission: {peak / 1024 / 1024:.1f} MB; "
        f"process maximum resident size: {maxrss_mb:.0f} MB (includes Argon2 and the handler's 64 MiB).",
        "",
        f"Goal (submission under 1 s): {'MET' if met else 'NOT MET'}.",
    ]
    text = "\n".join(lines)
    print(text)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "whistleblowing-section.md").write_text(text + "\n", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
