"""Sharing routes, included into the ``plans`` namespace (socius/plans/urls.py)."""

from django.urls import path

from socius.plans import views_sharing as views

urlpatterns = [
    path("deling/", views.share_list, name="share-list"),
    path("deling/ny/", views.share_create, name="share-create"),
    path("deling/log/", views.access_log, name="access-log"),
    path("deling/<uuid:public_id>/tilbagekald/", views.share_revoke, name="share-revoke"),
    path("maal/trin/<uuid:public_id>/svar/", views.step_answer, name="step-answer"),
    path("delt-med-mig/", views.shared_list, name="shared-list"),
    path("delt-med-mig/<uuid:share_id>/", views.shared_plan, name="shared-plan"),
    path("delt-med-mig/<uuid:share_id>/kommentar/", views.shared_comment, name="shared-comment"),
    path("delt-med-mig/<uuid:share_id>/foreslaa/", views.shared_propose, name="shared-propose"),
    path("delt-med-mig/<uuid:share_id>/vurder/", views.shared_rate, name="shared-rate"),
    path(
        "delt-med-mig/<uuid:share_id>/dokumenter/<uuid:public_id>/",
        views.shared_document,
        name="shared-document",
    ),
    path("teams/", views.team_list, name="team-list"),
    path("teams/nyt/", views.team_create, name="team-create"),
    path("teams/<int:pk>/", views.team_edit, name="team-edit"),
]
