"""Consensus engine for deliberation: Polis-exact maths plus bridging across declared groups.

Pure Python (numpy/scipy), no Django.  Entry points: :func:`state.run` (full computation),
:func:`state.replay` (a full run that replays ``in-conv`` through the votes' history),
:func:`state.update` (incremental recompute after new votes) and the dataclasses they return.
Votes go in as a list of ``Vote`` or, for large conversations, as a ``VoteLog`` of arrays.
"""

from socius.deliberation.engine.matrix import (
    AGREE,
    DISAGREE,
    PASS,
    Vote,
    VoteLog,
    VoteMatrix,
    build_matrix,
)
from socius.deliberation.engine.state import (
    EngineConfig,
    Result,
    State,
    priority_for_viewer,
    replay,
    run,
    update,
)

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "EngineConfig",
    "Result",
    "State",
    "Vote",
    "VoteLog",
    "VoteMatrix",
    "build_matrix",
    "priority_for_viewer",
    "replay",
    "run",
    "update",
]
