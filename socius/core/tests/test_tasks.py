import pytest
from django.core.management import call_command
from django.db import transaction

from socius.core.tasks import mail_send_on_commit


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mail_is_sent_through_smtp_after_commit(mailbox):
    with transaction.atomic():
        mail_send_on_commit(
            subject="Hej", body="Velkommen", to=["a@example.dk"], html="<p>Velkommen</p>"
        )
        assert mailbox.messages == []
    (message,) = mailbox.messages
    assert message["To"] == "a@example.dk"
    assert message["Subject"] == "Hej"
    assert "Velkommen" in mailbox.body_of(message)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_mail_for_a_rolled_back_change(mailbox):
    def change_that_fails():
        with transaction.atomic():
            mail_send_on_commit(subject="Hej", body="x", to=["a@example.dk"])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert mailbox.messages == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_queue_and_worker_deliver_mail(mailbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        mail_send_on_commit(subject="Kø", body="Fra køen", to=["b@example.dk"])
    assert mailbox.messages == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [m["Subject"] for m in mailbox.messages] == ["Kø"]
