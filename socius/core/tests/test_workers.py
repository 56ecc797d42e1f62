"""The parts of the task workers' recovery that need no second process
(the fault tests with real workers are in test_worker_recovery.py)."""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta

import pytest
from django.core.management import get_commands
from django.db.models.functions import Now
from django.utils import timezone

from socius.core.models import MailDelivery, TaskWorker
from socius.core.workers import (
    _finish,
    process_gone,
    process_key,
    worker_register,
    workers_recover,
)


def test_the_projects_db_worker_is_the_one_operators_run():
    # socius.core comes before django_tasks_db in INSTALLED_APPS
    assert get_commands()["db_worker"] == "socius.core"


def test_a_process_is_gone_once_it_has_exited():
    child = subprocess.Popen(["/bin/sleep", "30"])  # noqa: S603
    key = process_key(child.pid)
    assert key
    assert not process_gone(key)
    child.kill()
    child.wait()
    assert process_gone(key)


def test_a_reused_process_id_is_not_the_same_process():
    machine, pid, _start = process_key(os.getpid()).rsplit("/", 2)
    assert not process_gone(f"{machine}/{pid}/{_start}")
    assert process_gone(f"{machine}/{pid}/1")


def test_a_process_of_another_machine_is_left_to_the_heartbeat():
    assert not process_gone("another-boot/pid:[1]/1/1")
    assert not process_gone("")


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from socius.tests_support.tasks import worker_kill

    return worker_kill.enqueue().db_result


@pytest.mark.django_db
def test_an_outcome_is_stored_only_under_the_claim_that_ran_it(queued):
    # given: a run on worker a, then the task handed on to worker b
    queued.claim("a")
    stale = type(queued).objects.get(id=queued.id)
    queued.claim("b")
    # when: the run on a finishes after all
    stored = _finish(stale, ["a"], status="SUCCESSFUL", value=1)
    # then: nothing is stored; b's run still can
    assert not stored
    assert type(queued).objects.get(id=queued.id).status == "RUNNING"
    assert _finish(queued, ["a", "b"], status="SUCCESSFUL", value=2)
    assert type(queued).objects.get(id=queued.id).return_value == 2


@pytest.mark.django_db
def test_a_worker_id_in_use_by_a_live_worker_is_refused():
    worker_register("fixed-id")
    with pytest.raises(RuntimeError, match="in use by a live worker"):
        worker_register("fixed-id")
    assert TaskWorker.objects.filter(worker_id="fixed-id").count() == 1


def _dead_process_key() -> str:
    child = subprocess.Popen(["/bin/true"])  # noqa: S603
    key = process_key(child.pid)
    child.wait()
    return key


@pytest.mark.django_db
def test_a_fixed_worker_id_whose_process_is_gone_is_taken_over_with_its_task(queued):
    # given: a worker started with --worker-id fixed-id, killed while running a task
    TaskWorker.objects.create(
        worker_id="fixed-id", host="here", pid=1, process_key=_dead_process_key(), seen_at=Now()
    )
    queued.claim("fixed-id")
    # when: systemd starts it again with the same id
    worker_register("fixed-id")
    # then: the task is queued again, and the row is the new process's
    assert type(queued).objects.get(id=queued.id).status == "READY"
    assert TaskWorker.objects.get(worker_id="fixed-id").pid == os.getpid()


@pytest.mark.django_db
def test_a_task_of_a_worker_without_heartbeat_is_queued_again_once_it_is_old(queued, settings):
    # given: a task left RUNNING by a worker of an older release (no row)
    queued.claim("older-release")
    # when / then: not while it may still be running
    assert workers_recover(current="me", orphans=True) == 0
    type(queued).objects.filter(id=queued.id).update(
        started_at=timezone.now() - timedelta(seconds=settings.TASK_WORKER_LOST_AFTER + 1)
    )
    assert workers_recover(current="me", orphans=False) == 0
    assert workers_recover(current="me", orphans=True) == 1
    assert type(queued).objects.get(id=queued.id).status == "READY"


@pytest.mark.django_db
def test_a_delivery_record_is_deleted_with_its_task_result(queued):
    MailDelivery.objects.create(task_id=queued.id, message_id=f"<{queued.id}@socius.example>")
    type(queued).objects.filter(id=queued.id).delete()  # as prune_db_task_results does
    assert not MailDelivery.objects.exists()
