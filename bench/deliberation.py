"""Benchmark of the deliberation consensus engine (socius.deliberation.engine).

Run: ``SOCIUS_DEBUG=1 .venv/bin/python -m bench.deliberation``

Times a full run on each shared Polis conversation and on a synthetic conversation of 10,000
participants x 1,000 statements x 500,000 votes (full run, then an incremental update after 1 %
more votes), with peak traced memory (tracemalloc) and the process's max RSS.  Goal: synthetic
full run under 5 s.

red-dwarf (PyPI ``red-dwarf``) is the floor: it is never installed into the project venv; set
``REDDWARF_PYTHON`` to an interpreter that has it (e.g. a throwaway venv) and the same inputs are
timed there in a subprocess.  The results are printed and written as markdown to
``bench/out/deliberation-section.md``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from socius.deliberation.engine.matrix import Vote, build_matrix, from_arrays
from socius.deliberation.engine.state import EngineConfig, Result, run, update
from socius.deliberation.engine.synthetic import large_votes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "polis" / "polis-api"
OUT = ROOT / "bench" / "out" / "deliberation-section.md"
GOAL_S = 5.0

RD_SCRIPT = """
import json, sys, time
from reddwarf.implementations.base import run_pipeline
votes = json.load(open(sys.argv[1]))
t = time.perf_counter()
run_pipeline(votes=votes, random_state=0)
print(time.perf_counter() - t)
"""


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Wall time of an untraced call, then peak traced memory of a second, traced call.

    tracemalloc slows numpy-heavy code noticeably, so the two are measured separately.
    """
    t = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, dt, peak / 2**20


def _full_run(votes: list[Vote], cfg: EngineConfig) -> Result:
    return run(build_matrix(votes), cfg)


def _reddwarf(votes: list[dict[str, Any]]) -> str:
    py = os.environ.get("REDDWARF_PYTHON")
    if not py:
        return "not measured (set REDDWARF_PYTHON)"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "votes.json"
        path.write_text(json.dumps(votes))
        script = Path(tmp) / "rd.py"
        script.write_text(RD_SCRIPT)
        try:
            proc = subprocess.run(
                [py, str(script), str(path)],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return "timed out (> 600 s)"
        if proc.returncode != 0:
            return "failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:120]
        return f"{float(proc.stdout.strip().splitlines()[-1]):.3f} s"


def main() -> None:
    rows: list[tuple[str, str, str, str, str, str]] = []
    print(f"{'case':34} {'size':28} {'engine':>9} {'peak MiB':>9} {'update':>9} red-dwarf floor")
    for conv in sorted(p.name for p in SHARED.iterdir()) if SHARED.exists() else []:
        raw = json.loads((SHARED / conv / "votes.json").read_text())
        math = json.loads((SHARED / conv / "math-pca2.json").read_text())
        votes = [Vote(v["participant_id"], v["statement_id"], int(v["vote"])) for v in raw]
        cfg = EngineConfig(mod_out=frozenset(math["mod-out"]), meta=frozenset(math["meta-tids"]))
        res, dt, peak = _timed(partial(_full_run, votes, cfg))
        m = res.state.matrix
        rd_votes = [
            {"participant_id": v["participant_id"], "statement_id": v["statement_id"],
             "vote": v["vote"], "modified": v["modified"]}
            for v in raw
        ]  # fmt: skip
        size = f"{len(m.participants)} x {len(m.statements)} x {len(raw)}"
        rows.append((f"polis {conv}", size, f"{dt:.3f} s", f"{peak:.1f}", "-", _reddwarf(rd_votes)))
        print(
            f"{rows[-1][0]:34} {size:28} {rows[-1][2]:>9} {rows[-1][3]:>9} {'-':>9} {rows[-1][5]}"
        )

    n_p, n_s, n_v = 10_000, 1_000, 500_000
    r, c, v, party = large_votes(0, n_p, n_s, n_v + n_v // 100)
    base_r, base_c, base_v = r[:n_v], c[:n_v], v[:n_v]
    party_map = {i: f"P{party[i]}" for i in range(n_p)}
    role_map = {i: ("member", "staff")[i % 2] for i in range(n_p)}
    cfg = EngineConfig(seed=0, mf_bootstrap=3)
    res, dt, peak = _timed(
        lambda: run(from_arrays(base_r, base_c, base_v, (n_p, n_s)), cfg, party_map, role_map)
    )
    new = [Vote(int(a), int(b), int(x)) for a, b, x in zip(r[n_v:], c[n_v:], v[n_v:], strict=True)]
    res2, dt2, peak2 = _timed(lambda: update(res.state, new))
    size = f"{n_p} x {n_s} x {n_v}"
    rd = _reddwarf(
        [{"participant_id": int(a), "statement_id": int(b), "vote": int(x), "modified": 0}
         for a, b, x in zip(base_r, base_c, base_v, strict=True)]
    )  # fmt: skip
    rows.append(("synthetic (full; update +1 %)", size, f"{dt:.3f} s", f"{max(peak, peak2):.1f}",
                 f"{dt2:.3f} s", rd))  # fmt: skip
    print(f"{rows[-1][0]:34} {size:28} {rows[-1][2]:>9} {rows[-1][3]:>9} {rows[-1][4]:>9} {rd}")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "MET" if dt < GOAL_S else "NOT MET"
    print(
        f"goal: synthetic full run under {GOAL_S:.0f} s: {verdict} ({dt:.2f} s); max RSS {max_rss:.0f} MiB"
    )
    print(
        f"groups found: {len(res.groups)}; PCA iterations full {res.pca.iterations}, update {res2.pca.iterations}"
    )
    if not os.environ.get("REDDWARF_PYTHON"):
        print("red-dwarf floor: not measured (set REDDWARF_PYTHON)")
    stamp = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    lines = [
        "## Deliberation engine",
        "",
        f"Command: `SOCIUS_DEBUG=1 {'REDDWARF_PYTHON=' + os.environ['REDDWARF_PYTHON'] + ' ' if os.environ.get('REDDWARF_PYTHON') else ''}.venv/bin/python -m bench.deliberation`  ",
        f"Date: {stamp} (`date -u`); Python {sys.version.split()[0]}, numpy {np.__version__}",
        "",
        "| case | participants x statements x votes | engine full run | peak traced MiB | incremental update | red-dwarf floor |",
        "|:---|:---|---:|---:|---:|:---|",
        *[f"| {' | '.join(row)} |" for row in rows],
        "",
        f"Goal: synthetic full run under {GOAL_S:.0f} s: **{verdict}** ({dt:.2f} s). Max RSS {max_rss:.0f} MiB.",
        f"Full run includes bridging and the factorisation with a {cfg.mf_bootstrap}-resample party-stratified bootstrap.",
        "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
