"""Task workers that notice when another worker died, and run its task again.

django-tasks-db marks a task RUNNING under the worker that claimed it and nothing more: if
that process is killed (SIGKILL, out of memory, the machine lost) the task stays RUNNING
for ever. Every ``db_worker`` of this project (socius/core/management/commands/db_worker.py)
therefore keeps a row in ``TaskWorker`` and beats it from a thread, and recovers the tasks of
workers that are gone.

Failure model. A worker process can stop at any instruction (SIGKILL, OOM, power, network
lost for good), be frozen and resumed (SIGSTOP, a paused virtual machine), or lose its
database connection for a while. Workers run on any number of machines against one
PostgreSQL database (or, for one developer, one SQLite file). No clock is trusted across
machines: heartbeats are written and compared with the database's clock.

When a worker counts as lost, and what then happens:

- *Heartbeat.* A worker writes ``seen_at = now()`` every ``TASK_WORKER_LOST_AFTER / 6``
  seconds. One that has not written for ``TASK_WORKER_LOST_AFTER`` seconds is lost.
- *Same machine, at once.* A worker whose row names a process on this machine (same Linux
  boot and PID namespace) that no longer exists, or is now another process (its start time
  differs), is lost without waiting: so a worker restarted by systemd after an out-of-memory
  kill re-runs its predecessor's task within a second.
- Any worker, every few seconds, puts the RUNNING tasks of lost workers back to READY and
  deletes the lost workers' rows, in one transaction. A task is claimed once per run
  (``worker_ids`` grows by one), so the runs are counted: a task whose worker was lost on
  each of ``TASK_MAX_ATTEMPTS`` runs is marked FAILED (``WorkerLost``) with an error log line,
  so a task that kills its worker every time does not loop for ever.

Why a live worker is never declared lost while it can still act (so a task never runs twice
at once):

- A worker stops itself (``os._exit``) when, while running a task, it has not managed to
  beat for ``TASK_WORKER_LOST_AFTER / 2`` seconds by its own monotonic clock, or when it
  finds its row deleted (it was declared lost). It notices within ``LOST_AFTER * 2 / 3``,
  before anyone else may act at ``LOST_AFTER``. A worker without a task that finds its row
  deleted registers again.
- Claiming a task renews the claimer's row in the same transaction and refuses when the row
  is gone; recovery locks the lost workers' rows first. The two therefore serialise: a task
  is never claimed by a worker that recovery has just declared lost.
- Finishing a task is fenced: the result is written only if the task is still RUNNING under
  the same claim, so a frozen worker that wakes up after its task was handed on cannot
  overwrite the new run's result. Tasks with side effects check the same claim right before
  the effect (``task_run_current``; the mail task does).

What remains: a process frozen for longer than the limit between that last check and its
side effect, and a process killed between a side effect and recording it (the mail task
narrows that to the moment between the SMTP server's reply and one UPDATE). A dead machine's
PostgreSQL connections stay open until PostgreSQL notices (TCP keepalive), and with them any
row locks its transaction held; the task is re-run at once, but may wait on those locks.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from traceback import format_exception
from typing import Any

from django.conf import settings
from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.db.models.functions import Now
from django.tasks import TaskContext, TaskResultStatus, task_backends
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception, retry

from socius.core.models import TaskWorker

logger = logging.getLogger(__name__)

# systemd's Restart= starts a worker again after this, like after any other failure.
EXIT_LOST = 75


class WorkerLost(Exception):  # noqa: N818  (the task's error as operators read it)
    """The worker running a task died on each of the task's allowed runs."""


class TaskRunLost(Exception):  # noqa: N818
    """This run's claim on its task is gone: the task was handed to another worker."""


def lost_after() -> timedelta:
    return timedelta(seconds=settings.TASK_WORKER_LOST_AFTER)


# --- Which process is a worker ---------------------------------------------------------------


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read().strip()
    except OSError:
        return ""


def _machine_key() -> str:
    """This kernel boot and PID namespace: PIDs mean the same process only within both."""
    boot = _read("/proc/sys/kernel/random/boot_id")
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{boot}/{namespace}" if boot else ""


def _start_time(pid: int) -> tuple[str, str] | None:
    """The state and start time (clock ticks since boot) of a process, from /proc."""
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return (fields[0], fields[19]) if len(fields) > 19 else None


def process_key(pid: int) -> str:
    """``<boot>/<pid namespace>/<pid>/<start time>``, or "" where /proc cannot tell."""
    machine = _machine_key()
    found = _start_time(pid)
    return f"{machine}/{pid}/{found[1]}" if machine and found else ""


def process_gone(key: str) -> bool:
    """True only when ``key`` names a process on this machine that certainly no longer runs.

    False when it runs, or when this process cannot tell (another machine or namespace, no
    /proc, no permission to see it): then only the heartbeat decides."""
    machine = _machine_key()
    if not key or not machine or not key.startswith(machine + "/"):
        return False
    pid_text, started = key[len(machine) + 1 :].split("/", 1)
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # exists, run by another user
    found = _start_time(pid)
    if found is None:
        return False
    state, start = found
    return start != started or state in {"Z", "X"}  # a reused PID, or a zombie


# --- Heartbeat rows --------------------------------------------------------------------------


def worker_register(worker_id: str) -> TaskWorker:
    """Add this process's row. A row left by an earlier process with the same id (a fixed
    ``--worker-id``) is taken over once that process is lost; a live one is refused."""
    with exclusive_transaction():
        previous = TaskWorker.objects.select_for_update().filter(worker_id=worker_id).first()
        if previous is not None:
            if not _is_lost(previous, stale=_stale_ids({previous.worker_id})):
                raise RuntimeError(
                    f"Worker id {worker_id} is in use by a live worker "
                    f"({previous.host}, process {previous.pid})."
                )
            tasks_recover(lost={worker_id})
            previous.delete()
        return TaskWorker.objects.create(
            worker_id=worker_id,
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            process_key=process_key(os.getpid()),
            seen_at=Now(),
        )


def worker_beat(worker_id: str) -> bool:
    """Write the heartbeat; False when the row is gone (another worker declared us lost)."""
    return TaskWorker.objects.filter(worker_id=worker_id).update(seen_at=Now()) == 1


def worker_unregister(worker_id: str) -> None:
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def _stale_ids(worker_ids: Iterable[str] | None = None) -> set[str]:
    rows = TaskWorker.objects.filter(seen_at__lt=Now() - lost_after())
    if worker_ids is not None:
        rows = rows.filter(worker_id__in=list(worker_ids))
    return set(rows.values_list("worker_id", flat=True))


def _is_lost(worker: TaskWorker, *, stale: set[str]) -> bool:
    return worker.worker_id in stale or process_gone(worker.process_key)


# --- Recovery --------------------------------------------------------------------------------


def workers_recover(*, current: str, orphans: bool = False) -> int:
    """Declare lost workers lost: put their RUNNING tasks back in the queue (or mark them
    FAILED after ``TASK_MAX_ATTEMPTS`` runs) and delete their rows, in one transaction.
    Returns how many tasks were recovered. ``current`` (the caller) is never lost.
    ``orphans``: also the tasks of workers without a row (see ``tasks_recover``)."""
    with exclusive_transaction():
        # Rows another transaction holds (a claim renewing its row, another recovery) are
        # skipped: that worker is alive, or someone else is already dealing with it.
        candidates = list(
            TaskWorker.objects.select_for_update(skip_locked=True).exclude(worker_id=current)
        )
        stale = _stale_ids(w.worker_id for w in candidates)
        lost = {w.worker_id for w in candidates if _is_lost(w, stale=stale)}
        for worker in candidates:
            if worker.worker_id in lost:
                logger.warning(
                    "Task worker %s (%s, process %s) is lost.",
                    worker.worker_id, worker.host, worker.pid,
                )  # fmt: skip
        if not lost and not orphans:
            return 0
        recovered = tasks_recover(lost=lost, orphans=orphans)
        TaskWorker.objects.filter(worker_id__in=lost).delete()
    return recovered


def tasks_recover(*, lost: set[str], orphans: bool = False) -> int:
    """The RUNNING tasks of the ``lost`` workers back to READY, or FAILED after their last
    allowed run. With ``orphans``, also those of workers without a row that started longer
    than the limit ago (a worker of a release before heartbeats; every worker checks once,
    when it starts). Call inside a transaction."""
    running = list(
        DBTaskResult.objects.select_for_update(skip_locked=True)
        .filter(status=TaskResultStatus.RUNNING)
        .only("id", "task_path", "worker_ids", "started_at")
    )
    known = set(TaskWorker.objects.values_list("worker_id", flat=True)) - lost
    unowned = {
        r.id
        for r in running
        if orphans and (r.worker_ids[-1] if r.worker_ids else "") not in known | lost
    }
    if unowned:
        old = DBTaskResult.objects.filter(id__in=unowned, started_at__lt=Now() - lost_after())
        unowned = set(old.values_list("id", flat=True))
    count = 0
    for result in running:
        owner = result.worker_ids[-1] if result.worker_ids else ""
        if owner in lost or result.id in unowned:
            _task_requeue_or_fail(result, owner=owner)
            count += 1
    return count


def _task_requeue_or_fail(result: DBTaskResult, *, owner: str) -> None:
    runs = len(result.worker_ids)
    limit = settings.TASK_MAX_ATTEMPTS
    rows = DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING)
    if runs < limit:
        rows.update(status=TaskResultStatus.READY)
        logger.warning(
            "Task %s (%s) is queued again: its worker %s was lost (run %d of at most %d).",
            result.id, result.task_path, owner, runs, limit,
        )  # fmt: skip
        return
    error = WorkerLost(
        f"The worker running this task was lost on each of its {runs} runs "
        f"(workers {', '.join(result.worker_ids)}); it is not run again."
    )
    rows.update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        return_value=None,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="".join(format_exception(error)),
    )
    logger.error(
        "Task %s (%s) FAILED: its worker was lost on each of its %d runs (limit %d).",
        result.id, result.task_path, runs, limit,
    )  # fmt: skip


def task_in_database(task_result: Any) -> bool:
    """Whether the task is one of django-tasks-db's (a row a worker claims, and may re-run)."""
    return isinstance(task_backends[task_result.backend], DatabaseBackend)


def task_run_current(task_result: Any) -> bool:
    """Whether this run still holds its task: for a database task, the row is RUNNING under
    the same claim (call inside a transaction; the row is locked until it ends). A task of
    any other backend runs once, in its own process, and always holds it."""
    if not task_in_database(task_result):
        return True
    row = (
        DBTaskResult.objects.select_for_update()
        .filter(id=task_result.id)
        .values_list("status", "worker_ids")
        .first()
    )
    return (
        row is not None
        and row[0] == TaskResultStatus.RUNNING
        and list(row[1]) == list(task_result.worker_ids)
    )


# --- The heartbeat thread --------------------------------------------------------------------


def _die(message: str, *args: object) -> None:
    logger.critical(message, *args)
    for handler in logging.getLogger().handlers + logger.handlers:
        handler.flush()
    os._exit(EXIT_LOST)


class Heartbeat:
    """Two daemon threads: one writes the heartbeat, one watches that it succeeds.

    The watcher does no I/O, so it still stops the process when the beating thread hangs in
    a database call (a network that drops packets can hold a query for many minutes)."""

    def __init__(self, worker_id: str, *, busy: Callable[[], bool]) -> None:
        self.worker_id = worker_id
        self.busy = busy
        self.every = settings.TASK_WORKER_LOST_AFTER / 6
        self.fence = settings.TASK_WORKER_LOST_AFTER / 2
        self.last_ok = time.monotonic()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._beat_loop, name="heartbeat", daemon=True),
            threading.Thread(target=self._watch_loop, name="heartbeat-watch", daemon=True),
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def renewed(self, at: float) -> None:
        """The row was renewed at monotonic time ``at`` (by a claim)."""
        self.last_ok = max(self.last_ok, at)

    def _beat_loop(self) -> None:
        try:
            while not self._stop.wait(self.every):
                self._beat()
        finally:
            connections.close_all()  # this thread's own connection

    def _beat(self) -> None:
        started = time.monotonic()
        try:
            if worker_beat(self.worker_id):
                self.renewed(started)
                return
            if self.busy():
                _die(
                    "Task worker %s was declared lost while running a task, which now runs "
                    "elsewhere; stopping at once.",
                    self.worker_id,
                )
            logger.warning("Task worker %s was declared lost while idle; joining again.",
                           self.worker_id)  # fmt: skip
            worker_register(self.worker_id)
            self.renewed(started)
        except DatabaseError as error:
            logger.warning("Task worker %s could not write its heartbeat: %s",
                           self.worker_id, error)  # fmt: skip
            connections["default"].close()

    def _watch_loop(self) -> None:
        while not self._stop.wait(self.every):
            silent = time.monotonic() - self.last_ok
            if silent > self.fence and self.busy():
                _die(
                    "Task worker %s could not write its heartbeat for %.0f s while running a "
                    "task; stopping before another worker runs it again.",
                    self.worker_id, silent,
                )  # fmt: skip


# --- The worker ------------------------------------------------------------------------------


class Worker(QueueWorker):
    """django-tasks-db's worker with a heartbeat, recovery, a fenced claim and a fenced
    result (see the module's docstring). ``run`` and ``run_task`` are the library's, with
    those steps added where it offers no hook."""

    heartbeat: Heartbeat | None = None

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s",
                    self.worker_id, ",".join(self.queue_names))  # fmt: skip
        self._register()
        self.heartbeat = Heartbeat(self.worker_id, busy=lambda: self.running_task)
        self.heartbeat.start()
        try:
            if self.startup_delay and self.interval:
                time.sleep(random.random())  # noqa: S311  (spreads workers' start)
            self._loop()
        finally:
            self.heartbeat.stop()
            worker_unregister(self.worker_id)

    def _register(self) -> None:
        while True:
            try:
                worker_register(self.worker_id)
                return
            except OperationalError as error:  # the database is not there yet: wait for it
                logger.warning("Task worker %s cannot register yet: %s", self.worker_id, error)
                connections["default"].close()
                time.sleep(max(self.interval, 1))

    def _loop(self) -> None:
        next_recovery = 0.0
        orphans = True
        while self.running:
            close_old_connections()
            try:
                if time.monotonic() >= next_recovery:
                    workers_recover(current=self.worker_id, orphans=orphans)
                    orphans = False
                    next_recovery = time.monotonic() + settings.TASK_WORKER_LOST_AFTER / 6
                task_result, retrieved = self._claim()
            except DatabaseError as error:
                if self.batch:
                    raise  # a one-off run ends here
                # The database went away: a long-running worker waits for it.
                logger.warning("Task worker %s: database error: %s", self.worker_id, error)
                connections["default"].close()
                time.sleep(max(self.interval, 1))
                continue
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and retrieved and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.",
                            self.worker_id)  # fmt: skip
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.",
                            self._run_tasks, self.worker_id)  # fmt: skip
                return
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _claim(self) -> tuple[DBTaskResult | None, bool]:
        """The next task, claimed together with renewing this worker's row; (None, False)
        when the database was locked (SQLite) or this worker's row is gone."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        started = time.monotonic()
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is None:
                    return None, True
                if not worker_beat(self.worker_id):
                    transaction.set_rollback(True)
                    return None, False
                task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False
            raise
        if self.heartbeat is not None:
            self.heartbeat.renewed(started)
        return task_result, True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        claim = list(db_task_result.worker_ids)
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            # Inside the try: a value that cannot be stored (not JSON) fails the task.
            if _finish(db_task_result, claim, status=TaskResultStatus.SUCCESSFUL, value=value):
                db_task_result.refresh_from_db()
                task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as error:  # noqa: BLE001  (as the library: every failure is stored)
            if _finish(db_task_result, claim, status=TaskResultStatus.FAILED, error=error):
                try:
                    db_task_result.refresh_from_db()
                    task_finished.send(
                        sender=type(db_task_result.task.get_backend()),
                        task_result=db_task_result.task_result,
                    )
                except Exception:
                    logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1


@retry()
def _finish(
    result: DBTaskResult,
    claim: list[str],
    *,
    status: str,
    value: object = None,
    error: BaseException | None = None,
) -> bool:
    """Store the outcome only if the task is still RUNNING under this run's claim."""
    rows = DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING)
    with transaction.atomic():
        current = rows.select_for_update().values_list("worker_ids", flat=True).first()
        if current is None or list(current) != claim:
            logger.warning(
                "Task %s finished on worker %s after it was handed to another worker; "
                "this run's outcome is not stored.",
                result.id, claim[-1] if claim else "",
            )  # fmt: skip
            return False
        fields: dict[str, Any] = {"status": status, "finished_at": timezone.now()}
        if error is None:
            fields |= {"return_value": value, "exception_class_path": "", "traceback": ""}
        else:
            kind = type(error)
            fields |= {
                "return_value": None,
                "exception_class_path": f"{kind.__module__}.{kind.__qualname__}",
                "traceback": "".join(format_exception(error)),
            }
        rows.update(**fields)
    return True
