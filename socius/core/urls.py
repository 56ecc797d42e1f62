from django.urls import include, path

from socius.core import views, views_notifications

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("tilgaengelighed/", views.page_accessibility, name="accessibility"),
    path("sprog/<str:code>/", views.language_set, name="language-set"),
    path("privatliv/", views.page_privacy, name="privacy"),
    path("om/", views.page_about, name="about"),
    path("temaer/", views.theme_list, name="theme-list"),
    path("temaer/nyt/", views.theme_edit, name="theme-create"),
    path("temaer/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("temaer/<slug:slug>/rediger/", views.theme_edit, name="theme-edit"),
    path("organisationer/", views.organisation_list, name="organisation-list"),
    path("organisationer/ny/", views.organisation_create, name="organisation-create"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organisationer/<slug:slug>/rediger/", views.organisation_edit, name="organisation-edit"),
    path(
        "organisationer/<slug:slug>/medlemmer/",
        views.organisation_members,
        name="organisation-members",
    ),
    path(
        "organisationer/<slug:slug>/medlemmer/<int:membership_id>/fjern/",
        views.organisation_member_remove,
        name="organisation-member-remove",
    ),
    path("kommuner/", views.municipality_list, name="municipality-list"),
    path("kommuner/<slug:slug>/", views.municipality_space, name="municipality-space"),
    path("administration/log/", views.audit_list, name="audit-list"),
    path("arbejde/", views.workbench, name="workbench"),
    path(
        "mit/notifikationer/",
        views_notifications.notification_list,
        name="notification-list",
    ),
    path(
        "mit/notifikationer/laest/",
        views_notifications.notification_read_all,
        name="notification-read-all",
    ),
    path(
        "mit/notifikationer/indstillinger/",
        views_notifications.notification_preferences,
        name="notification-preferences",
    ),
    path(
        "mit/notifikationer/<uuid:public_id>/laest/",
        views_notifications.notification_read,
        name="notification-read",
    ),
    path("afmeld/<str:token>/", views_notifications.unsubscribe, name="unsubscribe"),
    path("administration/kommuner/", views.municipality_admin_list, name="municipality-admin-list"),
    path(
        "administration/kommuner/<str:code>/",
        views.municipality_admin_edit,
        name="municipality-admin-edit",
    ),
    path("", include("socius.core.urls_threads")),
]
