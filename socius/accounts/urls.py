from django.urls import path

from socius.accounts import views

app_name = "accounts"

urlpatterns = [
    path("log-ud/", views.logout_from_header, name="logout"),
    path("mit/", views.overview, name="overview"),
    path("velkommen/", views.welcome, name="welcome"),
    path("profil/", views.profile, name="profile"),
    path("profil/politiker/", views.politician, name="politician"),
    path("profil/mine-data/", views.export, name="export"),
    path("profil/slet/", views.delete, name="delete"),
    path("administration/personer/", views.staff_people, name="staff-people"),
    path("administration/personer/<uuid:public_id>/", views.staff_person, name="staff-person"),
    path(
        "administration/personer/<uuid:public_id>/roller/tildel/",
        views.staff_role_grant,
        name="staff-role-grant",
    ),
    path(
        "administration/personer/<uuid:public_id>/roller/fjern/",
        views.staff_role_revoke,
        name="staff-role-revoke",
    ),
    path(
        "administration/personer/<uuid:public_id>/verificer/",
        views.staff_politician_verify,
        name="staff-politician-verify",
    ),
]
