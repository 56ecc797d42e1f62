"""Strong login, export and deletion (included into the ``plans`` namespace)."""

from django.urls import path

from socius.plans import views_account

urlpatterns = [
    path("sikker-adgang/", views_account.login_strong, name="login-strong"),
    path("sikker-adgang/mitid/", views_account.login_strong_mitid, name="login-strong-mitid"),
    path(
        "sikker-adgang/mitid/retur/",
        views_account.login_strong_callback,
        name="login-strong-callback",
    ),
    path("eksport/", views_account.export, name="export"),
    path("eksport/pdf/", views_account.export_pdf, name="export-pdf"),
    path("eksport/json/", views_account.export_json, name="export-json"),
    path("slet/", views_account.delete, name="delete"),
]
