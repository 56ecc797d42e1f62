"""Datasets' audit actions, with their readable names for the audit log page."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("datasets", _("Research datasets"))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_DATASET_CREATED = _action("datasets.dataset.create", _("Dataset created"))
AUDIT_DATASET_UPDATED = _action("datasets.dataset.update", _("Dataset details changed"))
AUDIT_DATASET_PUBLISHED = _action("datasets.dataset.publish", _("Dataset published"))
AUDIT_DATASET_WITHDRAWN = _action("datasets.dataset.withdraw", _("Dataset withdrawn"))
AUDIT_DATASET_RESTORED = _action("datasets.dataset.restore", _("Dataset published again"))
AUDIT_DATASET_DELETED = _action("datasets.dataset.delete", _("Draft dataset deleted"))
AUDIT_VERSION_UPLOADED = _action("datasets.version.upload", _("Dataset version uploaded"))
AUDIT_VERSION_SCHEMA_SAVED = _action("datasets.version.schema", _("Dataset schema changed"))
AUDIT_VERSION_PUBLISHED = _action("datasets.version.publish", _("Dataset version published"))
AUDIT_VERSION_DISCARDED = _action("datasets.version.discard", _("Draft version discarded"))
AUDIT_OWNER_ANONYMISED = _action(
    "datasets.dataset.owner_erased", _("Dataset owner's account deleted (dataset kept)")
)
