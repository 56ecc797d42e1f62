"""Keys that handlers had before approvals existed stay approved by migration 0005, and only
those: channels keep receiving after the upgrade, and nobody gains a channel by it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from socius.whistleblowing import approvals, crypto

BEFORE = [("whistleblowing", "0004_handler_key_approval")]
LATEST = [("whistleblowing", "0008_drop_plaintext_legal_ground_and_hold_reason")]


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _key(apps, user) -> bytes:
    public = crypto.keypair_generate().public
    apps.get_model("whistleblowing", "HandlerKey").objects.create(
        user=user,
        public_key=public,
        salt=b"s" * 16,
        kdf_ops=1,
        kdf_mem=8192,
        private_under_passphrase=b"x",
        private_under_recovery=b"x",
    )
    return public


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_handler_keys_stay_approved_for_their_own_channels_only():
    # given the database as it was before approvals: two channels, a handler with a key in the
    # first, a handler without a key in the second, and a person with a key in neither
    apps = _migrate(BEFORE)
    users = apps.get_model("accounts", "User").objects
    channels = apps.get_model("whistleblowing", "Channel").objects
    keyed = users.create(email="behandler@kommune.example")
    keyless = users.create(email="uden-noegle@kommune.example")
    outsider = users.create(email="udenfor@kommune.example")
    first = channels.create(slug="foerste", name="Første")
    second = channels.create(slug="anden", name="Anden")
    first.handlers.add(keyed)
    second.handlers.add(keyless)
    keyed_public = _key(apps, keyed)
    _key(apps, outsider)
    try:
        # when the upgrade runs
        _migrate(LATEST)
        # then the first channel still receives, sealed to that handler's key only
        from socius.whistleblowing.models import Channel, HandlerKeyApproval

        assert approvals.channel_keys(Channel.objects.get(slug="foerste")) == {
            keyed.pk: keyed_public
        }
        assert not approvals.channel_receives(Channel.objects.get(slug="anden"))
        rows = list(HandlerKeyApproval.objects.values_list("user_id", "method", "signature"))
        assert rows == [(keyed.pk, "migrated", b"")]  # no signature: no earlier report given
    finally:
        _migrate(LATEST)
