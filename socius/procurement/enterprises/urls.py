"""Social-economy enterprises (/indkoeb/socialoekonomi/), the municipality's own companies
(/indkoeb/selskaber/<space>/) and spin-offs (/indkoeb/afknopning/<space>/). Each path starts
with a fixed word, never a slug (the contracts' "<slug:space>/..." paths come later)."""

from django.urls import path

from socius.procurement.enterprises import views, views_companies

app_name = "procurement_enterprises"

urlpatterns = [
    path("socialoekonomi/", views.catalogue, name="catalogue"),
    path("socialoekonomi/tilmeld/", views.register, name="register"),
    path("socialoekonomi/<slug:slug>/", views.enterprise_detail, name="enterprise-detail"),
    path("socialoekonomi/<slug:slug>/rediger/", views.enterprise_edit, name="enterprise-edit"),
    path(
        "socialoekonomi/<slug:slug>/kriterier/<slug:criterion>/",
        views.criterion_edit,
        name="enterprise-criterion",
    ),
    path(
        "socialoekonomi/<slug:slug>/bevis/<slug:criterion>/",
        views.evidence_download,
        name="evidence-download",
    ),
    path("selskaber/<slug:space>/", views_companies.company_list, name="company-list"),
    path("selskaber/<slug:space>/ny/", views_companies.company_create, name="company-create"),
    path(
        "selskaber/<slug:space>/<slug:slug>/",
        views_companies.company_detail,
        name="company-detail",
    ),
    path(
        "selskaber/<slug:space>/<slug:slug>/vurdering/",
        views_companies.company_assess,
        name="company-assess",
    ),
    path(
        "selskaber/<slug:space>/<slug:slug>/plan/",
        views_companies.plan_step_add,
        name="plan-step-add",
    ),
    path(
        "selskaber/<slug:space>/<slug:slug>/plan/<int:step_id>/udfoert/",
        views_companies.plan_step_done,
        name="plan-step-done",
    ),
    path("afknopning/<slug:space>/", views_companies.spinoff_list, name="spinoff-list"),
    path("afknopning/<slug:space>/ny/", views_companies.spinoff_create, name="spinoff-create"),
    path(
        "afknopning/<slug:space>/<slug:slug>/",
        views_companies.spinoff_detail,
        name="spinoff-detail",
    ),
    path(
        "afknopning/<slug:space>/<slug:slug>/trin/<slug:step>/",
        views_companies.spinoff_step_sign,
        name="spinoff-step-sign",
    ),
]
