from django.urls import path

from socius.deliberation.views import public, staff

app_name = "deliberation"

urlpatterns = [
    path("", public.conversation_list, name="conversation-list"),
    path("ny/", staff.conversation_create, name="conversation-create"),
    path("forslag/<uuid:public_id>/", public.solution_detail, name="solution-detail"),
    path("forslag/<uuid:public_id>/stem/", public.solution_vote, name="solution-vote"),
    path("forslag/<uuid:public_id>/kommentar/", public.solution_comment, name="solution-comment"),
    path("forslag/<uuid:public_id>/udgiv/", staff.solution_publish, name="solution-publish"),
    path(
        "forslag/<uuid:public_id>/kommentar/<int:comment_id>/skjul/",
        staff.solution_comment_hide,
        name="solution-comment-hide",
    ),
    path("<slug:slug>/", public.conversation_detail, name="conversation-detail"),
    path("<slug:slug>/stem/", public.vote_cast, name="vote-cast"),
    path("<slug:slug>/udsagn/", public.statement_add, name="statement-add"),
    path("<slug:slug>/rolle/", public.role_answer, name="role-answer"),
    path("<slug:slug>/resultater/", public.results, name="results"),
    path("<slug:slug>/rapport/", public.report_html, name="report"),
    path("<slug:slug>/rapport.pdf", public.report_pdf, name="report-pdf"),
    path("<slug:slug>/data.csv", public.data_csv, name="data-csv"),
    path("<slug:slug>/moderation/", staff.moderation, name="moderation"),
    path(
        "<slug:slug>/moderation/<int:statement_id>/",
        staff.statement_moderate,
        name="statement-moderate",
    ),
    path("<slug:slug>/status/", staff.conversation_open_set, name="conversation-open-set"),
    path("<slug:slug>/forslag/ny/", staff.solution_create, name="solution-create"),
]
