"""The youth part's pages (included by school/urls.py, namespace ``school``)."""

from django.urls import URLPattern, path

from socius.school import views_youth as views

urlpatterns: list[URLPattern] = [
    path("klasser/<uuid:public_id>/projekter/", views.class_projects, name="class-projects"),
    path("klasser/<uuid:public_id>/projekter/nyt/", views.project_create, name="project-create"),
    path("projekter/<uuid:public_id>/", views.project_detail, name="project-detail"),
    path("projekter/<uuid:public_id>/rediger/", views.project_edit, name="project-edit"),
    path("projekter/<uuid:public_id>/bidrag/", views.project_contribute, name="project-contribute"),
    path(
        "projekter/<uuid:public_id>/offentliggoer/", views.project_publish, name="project-publish"
    ),
    path("projekter/<uuid:public_id>/ungeforslag/", views.project_propose, name="project-propose"),
    path("tal/", views.numbers, name="numbers"),
    path("tal/<str:code>/", views.municipality_numbers, name="municipality-numbers"),
]
