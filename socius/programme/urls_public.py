"""Public pages under /program/ (fixed words first, then a municipality's space slug)."""

from django.urls import path

from socius.programme import views as v

urlpatterns = [
    path("", v.home, name="home"),
    path("handling/<uuid:public_id>/", v.action_detail, name="action-detail"),
    path("maal/<uuid:public_id>/", v.measure_detail, name="measure-detail"),
    path("<slug:space>/", v.municipality, name="municipality"),
    path("<slug:space>/handlinger.csv", v.actions_csv, name="actions-csv"),
    path("<slug:space>/maal.csv", v.measures_csv, name="measures-csv"),
    path("<slug:space>/rapport/<int:year>/", v.report_page, name="report"),
    path("<slug:space>/rapport/<int:year>.pdf", v.report_pdf, name="report-pdf"),
    path("<slug:space>/<slug:slug>/", v.commitment_detail, name="commitment-detail"),
]
