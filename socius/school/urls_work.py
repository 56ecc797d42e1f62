"""The work part's pages (included by school/urls.py, namespace ``school``)."""

from django.urls import URLPattern, path

from socius.school import views_work as views

urlpatterns: list[URLPattern] = [
    path("klasser/<uuid:public_id>/samtale/", views.class_conversation, name="class-conversation"),
    path(
        "klasser/<uuid:public_id>/samtale/stem/",
        views.conversation_vote,
        name="class-conversation-vote",
    ),
    path(
        "klasser/<uuid:public_id>/samtale/udsagn/",
        views.conversation_statement,
        name="class-conversation-statement",
    ),
    path(
        "klasser/<uuid:public_id>/samtale/status/",
        views.conversation_status,
        name="class-conversation-status",
    ),
    path(
        "klasser/<uuid:public_id>/samtale/moderation/<int:statement_id>/",
        views.conversation_moderate,
        name="class-conversation-moderate",
    ),
    path("klasser/<uuid:public_id>/opgaver/", views.class_exercises, name="class-exercises"),
    path(
        "klasser/<uuid:public_id>/opgaver/<uuid:exercise_id>/",
        views.exercise_detail,
        name="exercise-detail",
    ),
    path("klasser/<uuid:public_id>/moeder/", views.class_meetings, name="class-meetings"),
    path(
        "klasser/<uuid:public_id>/moeder/spoergsmaal/",
        views.meeting_question,
        name="class-meeting-question",
    ),
]
