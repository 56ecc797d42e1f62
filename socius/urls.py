from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from socius.api import api
from socius.core.views import favicon, healthz
from socius.knowledge import urls as knowledge_urls

# Django's 404 page, but JSON under /api/ (see the view).
handler404 = "socius.core.views.not_found"
# Django's 500 page, but 503 with Retry-After while the database cannot be reached.
handler500 = "socius.core.unavailable.server_error"

admin.site.site_header = "Socius"
# The Django admin logs in through allauth, so MFA applies there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("socius.core.urls")),
    path("konto/", include("allauth.urls")),
    path("", include("socius.accounts.urls")),
    path("tilskud/", include("socius.grants.urls")),
    path("faellesskaber/", include("socius.advice.urls")),
    path("soeg/", include("socius.search.urls")),
    path("whistleblower/", include("socius.whistleblowing.urls")),
    path("borgerforslag/", include("socius.proposals.urls")),
    path("samtaler/", include("socius.deliberation.urls")),
    path("atlas/datasaet/", include("socius.atlas.datasets.urls")),
    path("atlas/boligomraader/", include("socius.atlas.housing.urls")),
    path("atlas/", include("socius.atlas.urls")),
    path("arrangementer/<slug:slug>/indtjekning/", include("socius.events.checkin.urls")),
    path("arrangementer/<slug:slug>/debat/", include("socius.events.live.urls")),
    path("arrangementer/<slug:slug>/efter/", include("socius.events.followup.urls")),
    path("arrangementer/", include("socius.events.urls")),
    path("stoet/betaling/", include("socius.support.payments.urls")),
    path("stoet/fradrag/", include("socius.support.tax.urls")),
    path("stoet/", include("socius.support.treasury.urls")),
    path("stoet/", include("socius.support.urls")),
    # The procurement apps share /indkoeb/; the contracts app last, since its
    # "<municipality>/" pages would otherwise catch the others' first path segment.
    path("indkoeb/", include("socius.procurement.rules.urls")),
    path("indkoeb/", include("socius.procurement.clauses.urls")),
    path("indkoeb/", include("socius.procurement.ocds.urls")),
    path("indkoeb/", include("socius.procurement.enterprises.urls")),
    path("indkoeb/", include("socius.procurement.urls")),
    path("min-plan/resultater/", include("socius.plans.outcomes.urls")),
    path("min-plan/", include("socius.plans.urls")),
    path("medborgerskab/", include("socius.school.urls")),
    path("byraad/", include("socius.council.urls")),
    path("program/", include("socius.programme.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("django-admin/", admin.site.urls),
    *knowledge_urls.urlpatterns_root,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
