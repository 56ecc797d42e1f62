"""Which statement to show next (Polis ``priority-metric``), raised for under-heard groups.

Polis: with A/P/S = agrees/passes/seen among included participants and E = comment extremity,
``importance = (1 - (P+1)/(S+2)) · (E+1) · (A+1)/(S+2)`` and
``priority = (importance · (1 + 8·2^(-S/5)))²`` (meta statements: 7² = 49).  The second factor
lets new statements bubble up; squaring sharpens the preference.

Socius raises the priority where the viewer's own party or role has few votes on a statement:
``priority · (1 + boost · 2^(-n_cell/5))`` with n_cell = votes by the viewer's party (or role,
whichever is smaller).  That is the same decay Polis uses for new statements, applied per group,
so that bridging scores (which need votes from every group) get the votes they lack.
"""

from __future__ import annotations

import numpy as np

from socius.deliberation.engine.matrix import FloatArray, IntArray

META_PRIORITY = 7.0


def polis_priority(
    agree: IntArray,
    passes: IntArray,
    seen: IntArray,
    extremity: FloatArray,
    is_meta: np.ndarray | None = None,
) -> FloatArray:
    a = (agree + 1.0) / (seen + 2.0)
    p = (passes + 1.0) / (seen + 2.0)
    importance = (1.0 - p) * (extremity + 1.0) * a
    pr = importance * (1.0 + 8.0 * np.power(2.0, -seen / 5.0))
    if is_meta is not None:
        pr = np.where(is_meta, META_PRIORITY, pr)
    return np.asarray(pr**2)


def viewer_priority(
    base: FloatArray,
    votes_in_viewer_cells: IntArray,
    boost: float = 4.0,
) -> FloatArray:
    """Raise ``base`` where the viewer's party/role cell has few votes (see module doc)."""
    return np.asarray(base * (1.0 + boost * np.power(2.0, -votes_in_viewer_cells / 5.0)))
