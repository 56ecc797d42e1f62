"""One BLAS thread, and no cyclic garbage collection, while the engine runs (``engine_call``).

The engine's BLAS calls are small or memory-bound (one matrix-vector product per power
iteration, distances of 2-D points to 100 centres) and come in long sequences.  OpenBLAS's
threads wait for each other by spinning, so on a machine where other processes compete for the
cores a call can cost a whole time slice: on the shared 2-core development machine 200 products
with a 1,000 x 1,000 matrix took 1.2-2.7 s with two threads and 0.07 s with one.  The engine's
large steps are sparse products in scipy, which use one thread anyway, so nothing is lost.  The
results are the same to the bit either way (OpenBLAS splits the output between its threads, not
the sums; checked on the reference conversations).

``one_thread`` sets OpenBLAS to one thread for the duration of a block and restores the
previous number afterwards.  It finds the OpenBLAS libraries the process has loaded (numpy's and
scipy's wheels each bring one) through ``/proc/self/maps`` and does nothing where there is none
(another BLAS, another platform).

``gc_paused`` holds back Python's cyclic garbage collector in the same way: an engine run makes
millions of numbers in a few large arrays but keeps tuples and dicts of every participant (ids,
vote counts, labels); a full collection that happens to start inside a run walks all of them,
about 0.1 s at 100,000 participants, for nothing, since a run makes no reference cycles worth
collecting. Reference counting still frees everything as usual; a collection due meanwhile
runs after the block.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

# Symbol names in the wheels' renamed builds (numpy: 64-bit integers) and in a plain OpenBLAS.
_SUFFIXES = ("scipy_openblas_{}64_", "scipy_openblas_{}", "openblas_{}64_", "openblas_{}")


def _libraries() -> list[tuple[Any, Any]]:
    """(get, set) function pairs of every OpenBLAS loaded in this process."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    paths = sorted({line.split()[-1] for line in maps.splitlines() if "openblas" in line.lower()})
    found = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)  # already loaded: the same library, not a second copy
        except OSError:
            continue
        for pattern in _SUFFIXES:
            get = getattr(lib, pattern.format("get_num_threads"), None)
            put = getattr(lib, pattern.format("set_num_threads"), None)
            if get is not None and put is not None:
                get.restype = ctypes.c_int
                found.append((get, put))
                break
    return found


@functools.cache
def _cached_libraries() -> tuple[tuple[Any, Any], ...]:
    return tuple(_libraries())


def _outermost(
    start: Callable[[], Callable[[], None]],
) -> Callable[[], AbstractContextManager[None]]:
    """A context manager that calls ``start`` when the outermost of nested blocks (in any
    thread) begins, and the function ``start`` returned when the outermost one ends."""
    lock = threading.Lock()
    depth = 0
    undo: Callable[[], None] = lambda: None  # noqa: E731 - replaced by the first block

    @contextmanager
    def block() -> Iterator[None]:
        nonlocal depth, undo
        with lock:
            if depth == 0:
                undo = start()
            depth += 1
        try:
            yield
        finally:
            with lock:
                depth -= 1
                if depth == 0:
                    undo()

    return block


def _blas_to_one_thread() -> Callable[[], None]:
    saved = []
    for get, put in _cached_libraries():
        saved.append((put, int(get())))
        put(1)

    def restore() -> None:
        for put, threads in saved:
            put(threads)

    return restore


def _gc_off() -> Callable[[], None]:
    was_enabled = gc.isenabled()
    gc.disable()
    return gc.enable if was_enabled else lambda: None


# OpenBLAS runs single-threaded inside the block (nested blocks are fine).
one_thread = _outermost(_blas_to_one_thread)
# Python's cyclic garbage collector waits until the block ends (nested blocks are fine; a
# caller who had it off keeps it off).
gc_paused = _outermost(_gc_off)


def engine_call[**P, R](fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with OpenBLAS single-threaded and the cyclic collector paused."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_thread(), gc_paused():
            return fn(*args, **kwargs)

    return wrapper
