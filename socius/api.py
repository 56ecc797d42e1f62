"""The JSON API under /api/: one NinjaAPI, one router per module.

Read endpoints are public and list only public data; ``/api/me`` uses the session. The
OpenAPI document is at /api/openapi.json and browsable at /api/docs.
"""

from __future__ import annotations

from ninja import NinjaAPI

from socius.advice.api import router as advice_router
from socius.atlas.api import router as atlas_router
from socius.atlas.datasets.api import router as datasets_router
from socius.atlas.housing.api import router as housing_router
from socius.core.api import router as core_router
from socius.core.api_docs import ApiDocs
from socius.core.api_threads import router as threads_router
from socius.council.api import router as council_router
from socius.council.api_endorsements import router as endorsements_router
from socius.deliberation.api import router as deliberation_router
from socius.events.api import router as events_router
from socius.events.checkin.api import router as checkin_router
from socius.events.followup.api import router as followup_router
from socius.events.live.api import router as live_router
from socius.grants.api import router as grants_router
from socius.plans.outcomes.api import router as plans_outcomes_router
from socius.procurement.api import router as procurement_router
from socius.procurement.clauses.api import router as procurement_clauses_router
from socius.procurement.enterprises.api import router as procurement_enterprises_router
from socius.procurement.ocds.api import router as procurement_ocds_router
from socius.procurement.rules.api import router as procurement_rules_router
from socius.programme.api import router as programme_router
from socius.proposals.api import router as proposals_router
from socius.search.api import router as search_router
from socius.support.api import router as support_router
from socius.support.payments.api import router as payments_router
from socius.support.tax.api import router as tax_router
from socius.support.treasury.api import router as treasury_router

api = NinjaAPI(
    title="Socius API",
    version="1.0.0",
    description=(
        "Open data from Socius: themes, municipalities, organisations, citizen proposals "
        "and the deliberation forum's conversations and results; grant rounds and allocations; "
        "the community directory."
    ),
    urls_namespace="api-1.0.0",
    docs=ApiDocs(),
)
api.add_router("/", core_router)
api.add_router("/", threads_router)
api.add_router("/", council_router)
api.add_router("/", endorsements_router)
api.add_router("/", programme_router)
api.add_router("/", search_router)
api.add_router("/", proposals_router)
api.add_router("/", deliberation_router)
api.add_router("/", grants_router)
api.add_router("/", advice_router)
api.add_router("/", atlas_router)
api.add_router("/", datasets_router)
api.add_router("/", housing_router)
api.add_router("/", events_router)
api.add_router("/", checkin_router)
api.add_router("/", live_router)
api.add_router("/", followup_router)
api.add_router("/", support_router)
api.add_router("/", payments_router)
api.add_router("/", tax_router)
api.add_router("/", treasury_router)
api.add_router("/", procurement_router)
api.add_router("/", procurement_rules_router)
api.add_router("/", procurement_clauses_router)
api.add_router("/", procurement_ocds_router)
api.add_router("/", procurement_enterprises_router)
api.add_router("/", plans_outcomes_router)
