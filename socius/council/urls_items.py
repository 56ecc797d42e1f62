"""The council's pages under /byraad/ (public, then the secretariat's)."""

from django.urls import path

from socius.council import views_composition, views_items, views_public

urlpatterns = [
    path("", views_public.council_list, name="council-list"),
    path("sekretariat/", views_items.secretariat, name="secretariat"),
    path(
        "sekretariat/kilde/<slug:kind>/<str:key>/",
        views_items.item_from_source,
        name="item-from-source",
    ),
    path("sekretariat/punkt/<uuid:public_id>/", views_items.item_manage, name="item-manage"),
    path(
        "sekretariat/punkt/<uuid:public_id>/<slug:action>/",
        views_items.item_action,
        name="item-action",
    ),
    path(
        "sekretariat/<slug:slug>/sammensaetning/",
        views_composition.composition_edit,
        name="composition-edit",
    ),
    path("sekretariat/<slug:slug>/moede/", views_composition.meeting_create, name="meeting-create"),
    path("sekretariat/<slug:slug>/punkt/", views_items.item_create, name="item-create"),
    path("punkt/<uuid:public_id>/", views_public.item_detail, name="item-detail"),
    path("<slug:slug>/", views_public.council_detail, name="council-detail"),
]
