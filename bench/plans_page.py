"""Benchmark the citizen's plan page, decryption included, against floors in the same run.

Builds a throwaway SQLite database with production settings, and one plan written through
the services: 10 goals, each with 10 steps and 50 ratings by the citizen (500 sealed ratings,
100 sealed steps), plus ratings of two life domains. It then times with Django's test client,
in one process (``--runs`` requests each after a warm-up):

- the bare view (no template, no database): the stack's own cost;
- the plan page with the plan already opened (``selectors.plan_view`` answered from memory):
  the same page and template without any decryption (the decryption floor);
- the plan page as the citizen gets it (every sealed row opened on each request);
- one goal's page (its steps, 50 ratings, chart and table).

It prints p50 and p95 per row and the ratio of the plan page's p95 to each floor's.
Goal: the plan page's p95 under 100 ms.

Run from the project root: ``.venv/bin/python -m bench.plans_page [--runs 200]``
(``--goals/--steps/--ratings`` for smaller sizes).
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.member_pages import environment

GOAL_MS = 100.0


def _build(goals: int, steps: int, ratings: int) -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model

    from socius.plans import services

    owner = get_user_model().objects.create_user(
        email="borger@bench.example", password=secrets.token_urlsafe(16)
    )
    today = datetime.date(2026, 12, 1)
    plan = services.plan_create(
        actor=owner, title="Min plan for det næste år", domains=["work", "health"], today=today
    )
    first_goal = None
    for g in range(goals):
        goal = services.goal_create(
            actor=owner,
            plan=plan,
            text=f"Mål nummer {g + 1}: komme i gang med noget nyt",
            why="Fordi det betyder noget for mig og min familie",
            domain="work",
        )
        first_goal = first_goal or goal
        for s in range(steps):
            services.step_create(
                actor=owner,
                goal=goal,
                text=f"Trin {s + 1}: ringe og spørge om hjælp",
                helper_kind="network",
                helper="Min søster",
                today=today,
            )
        for r in range(ratings):
            services.goal_rate(
                actor=owner,
                goal=goal,
                score=(r % 5) - 2,
                comment="Det går lidt bedre nu",
                today=today - datetime.timedelta(days=7 * (ratings - r)),
            )
    for r in range(ratings):
        for domain in ("work", "health"):
            services.domain_rate(
                actor=owner,
                plan=plan,
                domain=domain,
                score=1 + r % 10,
                today=today - datetime.timedelta(days=7 * (ratings - r)),
            )
    return owner, first_goal


def _strong_client(owner: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(owner)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp"}
    ]
    session["account_authentication_methods_user"] = str(owner.pk)
    session.save()
    return client


def _time(client: Any, url: str, runs: int) -> list[float]:
    for _ in range(10):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--goals", type=int, default=10)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--ratings", type=int, default=50)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="socius-bench-plans-"))
    os.environ.update(environment(tmp))
    py = sys.executable
    for cmd in (
        ["manage.py", "collectstatic", "--noinput", "-v0"],
        ["manage.py", "migrate", "--noinput", "-v0"],
        ["manage.py", "createcachetable"],
    ):
        subprocess.run([py, *cmd], check=True, stdout=subprocess.DEVNULL)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from socius.plans import selectors

    owner, goal = _build(args.goals, args.steps, args.ratings)
    client = _strong_client(owner)
    home = reverse("plans:home")
    goal_url = reverse("plans:goal-detail", args=[goal.public_id])
    rows: list[tuple[str, list[float], int]] = []

    def measure(name: str, url: str) -> None:
        times = _time(client, url, args.runs)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        rows.append((name, times, len(queries)))

    measure("bare view", "/bench/bare/")
    real_plan_view = selectors.plan_view
    opened: dict[int, Any] = {}

    def plan_view_from_memory(*, plan: Any, share: Any = None) -> Any:
        if plan.pk not in opened:
            opened[plan.pk] = real_plan_view(plan=plan, share=share)
        return opened[plan.pk]

    selectors.plan_view = plan_view_from_memory
    try:
        measure("plan page, no decryption", home)
    finally:
        selectors.plan_view = real_plan_view
    measure("plan page", home)
    measure("goal page", goal_url)

    size = f"{args.goals} goals x {args.steps} steps x {args.ratings} ratings"
    print(f"Plan page, {size}; {args.runs} requests each, Django test client, production settings.")
    print(f"{'request':<26} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, times, queries in rows:
        print(f"{name:<26} {statistics.median(times):>8.2f} {_p95(times):>8.2f} {queries:>8}")
    p95 = {name: _p95(times) for name, times, _q in rows}
    page = p95["plan page"]
    print(f"ratio plan page / bare view p95: {page / p95['bare view']:.1f}")
    print(f"ratio plan page / no decryption p95: {page / p95['plan page, no decryption']:.2f}")
    ok = page < GOAL_MS
    print(
        f"goal: plan page p95 under {GOAL_MS:.0f} ms: {'met' if ok else 'NOT met'} ({page:.1f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
