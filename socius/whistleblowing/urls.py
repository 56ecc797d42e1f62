from django.urls import path

from socius.whistleblowing.views import handler as handler
from socius.whistleblowing.views import reporter as reporter

app_name = "whistleblowing"

urlpatterns = [
    path("", reporter.information, name="information"),
    path("privatliv/", reporter.privacy, name="privacy"),
    path("indberet/<slug:slug>/", reporter.report_new, name="report-new"),
    path("indbakke/", reporter.inbox, name="inbox"),
    path("indbakke/log-ind/", reporter.inbox_login, name="inbox-login"),
    path("indbakke/log-ud/", reporter.inbox_logout, name="inbox-logout"),
    path("indbakke/besked/", reporter.inbox_message, name="inbox-message"),
    path("indbakke/filer/", reporter.inbox_files, name="inbox-files"),
    path("indbakke/identitet/", reporter.inbox_identity, name="inbox-identity"),
    path("indbakke/referat/", reporter.inbox_minutes, name="inbox-minutes"),
    path("indbakke/udeluk/", reporter.inbox_exclude, name="inbox-exclude"),
    path("indbakke/fil/<uuid:public_id>/", reporter.inbox_file, name="inbox-file"),
    path("behandling/", handler.home, name="handler-home"),
    path("behandling/noegle/ny/", handler.key_create, name="handler-key-create"),
    path("behandling/noegle/laas-op/", handler.key_unlock, name="handler-key-unlock"),
    path("behandling/noegle/gendan/", handler.key_recover, name="handler-key-recover"),
    path("behandling/laas/", handler.lock, name="handler-lock"),
    path("behandling/kanal/<slug:slug>/", handler.channel_inbox, name="handler-inbox"),
    path("behandling/kanal/<slug:slug>/noegler/", handler.keys, name="handler-keys"),
    path(
        "behandling/kanal/<slug:slug>/noegler/<int:user_id>/godkend/",
        handler.key_approve,
        name="handler-key-approve",
    ),
    path("behandling/kanaler/", handler.channel_keys, name="channel-keys"),
    path(
        "behandling/kanaler/<slug:slug>/noegler/<int:user_id>/godkend/",
        handler.first_key_propose,
        name="channel-key-propose",
    ),
    path(
        "behandling/kanaler/godkendelse/<int:approval_id>/bekraeft/",
        handler.first_key_confirm,
        name="channel-key-confirm",
    ),
    path("behandling/sag/<uuid:public_id>/", handler.case, name="handler-case"),
    path(
        "behandling/sag/<uuid:public_id>/status/",
        handler.case_transition,
        name="handler-case-transition",
    ),
    path(
        "behandling/sag/<uuid:public_id>/besked/",
        handler.case_message,
        name="handler-case-message",
    ),
    path(
        "behandling/sag/<uuid:public_id>/filer/",
        handler.case_files,
        name="handler-case-files",
    ),
    path(
        "behandling/sag/<uuid:public_id>/identitet/",
        handler.case_identity,
        name="handler-case-identity",
    ),
    path(
        "behandling/sag/<uuid:public_id>/bevaring/",
        handler.case_hold,
        name="handler-case-hold",
    ),
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
