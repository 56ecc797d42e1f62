from django.urls import path

from socius.whistleblowing.views import handler as handler
from socius.whistleblowing.views import reporter as reporter

app_name = "whistleblowing"

urlpatterns = [
    path("", reporter.information, name="information"),
    path("privatliv/", reporter.privacy, name="privacy"),
    path("indberet/<slug:slug>/", reporter.report_new, name="report-new"),
    path("indbakke/", reporter.inbox, name="inbox"),
    path("indbakke/fil/<uuid:public_id>/", reporter.inbox_file, name="inbox-file"),
    path("behandling/", handler.home, name="handler-home"),
    path("behandling/laas/", handler.lock, name="handler-lock"),
    path("behandling/kanal/<slug:slug>/", handler.channel_inbox, name="handler-inbox"),
    path("behandling/sag/<uuid:public_id>/", handler.case, name="handler-case"),
    path(
        "behandling/sag/<uuid:public_id>/fil/<uuid:file_id>/",
        handler.case_file,
        name="handler-file",
    ),
    path(
        "behandling/sag/<uuid:public_id>/eksport.<str:fmt>",
        handler.case_export,
        name="handler-export",
    ),
    path("behandling/identitet/", handler.identity_requests, name="identity-requests"),
]
