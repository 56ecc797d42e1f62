"""/arrangementer/<slug>/efter/: after the event. Every view receives the event's ``slug``."""

from django.urls import path

from socius.events.followup import views

app_name = "event_followup"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("materialer/slides/", views.slides_add, name="slides-add"),
    path("materialer/optagelse/", views.recording_add, name="recording-add"),
    path("materialer/<int:material_id>/slet/", views.material_remove, name="material-remove"),
    path(
        "materialer/<int:material_id>/slides.pdf", views.material_download, name="material-download"
    ),
    path("referat/", views.minutes_edit, name="minutes-edit"),
    path("referat/lix/", views.minutes_lix, name="minutes-lix"),
    path("referat/godkend/", views.minutes_approve, name="minutes-approve"),
    path("evaluering/resultater/", views.survey_results, name="survey-results"),
    path("evaluering/<str:token>/", views.survey, name="survey"),
]
