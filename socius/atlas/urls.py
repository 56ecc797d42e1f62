from django.urls import path

from socius.atlas.views import downloads, pages

app_name = "atlas"

urlpatterns = [
    path("", pages.atlas_home, name="home"),
    path("indikator/<slug:code>/", pages.indicator_detail, name="indicator-detail"),
    path("indikator/<slug:code>/data/", downloads.indicator_download, name="indicator-download"),
    path("kommune/", pages.municipality_pick, name="municipality-pick"),
    path("kommune/<str:code>/", pages.municipality_detail, name="municipality-detail"),
    path("kommune/<str:code>/data/", downloads.municipality_download, name="municipality-download"),
    path("sammenlign/", pages.compare, name="compare"),
    path("sammenlign/data/", downloads.compare_download, name="compare-download"),
]
