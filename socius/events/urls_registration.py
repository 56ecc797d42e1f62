"""Registration and the waiting list under /arrangementer/. Fixed words ("tilmelding/",
"mine/") come before an event's slug in socius/events/urls.py."""

from django.urls import URLPattern, path

from socius.events.views import registration as views

urlpatterns: list[URLPattern] = [
    path("mine/", views.my_registrations, name="my-registrations"),
    path("mine/<uuid:public_id>/", views.my_registration_open, name="my-registration-open"),
    path("tilmelding/<str:key>/", views.registration_detail, name="registration-detail"),
    path("tilmelding/<str:key>/ret/", views.registration_change, name="registration-change"),
    path("tilmelding/<str:key>/afmeld/", views.registration_cancel, name="registration-cancel"),
    path("tilmelding/<str:key>/forlad-ventelisten/", views.waiting_leave, name="waiting-leave"),
    path("tilmelding/<str:key>/tag-imod/", views.offer_accept, name="offer-accept"),
    path("tilmelding/<str:key>/kalender.ics", views.registration_ics, name="registration-ics"),
    path("<slug:slug>/tilmeld/", views.registration_create, name="registration-create"),
    path("<slug:slug>/tilmeldinger/", views.registrations_manage, name="registrations-manage"),
    path(
        "<slug:slug>/tilmeldinger/<uuid:public_id>/flyt/",
        views.waiting_move,
        name="waiting-move",
    ),
]
