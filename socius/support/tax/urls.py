"""/stoet/fradrag/: the donor's tax deduction, § 12, stk. 3 agreements, the yearly report."""

from django.urls import path

from socius.support.tax import views

app_name = "support_tax"

urlpatterns = [
    path("", views.deduction, name="deduction"),
    path("cpr/", views.cpr_give, name="cpr-give"),
    path("cpr/slet/", views.cpr_delete, name="cpr-delete"),
    path("cpr/mitid/", views.cpr_mitid_start, name="cpr-mitid"),
    path("cpr/mitid/retur/", views.cpr_mitid_return, name="cpr-mitid-return"),
    path("aftale/", views.commitment_create, name="commitment-create"),
    path("aftale/<uuid:public_id>/", views.commitment_detail, name="commitment-detail"),
    path("aftale/<uuid:public_id>/pdf/", views.commitment_pdf, name="commitment-pdf"),
    path("indberetning/", views.report_list, name="report-list"),
    path("indberetning/dan/", views.report_build, name="report-build"),
    path("indberetning/<uuid:public_id>/status/", views.report_progress, name="report-progress"),
    path("indberetning/<uuid:public_id>/indberettet/", views.report_submit, name="report-submit"),
    path("indberetning/<uuid:public_id>/fil/", views.report_download, name="report-download"),
]
