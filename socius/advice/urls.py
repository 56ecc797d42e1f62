from django.urls import path

from socius.advice import views, views_advisors, views_requests

app_name = "advice"

urlpatterns = [
    path("", views.community_list, name="community-list"),
    path("ny/", views.community_edit, name="community-create"),
    path("<uuid:public_id>/", views.community_detail, name="community-detail"),
    path("<uuid:public_id>/rediger/", views.community_edit, name="community-edit"),
    path("<uuid:public_id>/bekraeft/", views.community_confirm, name="community-confirm"),
    # Fællesskabsrådgivning: organisations ask, advisors answer.
    path("raadgivning/", views_requests.request_list, name="request-list"),
    path("raadgivning/ny/", views_requests.request_create, name="request-create"),
    path("raadgivning/<uuid:public_id>/", views_requests.request_detail, name="request-detail"),
    path(
        "raadgivning/<uuid:public_id>/tilbagetraek/",
        views_requests.request_withdraw,
        name="request-withdraw",
    ),
    path("raadgivning/opfoelgning/<str:token>/", views_requests.follow_up, name="follow-up"),
    path("raadgivning/koe/", views_advisors.queue, name="queue"),
    path(
        "raadgivning/koe/<uuid:public_id>/",
        views_advisors.advisor_request,
        name="advisor-request",
    ),
    path(
        "raadgivning/koe/<uuid:public_id>/vejledning/<int:message_id>/",
        views_advisors.guide_draft,
        name="guide-draft",
    ),
    path("raadgivning/overblik/", views_advisors.dashboard, name="dashboard"),
    path("raadgivning/overblik.csv", views_advisors.dashboard_csv, name="dashboard-csv"),
]
