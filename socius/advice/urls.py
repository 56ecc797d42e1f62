from django.urls import path

from socius.advice.views import advisors, communities, requests

app_name = "advice"

urlpatterns = [
    path("", communities.community_list, name="community-list"),
    path("ny/", communities.community_edit, name="community-create"),
    path("<uuid:public_id>/", communities.community_detail, name="community-detail"),
    path("<uuid:public_id>/rediger/", communities.community_edit, name="community-edit"),
    path("<uuid:public_id>/bekraeft/", communities.community_confirm, name="community-confirm"),
    # Fællesskabsrådgivning: organisations ask, advisors answer.
    path("raadgivning/", requests.request_list, name="request-list"),
    path("raadgivning/ny/", requests.request_create, name="request-create"),
    path("raadgivning/ny/forslag/", requests.request_check, name="request-check"),
    path("raadgivning/ny/ret/", requests.request_edit, name="request-edit"),
    path("raadgivning/ny/send/", requests.request_submit, name="request-submit"),
    path("raadgivning/<uuid:public_id>/", requests.request_detail, name="request-detail"),
    path(
        "raadgivning/<uuid:public_id>/tilbagetraek/",
        requests.request_withdraw,
        name="request-withdraw",
    ),
    path("raadgivning/opfoelgning/<str:token>/", requests.follow_up, name="follow-up"),
    path("raadgivning/koe/", advisors.queue, name="queue"),
    path(
        "raadgivning/koe/<uuid:public_id>/",
        advisors.advisor_request,
        name="advisor-request",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/tag/",
        advisors.advisor_assign_me,
        name="advisor-assign-me",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/genaabn/",
        advisors.advisor_reopen,
        name="advisor-reopen",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/svar/",
        advisors.advisor_message,
        name="advisor-message",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/note/",
        advisors.advisor_note,
        name="advisor-note",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/tildel/",
        advisors.advisor_assign,
        name="advisor-assign",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/luk/",
        advisors.advisor_close,
        name="advisor-close",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/vejledning/<int:message_id>/",
        advisors.guide_draft,
        name="guide-draft",
    ),
    path("raadgivning/overblik/", advisors.dashboard, name="dashboard"),
    path("raadgivning/overblik.csv", advisors.dashboard_csv, name="dashboard-csv"),
]
