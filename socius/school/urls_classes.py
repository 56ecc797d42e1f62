"""The classes part's pages (included by school/urls.py, namespace ``school``)."""

from django.urls import URLPattern, path

from socius.school import views_classes as views
from socius.school import views_pupils

urlpatterns: list[URLPattern] = [
    path("laerer/", views.teacher_start, name="teacher-start"),
    path("laerere/", views.teacher_list, name="teacher-list"),
    path("laerere/<uuid:public_id>/godkend/", views.teacher_verify, name="teacher-verify"),
    path("klasser/", views.class_list, name="class-list"),
    path("klasser/ny/", views.class_create, name="class-create"),
    path("klasser/<uuid:public_id>/", views.class_detail, name="class-detail"),
    path("klasser/<uuid:public_id>/ret/", views.class_edit, name="class-edit"),
    path("klasser/<uuid:public_id>/arkiver/", views.class_archive, name="class-archive"),
    path("klasser/<uuid:public_id>/ny-kode/", views.class_code_renew, name="class-code-renew"),
    path("klasser/<uuid:public_id>/tilmelding/", views.class_joining, name="class-joining"),
    path(
        "klasser/<uuid:public_id>/elever/<uuid:pupil_id>/ny-kode/",
        views.pupil_reset,
        name="pupil-reset",
    ),
    path(
        "klasser/<uuid:public_id>/elever/<uuid:pupil_id>/samtykke/",
        views.pupil_consent,
        name="pupil-consent",
    ),
    path(
        "klasser/<uuid:public_id>/elever/<uuid:pupil_id>/fjern/",
        views.pupil_remove,
        name="pupil-remove",
    ),
    path("deltag/", views_pupils.join, name="join"),
    path("deltag/velkommen/", views_pupils.welcome, name="pupil-welcome"),
    path("elev/", views_pupils.pupil_login, name="pupil-login"),
]
