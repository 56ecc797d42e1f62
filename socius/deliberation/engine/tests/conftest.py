"""Helpers for the engine tests: load the shipped Polis reference conversations."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socius.deliberation.engine.matrix import Vote, VoteMatrix, build_matrix

DATA = Path(__file__).parent / "data"
CONVERSATIONS = ("2dhnep37ie", "9fw9a2jeby", "2fzs33rmbr", "4cacski7ha")


@dataclass(frozen=True)
class PolisCase:
    name: str
    matrix: VoteMatrix
    votes: list[Vote]  # in the order they were cast, as Polis saw them
    math: dict[str, Any]
    comments: list[dict[str, Any]]


def _reconstructed(math: dict[str, Any], votes: list[Vote]) -> list[Vote]:
    """Votes of in-conv participants missing from votes.json, read off singleton base clusters.

    The API export of 9fw9a2jeby lacks participant 7's three votes, but 7 is alone in base
    cluster 4, so ``votes-base`` gives them exactly (A -> agree, D -> disagree, S-A-D -> pass).
    """
    have = {v.participant for v in votes}
    if "votes-base" not in math:  # the trimmed copies need no reconstruction
        return []
    base = math["base-clusters"]
    out: list[Vote] = []
    for idx, members in enumerate(base["members"]):
        if len(members) != 1 or members[0] in have:
            continue
        pid = members[0]
        for tid, vb in math["votes-base"].items():
            a, d, s = vb["A"][idx], vb["D"][idx], vb["S"][idx]
            if s:
                out.append(Vote(pid, int(tid), 1 if a else (-1 if d else 0)))
    return out


def _read(folder: Path, name: str) -> Any:
    """``name`` as shipped, or its gzip-compressed copy (``name.gz``)."""
    plain = folder / name
    if plain.exists():
        return json.loads(plain.read_text())
    with gzip.open(folder / f"{name}.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def load_case(name: str) -> PolisCase:
    folder = DATA / name
    raw = sorted(_read(folder, "votes.json"), key=lambda v: v["modified"])  # stable for ties
    math = _read(folder, "math-pca2.json")
    comments = _read(folder, "comments.json")
    votes = [Vote(v["participant_id"], v["statement_id"], int(v["vote"])) for v in raw]
    votes += _reconstructed(math, votes)
    tids = [int(t) for t in math["tids"]]
    return PolisCase(name, build_matrix(votes, statements=tids), votes, math, comments)
