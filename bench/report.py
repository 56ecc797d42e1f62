"""Turn wrk ``--latency`` outputs into a table of requests/s, p50, p99 and ratio to the floor.

Usage: ``report.py --markdown OUT.md --load "wrk ..." URL FILE [URL FILE ...]``. The first
URL is the floor (the bare view); every row's ratio is its requests/s divided by the floor's.
The goals: the home page ``/`` at ratio >= 0.5, for anonymous visitors (``/``) and for a
logged-in member (``/ (member)``), and the member's organisation list
(``/organisationer/ (member)``) at ratio >= 0.3; each with p99 < 100 ms and no errors. A goal
whose row is missing is NOT MET.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

GOAL_P99_MS = 100.0
# (row, what to call it, lowest ratio to the bare view)
GOALS: tuple[tuple[str, str, float], ...] = (
    ("/", "home", 0.5),
    ("/ (member)", "member home", 0.5),
    ("/organisationer/ (member)", "member organisation list", 0.3),
)

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_REQUESTS = re.compile(r"^\s+(\d+) requests in", re.MULTILINE)


@dataclass(frozen=True)
class Result:
    url: str
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def parse_wrk(url: str, text: str) -> Result:
    """Read one wrk run; raise ValueError if the output lacks what the table needs."""
    rps = _RPS.search(text)
    requests = _REQUESTS.search(text)
    percentiles = {p: float(v) * _UNIT_MS[u] for p, v, u in _PERCENTILE.findall(text)}
    if rps is None or requests is None or set(percentiles) != {"50", "99"}:
        raise ValueError(f"wrk output for {url} has no requests/s or latency distribution")
    errors = sum(int(n) for n in _NON_2XX.findall(text))
    for match in _SOCKET.findall(text):
        errors += sum(int(n) for n in match)
    return Result(
        url=url,
        requests=int(requests.group(1)),
        rps=float(rps.group(1)),
        p50_ms=percentiles["50"],
        p99_ms=percentiles["99"],
        errors=errors,
    )


def rows(results: list[Result]) -> list[list[str]]:
    floor = results[0].rps
    header = ["URL", "requests/s", "p50 ms", "p99 ms", "ratio to bare", "errors"]
    body = [
        [
            r.url,
            f"{r.rps:,.0f}",
            f"{r.p50_ms:.1f}",
            f"{r.p99_ms:.1f}",
            f"{r.rps / floor:.2f}" if floor else "n/a",
            str(r.errors),
        ]
        for r in results
    ]
    return [header, *body]


def goal_lines(results: list[Result]) -> list[str]:
    """One MET / NOT MET line per goal in ``GOALS``."""
    floor = results[0].rps
    lines = []
    for url, name, ratio in GOALS:
        row = next((r for r in results if r.url == url), None)
        met = (
            row is not None
            and floor > 0
            and row.errors == 0
            and row.rps / floor >= ratio
            and row.p99_ms < GOAL_P99_MS
        )
        verdict = "MET" if met else "NOT MET"
        lines.append(f"Goal: {name} ratio >= {ratio} and p99 < {GOAL_P99_MS:.0f} ms: {verdict}")
    return lines


def text_table(table: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for n, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(table: list[list[str]], goals: list[str], load: str, server: str) -> str:
    head, *body = table
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join([":---", *["---:"] * (len(head) - 1)]) + "|",
        *("| " + " | ".join([f"`{row[0]}`", *row[1:]]) + " |" for row in body),
    ]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            f"Run {now} on {os.cpu_count()} cores: `{load}` per URL against `{server}`.",
            "",
            *lines,
            "",
            *(f"**{goal}**  " for goal in goals),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Summarise wrk --latency outputs.")
    parser.add_argument("--markdown", type=Path, required=True, help="where to write the table")
    parser.add_argument("--load", default="wrk", help="the load-generator command, for the record")
    parser.add_argument("--server", default="gunicorn", help="the server command, for the record")
    parser.add_argument("pairs", nargs="+", help="URL FILE pairs; the first URL is the floor")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give URL FILE pairs")
    pairs = list(zip(args.pairs[::2], args.pairs[1::2], strict=True))
    results = [parse_wrk(url, Path(file).read_text(encoding="utf-8")) for url, file in pairs]
    table = rows(results)
    goals = goal_lines(results)
    print(text_table(table))
    print()
    print("\n".join(goals))
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(markdown(table, goals, args.load, args.server), encoding="utf-8")
    print(f"(written to {args.markdown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
