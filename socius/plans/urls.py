from django.urls import path

from socius.plans import urls_account, urls_sharing, views, views_citizen_records

app_name = "plans"

urlpatterns = [
    path("", views.plan_home, name="home"),
    path("om/", views.about, name="about"),
    path("start/", views.plan_start, name="plan-start"),
    path("ret/", views.plan_edit, name="plan-edit"),
    path("maal/nyt/", views.goal_create, name="goal-create"),
    path("maal/<uuid:public_id>/", views.goal_detail, name="goal-detail"),
    path("maal/<uuid:public_id>/ret/", views.goal_edit, name="goal-edit"),
    path("maal/<uuid:public_id>/afslut/", views.goal_close, name="goal-close"),
    path("maal/<uuid:public_id>/vurder/", views.goal_rate, name="goal-rate"),
    path("maal/<uuid:public_id>/trin/nyt/", views.step_create, name="step-create"),
    path("maal/trin/<uuid:public_id>/ret/", views.step_edit, name="step-edit"),
    path("maal/trin/<uuid:public_id>/udfoert/", views.step_done, name="step-done"),
    path("livsomraader/vurder/", views.domain_rate, name="domain-rate"),
    path("fremskridt/", views.progress, name="progress"),
    path("noter/", views_citizen_records.entry_list, name="entry-list"),
    path("noter/ny/", views_citizen_records.entry_create, name="entry-create"),
    path("noter/<uuid:public_id>/slet/", views_citizen_records.entry_delete, name="entry-delete"),
    path("dokumenter/", views_citizen_records.document_list, name="document-list"),
    path("dokumenter/ny/", views_citizen_records.document_add, name="document-add"),
    path(
        "dokumenter/<uuid:public_id>/",
        views_citizen_records.document_download,
        name="document-download",
    ),
    # Sharing by consent and the professional's side; strong sign-in, export and deletion.
    *urls_sharing.urlpatterns,
    *urls_account.urlpatterns,
]
