"""Serve the platform in production: ``python -m socius.serve`` (granian, WSGI).

The parent process loads the application once and forks the workers from it, as gunicorn's
``--preload`` does. That matters for more than memory: the whistleblower scheme's source key
(``socius.whistleblowing.abuse``) is made at import and lives only in memory, so workers forked
from one parent share it and the per-source limits count once per machine, not once per
worker. A worker that dies is forked again from the same parent and gets the same key.

Each worker answers on one Rust I/O thread and runs Django in ``--threads`` Python threads:
while one request waits for PostgreSQL to flush its commit, another runs. No access log is
written (granian's default): its lines would hold a reporter's address (docs/whistleblowing.md,
section 3). See docs/operations.md, "Web processes".
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m socius.serve", description="Serve Socius with granian (WSGI)."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="port (default %(default)s)")
    parser.add_argument(
        "--workers", type=int, default=2, help="worker processes, about one per core"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=3,
        help="Python threads per worker running Django (default %(default)s)",
    )
    parser.add_argument(
        "--backlog", type=int, default=1024, help="pending connections (default %(default)s)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.workers < 1 or args.threads < 1:
        raise SystemExit("--workers and --threads must be at least 1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    # Fork, so the workers inherit what the parent loaded below. Python 3.14 changes Linux's
    # default to forkserver, under which granian would start fresh interpreters instead.
    multiprocessing.set_start_method("fork", force=True)
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces

    import socius.wsgi  # noqa: F401  (loads Django and its URLs once, in the parent)
    from socius.whistleblowing import abuse  # noqa: F401  (its source key, made at import)

    # What the parent loaded lives as long as the workers: keep the collector off it, so the
    # workers never touch those pages and they stay shared between them (copy-on-write).
    gc.collect()
    gc.freeze()

    Granian(
        "socius.wsgi:application",
        address=args.host,
        port=args.port,
        interface=Interfaces.WSGI,
        workers=args.workers,
        blocking_threads=args.threads,
        runtime_threads=1,
        http=HTTPModes.http1,
        websockets=False,
        backlog=args.backlog,
        log_access=False,
        respawn_failed_workers=True,
    ).serve()


if __name__ == "__main__":
    main()
