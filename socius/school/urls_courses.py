"""The courses part's pages (included by school/urls.py, namespace ``school``)."""

from django.urls import URLPattern, path

from socius.school import views_courses as views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("kurser/ny/", views.course_create, name="course-create"),
    path("kurser/<slug:slug>/", views.course_detail, name="course-detail"),
    path("kurser/<slug:slug>/ret/", views.course_edit, name="course-edit"),
    path("kurser/<slug:slug>/offentliggoer/", views.course_publish, name="course-publish"),
    path("kurser/<slug:slug>/skjul/", views.course_unpublish, name="course-unpublish"),
    path("kurser/<slug:slug>/moduler/", views.course_modules, name="course-modules"),
    path("kurser/<slug:slug>/moduler/ny/", views.course_module_add, name="course-module-add"),
    path(
        "kurser/<slug:slug>/moduler/<int:module_id>/ret/",
        views.course_module_edit,
        name="course-module-edit",
    ),
    path(
        "kurser/<slug:slug>/moduler/<int:module_id>/fjern/",
        views.course_module_remove,
        name="course-module-remove",
    ),
    path(
        "kurser/<slug:slug>/moduler/<int:module_id>/op/",
        views.course_module_up,
        name="course-module-up",
    ),
    path(
        "kurser/<slug:slug>/moduler/<int:module_id>/ned/",
        views.course_module_down,
        name="course-module-down",
    ),
]
