"""The thread's pages, under /traade/ (included from core.urls, so the names are core's)."""

from django.urls import path

from socius.core import views_threads as views

urlpatterns = [
    path("traade/", views.thread_list, name="thread-list"),
    path("traade/<uuid:public_id>/", views.thread_detail, name="thread-detail"),
    path("traade/<uuid:public_id>/foelg/", views.thread_follow_view, name="thread-follow"),
    path("traade/<uuid:public_id>/rediger/", views.thread_edit, name="thread-edit"),
    path(
        "traade/<uuid:public_id>/rediger/forbindelser/<int:link_id>/fjern/",
        views.thread_unlink_view,
        name="thread-unlink",
    ),
    path("traade/<slug:kind>/<str:key>/", views.thread_for_object, name="thread-for"),
]
