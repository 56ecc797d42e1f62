"""The calendar, event and speaker pages, the iCalendar files and feeds, and the organisers'
pages. Fixed words come before an event's slug (event slugs never take them: services)."""

from django.urls import URLPattern, path

from socius.events.views import organiser, pages

urlpatterns: list[URLPattern] = [
    path("", pages.event_list, name="event-list"),
    path("talere/", pages.speaker_list, name="speaker-list"),
    path("talere/ny/", organiser.speaker_create, name="speaker-create"),
    path("talere/<slug:slug>/", pages.speaker_detail, name="speaker-detail"),
    path("talere/<slug:slug>/rediger/", organiser.speaker_edit, name="speaker-edit"),
    path("kalender/", pages.feed_manage, name="feed-manage"),
    path("kalender/tema/<slug:slug>.ics", pages.theme_feed, name="theme-feed"),
    path("kalender/arrangoer/<slug:key>.ics", pages.organiser_feed, name="organiser-feed"),
    path("kalender/<str:key>.ics", pages.person_feed, name="person-feed"),
    path("arrangoer/", organiser.organiser_list, name="organiser-list"),
    path("arrangoer/ny/", organiser.event_create, name="event-create"),
    path("<slug:slug>/", pages.event_detail, name="event-detail"),
    path("<slug:slug>/kalender.ics", pages.event_ics_download, name="event-ics"),
    path("<slug:slug>/styring/", organiser.event_manage, name="event-manage"),
    path("<slug:slug>/rediger/", organiser.event_edit, name="event-edit"),
    path("<slug:slug>/offentliggoer/", organiser.event_publish, name="event-publish"),
    path("<slug:slug>/aflys/", organiser.event_cancel, name="event-cancel"),
    path("<slug:slug>/program/ny/", organiser.session_create, name="session-create"),
    path("<slug:slug>/program/<int:pk>/", organiser.session_edit, name="session-edit"),
    path("<slug:slug>/program/<int:pk>/slet/", organiser.session_delete, name="session-delete"),
    path("<slug:slug>/spoergsmaal/ny/", organiser.question_create, name="question-create"),
    path("<slug:slug>/spoergsmaal/<int:pk>/", organiser.question_edit, name="question-edit"),
    path(
        "<slug:slug>/spoergsmaal/<int:pk>/slet/",
        organiser.question_delete,
        name="question-delete",
    ),
]
