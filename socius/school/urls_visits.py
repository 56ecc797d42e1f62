"""The visits part's pages (included by school/urls.py, namespace ``school``)."""

from django.urls import URLPattern, path

from socius.school import views_visits as views

urlpatterns: list[URLPattern] = [
    path("besoeg/", views.offer_list, name="offer-list"),
    path("besoeg/nyt/", views.offer_create, name="offer-create"),
    path("besoeg/mine/", views.offer_mine, name="offer-mine"),
    path("besoeg/<uuid:public_id>/", views.offer_detail, name="offer-detail"),
    path("besoeg/<uuid:public_id>/rediger/", views.offer_edit, name="offer-edit"),
    path("besoeg/<uuid:public_id>/traek-tilbage/", views.offer_withdraw, name="offer-withdraw"),
    path("besoeg/<uuid:public_id>/boerneattest/", views.offer_confirm, name="offer-confirm"),
    path("besoeg/<uuid:public_id>/book/", views.booking_create, name="booking-create"),
    path(
        "besoeg/booking/<uuid:public_id>/svar/<slug:answer>/",
        views.booking_answer,
        name="booking-answer",
    ),
    path("besoeg/booking/<uuid:public_id>/afbestil/", views.booking_cancel, name="booking-cancel"),
    path(
        "besoeg/booking/<uuid:public_id>/evaluering/",
        views.booking_evaluate,
        name="booking-evaluate",
    ),
    path("klasser/<uuid:public_id>/besoeg/", views.class_visits, name="class-visits"),
]
