from django.urls import path

from socius.procurement.ocds import views

app_name = "procurement_ocds"

urlpatterns = [
    path("aabne-data/", views.data_home, name="data-home"),
    path("aabne-data/<slug:space>/", views.space_data, name="space-data"),
    path(
        "aabne-data/<slug:space>/<int:year>/<int:month>/releases.json",
        views.release_package,
        name="release-package",
    ),
    path(
        "aabne-data/<slug:space>/<int:year>/releases.json",
        views.release_package,
        name="release-package-year",
    ),
    path(
        "aabne-data/<slug:space>/<int:year>/records.json",
        views.record_package,
        name="record-package",
    ),
]
