import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from socius.core.audit import ChainBreak, audit_record, audit_verify
from socius.core.models import AuditEntry, Theme
from socius.core.models.audit import GENESIS_HASH

pytestmark = pytest.mark.django_db


def _entries(n, actor=None):
    theme = Theme.objects.first()
    return [
        audit_record(actor=actor, action="test.thing", target=theme, data={"n": i})
        for i in range(n)
    ]


def _drop_update_trigger():
    """What an attacker with DDL rights would do first (rolled back with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER core_auditentry_no_update ON core_auditentry")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_no_update")


def test_it_chains_entries(citizen):
    first, second = _entries(2, actor=citizen)
    assert first.prev_hash in {GENESIS_HASH} | set(
        AuditEntry.objects.filter(pk__lt=first.pk).values_list("hash", flat=True)
    )
    assert second.prev_hash == first.hash
    assert second.actor_id == citizen.pk
    assert second.target_type == "core.theme"
    stored = AuditEntry.objects.get(pk=second.pk)
    assert stored.compute_hash() == stored.hash


def test_verify_passes_an_intact_chain():
    entries = _entries(5)
    results = list(audit_verify())
    assert all(isinstance(r, int) for r in results)
    assert results[-1] == entries[-1].pk


def test_the_model_refuses_changes_and_deletion():
    (entry,) = _entries(1)
    entry.action = "forged"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_an_update_behind_the_models_back():
    (entry,) = _entries(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing"


def test_verify_finds_the_first_altered_entry():
    entries = _entries(4)
    _drop_update_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET data = %s WHERE id = %s", ['{"n": 99}', entries[1].pk]
        )
        cursor.execute("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [entries[3].pk])
    breaks = [r for r in audit_verify() if isinstance(r, ChainBreak)]
    assert breaks == [ChainBreak(entries[1].pk, "content does not match its hash")]


def test_verify_finds_a_removed_entry():
    entries = _entries(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    breaks = [r for r in audit_verify() if isinstance(r, ChainBreak)]
    assert breaks == [ChainBreak(entries[2].pk, "previous hash does not match the entry before it")]


def test_command_reports_intact_chain_and_its_head(capsys):
    entries = _entries(3)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Audit chain intact" in out
    assert entries[-1].hash in out


def test_command_fails_on_the_first_broken_link():
    entries = _entries(3)
    _drop_update_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET target_id = '666' WHERE id = %s", [entries[1].pk]
        )
    with pytest.raises(CommandError, match=rf"#{entries[1].pk}: content does not match"):
        call_command("audit_verify", verbosity=0)


def test_data_is_normalised_to_json(citizen):
    entry = audit_record(
        actor=citizen, action="test.json", data={"when": citizen.date_joined, "n": 1}
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert isinstance(stored.data["when"], str)
    assert stored.compute_hash() == entry.hash
