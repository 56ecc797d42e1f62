"""/arrangementer/<slug>/indtjekning/: the door page, its sync endpoint and service worker."""

from django.urls import path

from socius.events.checkin import views

app_name = "event_checkin"

urlpatterns = [
    path("", views.checkin_page, name="checkin-page"),
    path("synk/", views.scan_sync, name="scan-sync"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("forny/", views.tickets_renew, name="tickets-renew"),
]
