from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansOutcomesConfig(AppConfig):
    """What the municipality learns from plans: de-identified outcome records, released only
    as suppressed, differentially private aggregates with a privacy-budget ledger."""

    name = "socius.plans.outcomes"
    label = "plans_outcomes"
    verbose_name = _("Outcomes of plans")

    def ready(self) -> None:
        from socius.plans.outcomes import sections  # noqa: F401  (the municipality's page)
        from socius.plans.outcomes.records import on_plan_deleted, on_ratings_changed
        from socius.plans.signals import plan_deleted, ratings_changed

        ratings_changed.connect(on_ratings_changed, dispatch_uid="plans_outcomes.ratings")
        plan_deleted.connect(on_plan_deleted, dispatch_uid="plans_outcomes.deleted")
