"""A task worker killed in the middle of a task: the task runs again, its effect happens once.

Real processes: ``manage.py db_worker`` with production settings on this test's database
(committed data, hence transactional tests), a real SMTP server on loopback that can hold its
reply to DATA or QUIT until the test releases it, and SIGKILL / SIGSTOP as the kernel sends
them. Every wait is for something observable (the server holding a reply, a task's status, a
process's exit), never a fixed sleep.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from socius.core.models import MailDelivery, TaskWorker
from socius.core.tasks import mail_send
from socius.core.workers import EXIT_LOST
from socius.tests_support.servers import wait_for
from socius.tests_support.smtp import SMTPServer
from socius.tests_support.tasks import worker_kill
from socius.tests_support.workers import (
    WorkerProcess,
    db_worker,
    worker_env,
    worker_start,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

START = 60  # seconds a worker may take to start and reach a task on a loaded machine


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _task(result_id: str) -> DBTaskResult:
    return DBTaskResult.objects.get(id=result_id)


def _status_is(result_id: str, status: str):
    return lambda: _task(result_id).status == status


def _welcome():
    return mail_send.enqueue(subject="Velkommen", body="Hej Anna", to=["anna@example.dk"])


def test_a_mail_not_yet_accepted_when_its_worker_dies_is_sent_once_by_the_next(
    queue, mailbox: SMTPServer, tmp_path: Path
):
    # given: a queued mail, and an SMTP server holding its reply to the end of DATA
    env = worker_env(tmp_path, smtp_port=mailbox.port)
    log = tmp_path / "workers.log"
    stall = mailbox.stall("DATA")
    result = _welcome()
    # when: the worker is killed before the server has accepted the message
    first = worker_start(env, log=log)
    try:
        stall.wait_reached(timeout=START)
        first.kill()
        stall.wait_abandoned(timeout=10)
    finally:
        first.stop()
        stall.release()
    assert mailbox.messages == []
    assert _task(result.id).status == "RUNNING"  # and would stay so without recovery
    # then: the next worker runs the task again, and the mail arrives once
    with db_worker(env, log=log):
        wait_for(_status_is(result.id, "SUCCESSFUL"), timeout=START, what="re-run", log=log)
    (message,) = mailbox.messages
    delivery = MailDelivery.objects.get(task_id=result.id)
    assert message["Message-ID"] == delivery.message_id == f"<{result.id}@socius.example>"
    assert delivery.accepted_at is not None
    assert len(_task(result.id).worker_ids) == 2
    assert f"Task {result.id} (socius.core.tasks.mail_send) is queued again" in log.read_text()


def test_a_mail_accepted_before_its_worker_dies_is_not_sent_again(
    queue, mailbox: SMTPServer, tmp_path: Path
):
    # given: a queued mail, and an SMTP server holding its reply to QUIT
    env = worker_env(tmp_path, smtp_port=mailbox.port)
    log = tmp_path / "workers.log"
    stall = mailbox.stall("QUIT")
    result = _welcome()
    first = worker_start(env, log=log)
    try:
        stall.wait_reached(timeout=START)
        # the server accepted the message, and the delivery was recorded before QUIT
        assert len(mailbox.messages) == 1
        assert MailDelivery.objects.get(task_id=result.id).accepted_at is not None
        # when: the worker is killed before the connection is closed
        first.kill()
        stall.wait_abandoned(timeout=10)
    finally:
        first.stop()
        stall.release()
    assert _task(result.id).status == "RUNNING"
    # then: the re-run sends nothing, and the task ends successful
    with db_worker(env, log=log):
        wait_for(_status_is(result.id, "SUCCESSFUL"), timeout=START, what="re-run", log=log)
    (message,) = mailbox.messages
    assert message["Message-ID"] == MailDelivery.objects.get(task_id=result.id).message_id
    task = _task(result.id)
    assert task.return_value == 1
    assert len(task.worker_ids) == 2


def test_a_task_that_kills_its_worker_every_time_fails_after_the_attempt_limit(
    queue, tmp_path: Path
):
    # given: a task that kills whichever worker runs it (as an out-of-memory kill would)
    env = worker_env(tmp_path)
    log = tmp_path / "workers.log"
    result = worker_kill.enqueue()
    # when: workers are started again each time one dies, as systemd's Restart= does
    workers: list[WorkerProcess] = []
    try:
        for _run in range(4):  # three runs, then a worker that finds the third lost
            worker = worker_start(env, log=log)
            workers.append(worker)
            wait_for(
                lambda w=worker: (
                    w.process.poll() is not None or _task(result.id).status == "FAILED"
                ),
                timeout=START,
                what="the worker dies or the task fails",
                log=log,
            )
            if _task(result.id).status == "FAILED":
                break
    finally:
        for worker in workers:
            worker.stop()
    # then: it ran three times, each killing its worker, and is marked failed
    assert [w.process.returncode for w in workers[:3]] == [-signal.SIGKILL] * 3
    task = _task(result.id)
    assert task.status == "FAILED"
    assert len(task.worker_ids) == 3
    assert task.exception_class_path == "socius.core.workers.WorkerLost"
    assert "lost on each of its 3 runs" in task.traceback
    assert (
        f"Task {result.id} (socius.tests_support.tasks.worker_kill) FAILED: its worker was "
        "lost on each of its 3 runs (limit 3)." in log.read_text()
    )
    assert len(workers) == 4


def test_a_frozen_worker_loses_its_task_after_the_limit_and_stops_when_it_wakes(
    queue, mailbox: SMTPServer, tmp_path: Path
):
    """The heartbeat, not the same-machine check: a stopped process still exists."""
    # given: a short heartbeat limit, and a worker held at the end of DATA
    limit = 5  # short, but not so short that a loaded machine starves the heartbeat
    env = worker_env(
        tmp_path, smtp_port=mailbox.port, extra={"SOCIUS_TASK_WORKER_LOST_AFTER": str(limit)}
    )
    log = tmp_path / "workers.log"
    stall = mailbox.stall("DATA")
    result = _welcome()
    first = worker_start(env, log=log)
    try:
        stall.wait_reached(timeout=START)
        # when: it is frozen (SIGSTOP, a paused virtual machine) past the limit
        _freeze(first)
        frozen_at = time.monotonic()
        with db_worker(env, log=log):
            # then: another worker takes the task once the heartbeat is older than the limit
            wait_for(_status_is(result.id, "SUCCESSFUL"), timeout=START, what="re-run", log=log)
            # not at once: the frozen worker's last beat was less than limit / 2 before the
            # freeze (or it would have stopped itself), so the limit ran out after that
            assert time.monotonic() - frozen_at > limit / 2
            assert len(mailbox.messages) == 1
            # and the frozen worker, woken, stops at once: its task runs elsewhere
            os.kill(first.pid, signal.SIGCONT)
            wait_for(lambda: first.process.poll() is not None, timeout=30, what="exit", log=log)
            stall.wait_abandoned(timeout=10)
    finally:
        stall.release()
        first.stop()
    assert first.process.returncode == EXIT_LOST
    assert "stopping" in log.read_text()
    assert len(mailbox.messages) == 1
    task = _task(result.id)
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2
    assert not TaskWorker.objects.filter(pid=first.pid).exists()


def _freeze(worker: WorkerProcess) -> None:
    """SIGSTOP the worker at a moment it holds no SQLite write lock (a heartbeat's UPDATE
    takes it for a moment; frozen then, it would lock every other worker out). On
    PostgreSQL the server finishes an autocommit UPDATE whatever the client does."""
    for _attempt in range(50):
        os.kill(worker.pid, signal.SIGSTOP)
        wait_for(lambda: _state(worker.pid) == "T", timeout=10, what="stopped")
        if connection.vendor != "sqlite" or _sqlite_writable():
            return
        os.kill(worker.pid, signal.SIGCONT)
    raise AssertionError("The worker held the SQLite write lock at each of 50 stops.")


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]


def _sqlite_writable() -> bool:
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.2)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
