"""/arrangementer/<slug>/debat/: the audience's page, its posts, and the screen for the room."""

from django.urls import path

from socius.events.live import views

app_name = "event_live"

urlpatterns = [
    path("", views.audience, name="audience"),
    path("stem/", views.vote, name="vote"),
    path("udsagn/", views.statement_add, name="statement-add"),
    path("skaerm/", views.screen, name="screen"),
    path("skaerm.json", views.screen_data, name="screen-data"),
]
