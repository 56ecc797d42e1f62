from django.urls import path

from socius.procurement.clauses import views

app_name = "procurement_clauses"

# Every first path segment is a fixed word: the contracts app's "<slug:space>/..." comes later.
urlpatterns = [
    path("klausuler/", views.clause_list, name="clause-list"),
    path(
        "klausuler/kontrakt/<uuid:public_id>/tilfoej/",
        views.contract_clause_add,
        name="contract-clause-add",
    ),
    path("klausuler/periode/<uuid:public_id>/", views.obligation_detail, name="obligation-detail"),
    path("klausuler/rapport/<uuid:public_id>/", views.report_review, name="report-review"),
    path(
        "klausuler/afvigelse/<uuid:public_id>/",
        views.non_conformity_resolve,
        name="non-conformity-resolve",
    ),
    path("klausuler/bilag/<uuid:public_id>/", views.evidence_download, name="evidence-download"),
    path("klausuler/<slug:slug>/", views.clause_detail, name="clause-detail"),
    path(
        "klausuler/<slug:slug>/ny-version/",
        views.clause_version_create,
        name="clause-version-create",
    ),
    path("leverandoer/", views.supplier_home, name="supplier-home"),
    path(
        "leverandoer/periode/<uuid:public_id>/rapport/",
        views.report_create,
        name="report-create",
    ),
    path("opfoelgning/<slug:space>/", views.dashboard, name="dashboard"),
    path("resultater/<uuid:public_id>/", views.outcome, name="outcome"),
]
