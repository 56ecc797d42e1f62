"""Benchmark of the deliberation consensus engine (socius.deliberation.engine).

Run every case (about a minute and a half; two more with red-dwarf):

    SOCIUS_DEBUG=1 .venv/bin/python -m bench.deliberation
    SOCIUS_DEBUG=1 .venv/bin/python -m bench.deliberation --case national
    SOCIUS_DEBUG=1 REDDWARF_PYTHON=/tmp/rd/bin/python .venv/bin/python -m bench.deliberation

Cases (``--case``, repeatable; default all):

* ``polis``: the four Polis conversations shipped with the engine's tests.
* ``real``: two large public Polis conversations, vtaiwan.uberx (1,921 x 197 x 49,443) and
  austria-climate (1,116 x 522 x 61,384), from ``bench/data/polis`` (or ``--polis-dir``).
* ``synthetic``: 10,000 participants x 1,000 statements x 500,000 votes, 5 parties.
* ``national``: 100,000 participants x 2,000 statements x 5,000,000 votes, 5 parties.

Each case runs in a fresh process, so its peak memory (``ru_maxrss``) is its own; the synthetic
votes are generated (vectorised, not timed as engine time) before that process starts and read
from a file.  A full run is ``engine.replay`` on the votes in the order cast (``in-conv``
replayed, as the forum's full runs do); an update is ``engine.update`` with 1 % more votes.
Per-stage times come from ``Result.timings``.

Floors, measured in the same process: "read" builds a sparse matrix from the vote arrays and
counts agree/disagree/pass per statement, the least any engine must do with every vote;
red-dwarf (PyPI ``red-dwarf``, the Python port of Polis's maths) runs the Polis part on the same
votes in a subprocess when ``REDDWARF_PYTHON`` (or ``--reddwarf``) names a Python that has it.
It is never installed into the project's virtualenv.

Goals (the issue's): (1) national full run under 30 s and 4 GiB; (2) a national update after
1 % more votes under 10 % of the full run (the synthetic case's share is printed beside it);
(3) synthetic full run under 2 s; (4) faster than red-dwarf on both real conversations.  An
update is timed three times from the same state and the median reported.  The results are printed and written as markdown to
``bench/out/deliberation-section.md``.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gzip
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
POLIS_DIR = ROOT / "bench" / "data" / "polis"
REAL = ("vtaiwan.uberx", "austria-climate.5twd2jsnkf.2022-08-08")
OUT = ROOT / "bench" / "out" / "deliberation-section.md"
UPDATE_REPEATS = 3
SIZES = {"synthetic": (10_000, 1_000, 500_000, 3), "national": (100_000, 2_000, 5_000_000, 0)}
CASES = ("polis", "real", "synthetic", "national")
GOAL_NATIONAL_S, GOAL_NATIONAL_GIB, GOAL_UPDATE_SHARE, GOAL_SYNTHETIC_S = 30.0, 4.0, 0.10, 2.0

RD_SCRIPT = """
import json, sys, time
from reddwarf.implementations.base import run_pipeline
case = json.load(open(sys.argv[1]))
t = time.perf_counter()
run_pipeline(votes=case["votes"], mod_out_statement_ids=case["mod_out"],
             meta_statement_ids=case["meta"], random_state=0)
print(time.perf_counter() - t)
"""


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _read_floor(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, shape: tuple[int, int]
) -> float:
    """Seconds to read every vote once: a sparse matrix and per-statement counts."""
    t = time.perf_counter()
    sp.csr_array((vals.astype(np.float64), (rows, cols)), shape=shape)
    np.bincount(cols * 3 + (vals + 1), minlength=shape[1] * 3)
    return time.perf_counter() - t


def _reddwarf(python: str | None, votes: list[dict[str, int]], mod_out: list[int],
              meta: list[int]) -> float | str:  # fmt: skip
    """red-dwarf's time on the same votes, or why there is none."""
    if not python:
        return "not measured (set REDDWARF_PYTHON)"
    with tempfile.TemporaryDirectory() as tmp:
        path, script = Path(tmp) / "case.json", Path(tmp) / "rd.py"
        path.write_text(json.dumps({"votes": votes, "mod_out": mod_out, "meta": meta}))
        script.write_text(RD_SCRIPT)
        try:
            proc = subprocess.run([python, str(script), str(path)], capture_output=True,
                                  text=True, timeout=900, check=False)  # fmt: skip
        except subprocess.TimeoutExpired:
            return "timed out (> 900 s)"
    if proc.returncode != 0:
        return "failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:100]
    return float(proc.stdout.strip().splitlines()[-1])


# --- inputs ---------------------------------------------------------------------------------


def reddwarf_votes(
    pid: np.ndarray, tid: np.ndarray, val: np.ndarray, modified: np.ndarray
) -> list[dict[str, int]]:
    """red-dwarf's vote records: the last vote per participant and statement (it takes one per
    cell, as the exports' own loaders hand it), in the order cast."""
    key = pid * (int(tid.max(initial=0)) + 1) + tid
    _, first_of_reversed = np.unique(key[::-1], return_index=True)
    last = np.sort(len(key) - 1 - first_of_reversed)
    return [
        {"participant_id": int(pid[i]), "statement_id": int(tid[i]), "vote": int(val[i]),
         "modified": int(modified[i])}
        for i in last
    ]  # fmt: skip


def _open_text(path: Path) -> io.TextIOBase:
    """``path`` or, if absent, ``path.gz``."""
    if path.exists():
        return open(path, encoding="utf-8")  # noqa: SIM115 - closed by the caller's with
    return gzip.open(path.with_name(path.name + ".gz"), "rt", encoding="utf-8")


def read_real(folder: Path) -> tuple[Any, frozenset[int], list[dict[str, int]]]:
    """A Polis export's votes (``VoteLog``, oldest first), moderated-out ids and red-dwarf rows."""
    from socius.deliberation.engine.matrix import VoteLog

    with _open_text(folder / "votes.csv") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["timestamp"]))
    with _open_text(folder / "comments.csv") as f:
        mod_out = frozenset(
            int(r["comment-id"]) for r in csv.DictReader(f) if r["moderated"] == "-1"
        )
    pid = np.array([int(r["voter-id"]) for r in rows], dtype=np.int64)
    tid = np.array([int(r["comment-id"]) for r in rows], dtype=np.int64)
    val = np.array([int(r["vote"]) for r in rows], dtype=np.int64)
    log = VoteLog(pid, tid, np.sign(val).astype(np.int8))
    stamps = np.array([int(r["timestamp"]) for r in rows], dtype=np.int64)
    return log, mod_out, reddwarf_votes(pid, tid, val, stamps)


def _polis_dir(args: argparse.Namespace) -> Path:
    folder = Path(args.polis_dir) if args.polis_dir else POLIS_DIR
    missing = [n for n in REAL if not any((folder / n).glob("votes.csv*"))]
    if missing:
        sys.exit(f"bench.deliberation: no votes.csv(.gz) for {', '.join(missing)} in {folder}; "
                 "pass --polis-dir with the Polis exports (see bench/data/polis/README.md)")  # fmt: skip
    return folder


# --- one case per process ------------------------------------------------------------------


def _stages(timings: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in timings.items()}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def child_polis(args: argparse.Namespace) -> list[dict[str, Any]]:
    from socius.deliberation.engine import EngineConfig, replay
    from socius.deliberation.engine.matrix import VoteLog
    from socius.deliberation.engine.tests.conftest import CONVERSATIONS, load_case

    out = []
    for name in CONVERSATIONS:
        case = load_case(name)
        cfg = EngineConfig(mod_out=frozenset(case.math["mod-out"]),
                           meta=frozenset(case.math["meta-tids"]))  # fmt: skip
        log = VoteLog.of(case.votes)
        replay(log, cfg)  # warm the imports and caches once
        res, full = _timed(functools.partial(replay, log, cfg))
        rd = reddwarf_votes(log.participant, log.statement, log.value, np.arange(len(log)))
        m = res.state.matrix
        out.append({
            "case": f"polis {name}", "size": f"{m.shape[0]} x {m.shape[1]} x {m.nnz}",
            "full": full, "stages": _stages(res.timings),
            "reddwarf": _reddwarf(args.reddwarf, rd, sorted(cfg.mod_out), sorted(cfg.meta)),
        })  # fmt: skip
    return out


def child_real(args: argparse.Namespace) -> list[dict[str, Any]]:
    from socius.deliberation.engine import EngineConfig, replay

    out = []
    for name in REAL:
        log, mod_out, rd = read_real(_polis_dir(args) / name)
        cfg = EngineConfig(mod_out=mod_out)  # as the forum configures a conversation this size
        replay(log, cfg)
        res, full = _timed(functools.partial(replay, log, cfg))
        m = res.state.matrix
        floor = _read_floor(np.searchsorted(m.participant_ids, log.participant),
                            np.searchsorted(m.statement_ids, log.statement),
                            log.value.astype(np.int64), m.shape)  # fmt: skip
        out.append({
            "case": f"real {name.split('.')[0]}", "size": f"{m.shape[0]} x {m.shape[1]} x {m.nnz}",
            "full": full, "stages": _stages(res.timings), "read": floor,
            "reddwarf": _reddwarf(args.reddwarf, rd, sorted(mod_out), []),
        })  # fmt: skip
    return out


def _groups_of(result: Any) -> dict[int, int]:
    return {p: g for g, members in result.groups.items() for p in members}


def agreement(upd: Any, fresh: Any) -> dict[str, Any]:
    """How far an update is from a full run on the same votes (see docs/deliberation.md)."""
    from scipy.stats import spearmanr

    from socius.deliberation.engine.clusters import adjusted_rand

    a, b = upd.pca.comps, fresh.pca.comps
    dots = (a * b).sum(axis=1)
    pids = fresh.state.matrix.participants
    pa = np.array([upd.projections[p] for p in pids]) * np.sign(dots)
    pb = np.array([fresh.projections[p] for p in pids])
    ga, gb = _groups_of(upd), _groups_of(fresh)
    both = sorted(set(ga) & set(gb))
    out = {
        "in_conv_equal": upd.in_conv == fresh.in_conv,
        "consensus_equal": upd.consensus == fresh.consensus,
        "component_cos": float(np.abs(dots).min()),
        "plane_cos": float(np.linalg.svd(a @ b.T, compute_uv=False).min()),
        "projection_diff": float(np.abs(pa - pb).max() / pb.std()),
        "groups": (len(upd.groups), len(fresh.groups)),
        "groups_ari": adjusted_rand(np.array([ga[p] for p in both]), np.array([gb[p] for p in both])),
    }  # fmt: skip
    if upd.mf is not None and fresh.mf is not None:
        out["mf_spearman"] = float(spearmanr(upd.mf.score(), fresh.mf.score())[0])
    return out


def child_synthetic(args: argparse.Namespace) -> list[dict[str, Any]]:
    from socius.deliberation.engine import EngineConfig, replay, update
    from socius.deliberation.engine.matrix import VoteLog

    n_p, n_s, n_v, boot = SIZES[args.child]
    data = np.load(args.input)
    r, c, v, party = data["rows"], data["cols"], data["vals"], data["party"]
    base = VoteLog(r[:n_v], c[:n_v], v[:n_v].astype(np.int8))
    more = VoteLog(r[n_v:], c[n_v:], v[n_v:].astype(np.int8))
    party_map = dict(enumerate(f"P{x}" for x in party.tolist()))
    role_map = {i: ("member", "staff")[i % 2] for i in range(n_p)}
    cfg = EngineConfig(seed=0, mf_bootstrap=boot)
    replay(base[:2000], cfg)  # warm the imports once
    loaded = _rss_mib()
    floor = _read_floor(r[:n_v], c[:n_v], v[:n_v], (n_p, n_s))
    res, full = _timed(lambda: replay(base, cfg, party_map, role_map))
    # the median of three updates from the same state (one is a few tens of milliseconds);
    # each result is dropped before the next update, as the forum keeps one state
    times = []
    res2: Any = None
    for _ in range(UPDATE_REPEATS):
        res2 = None
        res2, seconds = _timed(lambda: update(res.state, more))
        times.append(seconds)
    upd = float(np.median(times))
    peak = _rss_mib()
    row: dict[str, Any] = {
        "case": args.child, "size": f"{n_p} x {n_s} x {n_v}", "full": full, "update": upd,
        "stages": _stages(res.timings), "update_stages": _stages(res2.timings), "read": floor,
        "rss_loaded": loaded, "rss_peak": peak, "mf_bootstrap": boot,
        "pca_iterations": (res.pca.iterations, res2.pca.iterations),
    }  # fmt: skip
    whole = VoteLog(r, c, v.astype(np.int8))
    row["agreement"] = agreement(res2, replay(whole, cfg, party_map, role_map))
    if args.reddwarf and (args.child == "synthetic" or args.reddwarf_national):
        rd = reddwarf_votes(r[:n_v], c[:n_v], v[:n_v], np.arange(n_v))
        row["reddwarf"] = _reddwarf(args.reddwarf, rd, [], [])
    return [row]


CHILDREN = {"polis": child_polis, "real": child_real, "synthetic": child_synthetic,
            "national": child_synthetic}  # fmt: skip


# --- the parent: inputs, one process per case, report ----------------------------------------


def _generate(case: str, folder: Path) -> tuple[Path, float]:
    from socius.deliberation.engine.synthetic import large_votes

    n_p, n_s, n_v, _ = SIZES[case]
    t = time.perf_counter()
    rows, cols, vals, party = large_votes(0, n_p, n_s, n_v + n_v // 100)
    path = folder / f"{case}.npz"
    np.savez(path, rows=rows, cols=cols, vals=vals.astype(np.int8), party=party)
    return path, time.perf_counter() - t


def _run_case(case: str, args: argparse.Namespace, folder: Path) -> list[dict[str, Any]]:
    cmd = [sys.executable, "-m", "bench.deliberation", "--child", case]
    if case in SIZES:
        path, seconds = _generate(case, folder)
        print(f"  {case}: votes generated in {seconds:.1f} s (not engine time)", flush=True)
        cmd += ["--input", str(path)]
    if args.reddwarf:
        cmd += ["--reddwarf", args.reddwarf]
    if args.reddwarf_national:
        cmd += ["--reddwarf-national"]
    if args.polis_dir:
        cmd += ["--polis-dir", args.polis_dir]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"bench.deliberation: case {case} failed:\n{proc.stderr[-2000:]}")
    return list(json.loads(proc.stdout.strip().splitlines()[-1]))


def _rd_cell(row: dict[str, Any]) -> str:
    rd = row.get("reddwarf")
    if rd is None:
        return "-"
    if isinstance(rd, str):
        return rd
    return f"{rd:.3f} s ({rd / row['full']:.1f}x)"


def _line(row: dict[str, Any]) -> list[str]:
    upd = row.get("update")
    share = f"{upd:.3f} s ({upd / row['full']:.1%})" if upd is not None else "-"
    read = f"{row['full'] / row['read']:.0f}x" if row.get("read") else "-"
    rss = f"{row['rss_peak']:.0f}" if "rss_peak" in row else "-"
    return [row["case"], row["size"], f"{row['full']:.3f} s", share, rss, read, _rd_cell(row)]


HEADER = ["case", "participants x statements x votes", "full run", "update +1 % (share)",
          "peak RSS MiB", "full / read floor", "red-dwarf (/ full)"]  # fmt: skip


def goals(rows: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """(goal, verdict) per goal; the verdict is None when its case did not run."""
    by = {r["case"]: r for r in rows}
    out: list[tuple[str, str | None]] = []
    nat = by.get("national")
    verdict = None
    if nat:
        ok = nat["full"] < GOAL_NATIONAL_S and nat["rss_peak"] < GOAL_NATIONAL_GIB * 1024
        verdict = f"{'MET' if ok else 'NOT MET'} ({nat['full']:.1f} s, {nat['rss_peak']:.0f} MiB)"
    out.append(("1. national full run under 30 s and 4 GiB", verdict))
    shares = {n: by[n]["update"] / by[n]["full"] for n in ("synthetic", "national") if n in by}
    verdict = None
    if "national" in shares:
        ok = shares["national"] < GOAL_UPDATE_SHARE
        verdict = f"{'MET' if ok else 'NOT MET'} (national {shares['national']:.1%})"
    if "synthetic" in shares:  # reported beside it: the goal is the national conversation's
        verdict = (verdict or "national not run") + (
            f"; synthetic {shares['synthetic']:.1%}, not a goal (see bench/README.md)"
        )
    out.append(("2. national update after 1 % more votes under 10 % of the full run", verdict))
    syn = by.get("synthetic")
    verdict = None
    if syn:
        verdict = f"{'MET' if syn['full'] < GOAL_SYNTHETIC_S else 'NOT MET'} ({syn['full']:.2f} s)"
    out.append(("3. synthetic full run under 2 s", verdict))
    real = [r for r in rows if r["case"].startswith("real ")]
    verdict = None
    if real and all(isinstance(r.get("reddwarf"), float) for r in real):
        ok = all(r["full"] < r["reddwarf"] for r in real)
        verdict = (
            f"{'MET' if ok else 'NOT MET'} ("
            + ", ".join(f"{r['case'][5:]} {r['reddwarf'] / r['full']:.1f}x" for r in real)
            + ")"
        )
    elif real:
        verdict = "not measured (set REDDWARF_PYTHON)"
    out.append(("4. faster than red-dwarf on both real conversations", verdict))
    return out


def _stage_lines(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for row in rows:
        for key, label in (("stages", "full"), ("update_stages", "update")):
            if key in row:
                parts = ", ".join(f"{k} {v:.3f}" for k, v in row[key].items())
                lines.append(f"{row['case']} {label}: {parts}")
        if "agreement" in row:
            a = row["agreement"]
            lines.append(
                f"{row['case']} update vs a full run on the same votes: in-conv equal "
                f"{a['in_conv_equal']}, consensus equal {a['consensus_equal']}, components "
                f"|cos| >= {a['component_cos']:.5f}, plane cos >= {a['plane_cos']:.6f}, "
                f"projections within {a['projection_diff']:.3f} std, groups {a['groups'][0]} vs "
                f"{a['groups'][1]} (adjusted Rand {a['groups_ari']:.3f})"
                + (f", factorisation Spearman {a['mf_spearman']:.4f}" if "mf_spearman" in a else "")
                + f"; PCA iterations full {row['pca_iterations'][0]}, update {row['pca_iterations'][1]}"
            )
    return lines


def report(rows: list[dict[str, Any]], command: str, load_before: str, started: str) -> str:
    table = [HEADER, *[_line(r) for r in rows]]
    lines = [
        "## Deliberation engine",
        "",
        f"Command: `{command}`  ",
        f"Date: {started} (`date -u`); load average before {load_before}, after {_load()} "
        f"(`uptime`); {os.cpu_count()} cores; Python {sys.version.split()[0]}, numpy "
        f"{np.__version__}",
        "",
        "| " + " | ".join(table[0]) + " |",
        "|" + "|".join([":---", ":---"] + ["---:"] * (len(HEADER) - 2)) + "|",
        *["| " + " | ".join(r) + " |" for r in table[1:]],
        "",
        "Per-stage seconds and how far an update is from a full run:",
        "",
        *[f"- {s}" for s in _stage_lines(rows)],
        "",
        *[f"Goal {g}: **{v}**." for g, v in goals(rows) if v is not None],
        "",
    ]
    return "\n".join(lines)


def _parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench.deliberation", description=__doc__.split("\n\n")[0])
    p.add_argument("--case", action="append", choices=CASES, help="run only this case (repeatable)")
    p.add_argument("--reddwarf", default=os.environ.get("REDDWARF_PYTHON"),
                   help="a Python with red-dwarf installed (default: $REDDWARF_PYTHON)")  # fmt: skip
    p.add_argument("--reddwarf-national", action="store_true",
                   help="also time red-dwarf on the national case (minutes, gigabytes)")  # fmt: skip
    p.add_argument("--polis-dir", help=f"folder with {' and '.join(REAL)} (default {POLIS_DIR})")
    p.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    p.add_argument("--input", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return
    if "real" in (args.case or CASES):
        _polis_dir(args)  # fail before anything runs if the data are missing
    started = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    load_before = _load()
    rd_env = f"REDDWARF_PYTHON={args.reddwarf} " if os.environ.get("REDDWARF_PYTHON") else ""
    command = f"SOCIUS_DEBUG=1 {rd_env}.venv/bin/python -m bench.deliberation " + " ".join(
        sys.argv[1:]
    )
    print(f"deliberation engine benchmark, {started}, load {load_before}")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.case or CASES:
            for row in _run_case(case, args, Path(tmp)):
                rows.append(row)
                print("  " + " | ".join(_line(row)), flush=True)
    text = report(rows, command.strip(), load_before, started)
    print("\n" + "\n".join(_stage_lines(rows)))
    for goal, verdict in goals(rows):
        print(f"goal {goal}: {verdict or 'not run'}")
    if not args.reddwarf:
        print("red-dwarf floor: not measured (set REDDWARF_PYTHON)")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
