"""Forum pages against a bare view, in one process: ``python -m bench.forum``.

A throwaway SQLite database gets the demo conversation with a crowd of ``CROWD`` participants
voting on every statement; then the Django test client times (median of ``REPEAT``) the bare
view (the floor, same middleware stack), the results page, the conversation page with routing
for a logged-in participant, and a vote followed by the engine run it triggers (tasks run
immediately here). See bench/README.md.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable

REPEAT = 30
PER_PARTY = 25  # four parties -> 100 politicians, plus 28 people in other roles


def _median_ms(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/db.sqlite3"
    os.environ["SOCIUS_ROOT_URLCONF"] = "bench.urls"
    os.environ["SOCIUS_TASK_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("SOCIUS_DEBUG", "1")
    os.environ["SOCIUS_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["SOCIUS_CACHE_BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    call_command("migrate", verbosity=0)
    from socius.core.demo import demo_seed
    from socius.deliberation.demo import conversation_demo_create, crowd_create, crowd_vote
    from socius.deliberation.engine_bridge import conversation_compute
    from socius.tests_support.factories import UserFactory

    demo_seed()
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(email="redaktoer@socius.example")
    conversation = conversation_demo_create(moderator=editor)
    crowd = crowd_create(per_party=PER_PARTY, prefix="bench")
    with transaction.atomic():
        votes = crowd_vote(conversation, crowd)
    # The vote transaction already ran the engine; time a full run from the database.
    from socius.deliberation.engine_bridge import forget_state

    forget_state(conversation.pk)
    conversation.result_runs.all().delete()
    started = time.perf_counter()
    conversation_compute(conversation.pk)
    full_ms = (time.perf_counter() - started) * 1000

    anonymous = Client()
    voter = UserFactory()
    member = Client()
    member.force_login(voter)
    results_url = f"/samtaler/{conversation.slug}/resultater/"
    page_url = conversation.get_absolute_url()
    statements = list(conversation.statements.filter(shown=True))
    counter = iter(range(10**6))

    def vote() -> None:
        n = next(counter)
        response = member.post(
            f"/samtaler/{conversation.slug}/stem/",
            {"statement": statements[n % len(statements)].pk, "value": (n % 3) - 1},
        )
        assert response.status_code == 302, response.status_code

    def get(client: Client, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    rows = [
        ("bare view (floor)", _median_ms(lambda: get(anonymous, "/bench/bare/"))),
        ("results page", _median_ms(lambda: get(anonymous, results_url))),
        ("conversation page with routing", _median_ms(lambda: get(member, page_url))),
        ("vote + incremental engine run", _median_ms(vote)),
    ]
    floor = rows[0][1]
    print(
        f"Forum benchmark: {len(crowd)} participants, {len(statements)} statements, {votes} votes;"
    )
    print(f"full engine run {full_ms:.0f} ms. Median of {REPEAT} requests, Django test client.\n")
    print("| request | median ms | floor / request |")
    print("|:---|---:|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:.2f} | {floor / ms:.3f} |")
    results_ms = rows[1][1]
    print(
        f"\nGoal: results page under 100 ms: **{'MET' if results_ms < 100 else 'NOT MET'}** ({results_ms:.0f} ms)."
    )


if __name__ == "__main__":
    main()
