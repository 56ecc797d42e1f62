"""One BLAS thread while the engine runs.

The engine's BLAS calls are small or memory-bound (one matrix-vector product per power
iteration, distances of 2-D points to 100 centres) and come in long sequences.  OpenBLAS's
threads wait for each other by spinning, so on a machine where other processes compete for the
cores a call can cost a whole time slice: on the shared 2-core development machine 200 products
with a 1,000 x 1,000 matrix took 1.2-2.7 s with two threads and 0.07 s with one.  The engine's
large steps are sparse products in scipy, which use one thread anyway, so nothing is lost.  The
results are the same to the bit either way (OpenBLAS splits the output between its threads, not
the sums; checked on the reference conversations).

``single_thread`` sets OpenBLAS to one thread for the duration of a call and restores the
previous number afterwards.  It finds the OpenBLAS libraries the process has loaded (numpy's and
scipy's wheels each bring one) through ``/proc/self/maps`` and does nothing where there is none
(another BLAS, another platform).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Symbol names in the wheels' renamed builds (numpy: 64-bit integers) and in a plain OpenBLAS.
_SUFFIXES = ("scipy_openblas_{}64_", "scipy_openblas_{}", "openblas_{}64_", "openblas_{}")
_lock = threading.Lock()
_depth = 0
_saved: list[tuple[Any, int]] = []


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


@contextmanager
def one_thread() -> Iterator[None]:
    """OpenBLAS runs single-threaded inside the block (nested blocks are fine)."""
    global _depth
    with _lock:
        if _depth == 0:
            _saved.clear()
            for get, put in _cached_libraries():
                _saved.append((put, int(get())))
                put(1)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                for put, threads in _saved:
                    put(threads)


def single_thread[**P, R](fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with OpenBLAS single-threaded (see the module docstring)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_thread():
            return fn(*args, **kwargs)

    return wrapper


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector waits until the block ends (nested blocks are fine).

    An engine run makes millions of numbers in a few large arrays but keeps tuples and dicts of
    every participant (ids, vote counts, labels); a full collection that happens to start
    inside a run walks all of them, about 0.1 s at 100,000 participants, for nothing, since a
    run makes no reference cycles worth collecting. Reference counting still frees everything
    as usual; a collection due meanwhile runs after the block."""
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled:
                gc.enable()


def engine_call[**P, R](fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with OpenBLAS single-threaded and the cyclic collector paused."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_thread(), gc_paused():
            return fn(*args, **kwargs)

    return wrapper
