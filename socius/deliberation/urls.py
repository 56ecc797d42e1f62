from django.urls import path

from socius.deliberation import views, views_staff

app_name = "deliberation"

urlpatterns = [
    path("", views.conversation_list, name="conversation-list"),
    path("ny/", views_staff.conversation_create, name="conversation-create"),
    path("forslag/<uuid:public_id>/", views.solution_detail, name="solution-detail"),
    path("forslag/<uuid:public_id>/stem/", views.solution_vote, name="solution-vote"),
    path("forslag/<uuid:public_id>/kommentar/", views.solution_comment, name="solution-comment"),
    path("forslag/<uuid:public_id>/udgiv/", views_staff.solution_publish, name="solution-publish"),
    path(
        "forslag/<uuid:public_id>/kommentar/<int:comment_id>/skjul/",
        views_staff.solution_comment_hide,
        name="solution-comment-hide",
    ),
    path("<slug:slug>/", views.conversation_detail, name="conversation-detail"),
    path("<slug:slug>/stem/", views.vote_cast, name="vote-cast"),
    path("<slug:slug>/udsagn/", views.statement_add, name="statement-add"),
    path("<slug:slug>/resultater/", views.results, name="results"),
    path("<slug:slug>/rapport/", views.report_html, name="report"),
    path("<slug:slug>/rapport.pdf", views.report_pdf, name="report-pdf"),
    path("<slug:slug>/data.csv", views.data_csv, name="data-csv"),
    path("<slug:slug>/moderation/", views_staff.moderation, name="moderation"),
    path(
        "<slug:slug>/moderation/<int:statement_id>/",
        views_staff.statement_moderate,
        name="statement-moderate",
    ),
    path("<slug:slug>/status/", views_staff.conversation_open_set, name="conversation-open-set"),
    path("<slug:slug>/forslag/ny/", views_staff.solution_create, name="solution-create"),
]
