"""Cross-party support's pages (included by council/urls.py, namespace ``council``)."""

from django.urls import URLPattern, path

from socius.council import views_endorsements as views

urlpatterns: list[URLPattern] = [
    path("opbakning/sadan-maales-det/", views.endorsement_explained, name="endorsement-explained"),
    path(
        "opbakning/tilbage/<uuid:public_id>/",
        views.endorsement_withdraw,
        name="endorsement-withdraw",
    ),
    path("opbakning/<slug:kind>/<str:key>/", views.endorsement_target, name="endorsement-target"),
    path(
        "opbakning/<slug:kind>/<str:key>/stoet/",
        views.endorsement_create,
        name="endorsement-create",
    ),
    path(
        "opbakning/<slug:kind>/<str:key>/inviter/",
        views.endorsement_invite,
        name="endorsement-invite",
    ),
]
