"""Keys that handlers already had when approvals were introduced stay approved (method
"migrated"), so channels keep receiving reports after the upgrade. This trusts the database
as it is at the upgrade (docs/whistleblowing.md, "Handler keys"): check each channel's handlers
on /whistleblower/behandling/kanaler/ afterwards. Such approvals carry no handler signature,
so they give no earlier report's key to anyone; keys approved from now on go through a person."""

from typing import Any

from django.db import migrations
from django.utils.crypto import salted_hmac


def _approve(apps: Any, schema_editor: Any) -> None:
    Channel = apps.get_model("whistleblowing", "Channel")
    HandlerKey = apps.get_model("whistleblowing", "HandlerKey")
    Approval = apps.get_model("whistleblowing", "HandlerKeyApproval")
    keys = {k.user_id: bytes(k.public_key) for k in HandlerKey.objects.all()}
    rows = []
    for channel_id, user_id in Channel.handlers.through.objects.values_list(
        "channel_id", "user_id"
    ):
        key = keys.get(user_id)
        if key is None:
            continue
        value = f"{channel_id}|{user_id}|{key.hex()}|migrated"
        seal = salted_hmac(
            "socius.whistleblowing.approval", value, algorithm="sha256"
        ).hexdigest()
        rows.append(
            Approval(
                channel_id=channel_id,
                user_id=user_id,
                public_key=key,
                method="migrated",
                server_seal=seal,
            )
        )
    Approval.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("whistleblowing", "0004_handler_key_approval")]

    operations = [migrations.RunPython(_approve, migrations.RunPython.noop)]
