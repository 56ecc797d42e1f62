"""Editing pages under /program/administration/."""

from django.urls import path

from socius.programme import views_admin as v

urlpatterns = [
    path("administration/", v.admin_home, name="admin-home"),
    path("administration/ny/", v.programme_edit, name="admin-programme-new"),
    path("administration/<int:pk>/", v.programme_edit, name="admin-programme"),
    path("administration/<int:pk>/rapport/", v.report_generate, name="admin-report"),
    path(
        "administration/<int:programme_pk>/forpligtelse/ny/",
        v.commitment_edit,
        name="admin-commitment-new",
    ),
    path(
        "administration/<int:programme_pk>/forpligtelse/<int:pk>/rediger/",
        v.commitment_edit,
        name="admin-commitment-edit",
    ),
    path("administration/forpligtelse/<int:pk>/", v.commitment_manage, name="admin-commitment"),
    path("administration/forpligtelse/<int:pk>/link/", v.link_add, name="admin-link-add"),
    path(
        "administration/forpligtelse/<int:pk>/link/<int:link_pk>/fjern/",
        v.link_remove,
        name="admin-link-remove",
    ),
    path(
        "administration/forpligtelse/<int:commitment_pk>/handling/ny/",
        v.action_edit,
        name="admin-action-new",
    ),
    path(
        "administration/forpligtelse/<int:commitment_pk>/handling/<uuid:public_id>/rediger/",
        v.action_edit,
        name="admin-action-edit",
    ),
    path(
        "administration/forpligtelse/<int:commitment_pk>/maal/ny/",
        v.measure_edit,
        name="admin-measure-new",
    ),
    path(
        "administration/forpligtelse/<int:commitment_pk>/maal/<uuid:public_id>/rediger/",
        v.measure_edit,
        name="admin-measure-edit",
    ),
    path("administration/handling/ny/", v.action_from_decision, name="action-from-decision"),
    path("administration/handling/<uuid:public_id>/", v.action_manage, name="admin-action"),
    path(
        "administration/handling/<uuid:public_id>/milepael/<int:pk>/naaet/",
        v.milestone_reach,
        name="admin-milestone-reach",
    ),
    path(
        "administration/handling/<uuid:public_id>/milepael/<int:pk>/rediger/",
        v.milestone_edit,
        name="admin-milestone-edit",
    ),
]
