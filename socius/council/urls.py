"""The council's pages under /byraad/: each part's urls_<part>.py."""

from django.urls import include, path

app_name = "council"

urlpatterns = [
    path("", include("socius.council.urls_endorsements")),
    path("", include("socius.council.urls_items")),
]
