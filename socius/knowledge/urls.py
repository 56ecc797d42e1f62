"""URLs of the knowledge hub. Wagtail serves the pages under /viden/ and its admin at /cms/;
the feed and document downloads are ours, mounted before Wagtail's catch-all."""

from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from socius.knowledge import views

urlpatterns_root = [
    # Wagtail's own login and password pages would skip our MFA: send them to allauth.
    path("cms/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("cms/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    path("cms/", include(wagtailadmin_urls)),
    path("viden/feed/", views.PublicationFeed(), name="knowledge-feed"),
    path(
        "viden/dokumenter/<int:document_id>/<str:document_filename>",
        views.document_serve,
        name="wagtaildocs_serve",
    ),
    path("viden/", include(wagtail_urls)),
]
