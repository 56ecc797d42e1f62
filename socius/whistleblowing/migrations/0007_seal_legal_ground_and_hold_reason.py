"""Seal the legal grounds of identity requests and the reasons of legal holds.

Both were plaintext and usually name the person concerned and the suspicion. The report's
public key is on the report, so no private key is needed: each text is sealed to it (the
handlers read it as they read the content), and a pending request's legal ground also to
each custodian who has a key, so that they can still decide it. The plaintext columns are
emptied here and dropped by the next migration.

Backwards, the texts cannot be recovered without a private key: held reports get a
placeholder reason (so they stay held) and requests a placeholder ground.
"""

import base64

from django.db import migrations
from django.utils import translation

from socius.whistleblowing import crypto

PLACEHOLDER = "(sealed)"
CUSTODIAN_ROLES = ["administrator"]  # core.roles: Capability.WHISTLEBLOWING_CUSTODIAN
NOTICE = (
    "Notice: your identity will be disclosed to the handler of your case. Legal ground: %(ground)s"
)


def _custodian_keys(apps):
    handler_key = apps.get_model("whistleblowing", "HandlerKey")
    return dict(
        handler_key.objects.filter(
            user__is_active=True, user__role_assignments__role__in=CUSTODIAN_ROLES
        ).values_list("user_id", "public_key")
    )


def seal(apps, schema_editor):
    report_model = apps.get_model("whistleblowing", "Report")
    request_model = apps.get_model("whistleblowing", "IdentityRequest")
    for report in report_model.objects.exclude(legal_hold_reason=""):
        report.legal_hold = True
        report.sealed_hold_reason = crypto.seal_text(
            bytes(report.public_key), report.legal_hold_reason
        )
        report.legal_hold_reason = ""
        report.save(update_fields=["legal_hold", "sealed_hold_reason", "legal_hold_reason"])
    custodians = _custodian_keys(apps)
    for request in request_model.objects.exclude(legal_ground="").select_related("report"):
        ground = request.legal_ground
        public = bytes(request.report.public_key)
        request.sealed_legal_ground = crypto.seal_text(public, ground)
        with translation.override("da"):
            notice = translation.gettext(NOTICE) % {"ground": ground}
        request.sealed_notice = crypto.seal_text(public, notice)
        request.custodian_copies = {
            str(user_id): base64.b64encode(crypto.seal_text(bytes(key), ground)).decode()
            for user_id, key in custodians.items()
            if user_id != request.requested_by_id and request.status == "pending"
        }
        request.legal_ground = ""
        request.save(
            update_fields=["sealed_legal_ground", "sealed_notice", "custodian_copies", "legal_ground"]
        )


def unseal_placeholder(apps, schema_editor):
    report_model = apps.get_model("whistleblowing", "Report")
    request_model = apps.get_model("whistleblowing", "IdentityRequest")
    report_model.objects.filter(legal_hold=True).update(legal_hold_reason=PLACEHOLDER)
    request_model.objects.filter(legal_ground="").update(legal_ground=PLACEHOLDER)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_municipal_space"),
        ("whistleblowing", "0006_sealed_legal_ground_and_hold_reason"),
    ]

    operations = [migrations.RunPython(seal, unseal_placeholder)]
