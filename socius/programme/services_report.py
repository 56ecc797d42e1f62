"""Generating the yearly programme report (PROGRAMME_REPORT): one per programme and year;
generating it again replaces it. Audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.programme.audit import programme_action
from socius.programme.models import Programme, Report
from socius.programme.report import report_content, report_html, report_pdf

AUDIT_REPORT_GENERATED = programme_action(
    "programme.report.generated", gettext_lazy("Programme report generated")
)


def report_generate(*, actor: Any, programme: Programme, year: int) -> Report:
    """Generate (or generate again) the report of ``programme`` for ``year``."""
    require(actor, Capability.PROGRAMME_REPORT)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Choose a year from 2000 to 2100.")})
    content = report_content(programme, year)
    html, pdf = report_html(content), report_pdf(content)
    with transaction.atomic():
        replaced = Report.objects.filter(programme=programme, year=year).delete()[0] > 0
        report = Report.objects.create(
            programme=programme, year=year, html=html, pdf=pdf, generated_by=actor
        )
        audit_record(
            actor=actor,
            action=AUDIT_REPORT_GENERATED,
            target=report,
            data={"programme": programme.pk, "year": year, "replaced": replaced},
        )
    return report
