from django.urls import path

from socius.grants.views import public as public
from socius.grants.views import staff as staff

app_name = "grants"

urlpatterns = [
    path("", public.round_list, name="round-list"),
    path("mine/", public.application_mine, name="application-mine"),
    path("ansoegning/<uuid:public_id>/", public.application_detail, name="application-detail"),
    path("ansoegning/<uuid:public_id>/rediger/", public.application_edit, name="application-edit"),
    path(
        "ansoegning/<uuid:public_id>/indsend/", public.application_submit, name="application-submit"
    ),
    path(
        "ansoegning/<uuid:public_id>/traek-tilbage/",
        public.application_withdraw,
        name="application-withdraw",
    ),
    path(
        "ansoegning/<uuid:public_id>/besked/",
        public.application_message,
        name="application-message",
    ),
    path(
        "ansoegning/<uuid:public_id>/afgoerelse.pdf",
        public.application_letter,
        name="application-letter",
    ),
    path(
        "ansoegning/<uuid:public_id>/afrapportering/",
        public.application_report,
        name="application-report",
    ),
    path("bedoemmelser/", staff.review_list, name="review-list"),
    path("bedoemmelser/inhabilitet/", staff.review_conflict, name="review-conflict"),
    path("bedoemmelser/<int:assignment_id>/", staff.review_detail, name="review-detail"),
    path("administration/", staff.staff_rounds, name="staff-rounds"),
    path("administration/ny/runde/", staff.staff_round_create, name="staff-round-create"),
    path("administration/ny/pulje/", staff.staff_pool_create, name="staff-pool-create"),
    path(
        "administration/ansoegning/<uuid:public_id>/",
        staff.staff_application,
        name="staff-application",
    ),
    path(
        "administration/ansoegning/<uuid:public_id>/betingelse/",
        staff.staff_application_gate,
        name="staff-application-gate",
    ),
    path(
        "administration/ansoegning/<uuid:public_id>/bedoemmer/",
        staff.staff_application_assign,
        name="staff-application-assign",
    ),
    path(
        "administration/ansoegning/<uuid:public_id>/beloeb/",
        staff.staff_application_lock,
        name="staff-application-lock",
    ),
    path(
        "administration/ansoegning/<uuid:public_id>/besked/",
        staff.staff_application_message,
        name="staff-application-message",
    ),
    path("administration/<slug:slug>/", staff.staff_round, name="staff-round"),
    path(
        "administration/<slug:slug>/handling/<str:action>/",
        staff.staff_round_transition,
        name="staff-round-transition",
    ),
    path(
        "administration/<slug:slug>/afgoer/<int:run_id>/",
        staff.staff_round_decide,
        name="staff-round-decide",
    ),
    path(
        "administration/<slug:slug>/spoergsmaal/",
        staff.staff_round_question,
        name="staff-round-question",
    ),
    path(
        "administration/<slug:slug>/spoergsmaal/<int:field_id>/slet/",
        staff.staff_round_question_delete,
        name="staff-round-question-delete",
    ),
    path(
        "administration/<slug:slug>/temaandel/",
        staff.staff_round_theme_minimum,
        name="staff-round-theme-minimum",
    ),
    path("<slug:slug>/", public.round_detail, name="round-detail"),
    path("<slug:slug>/ansoeg/", public.application_create, name="application-create"),
    path("<slug:slug>/fordeling/", public.round_report, name="round-report"),
    path("<slug:slug>/fordeling.csv", public.round_report_csv, name="round-report-csv"),
]
