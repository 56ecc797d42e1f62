from django.urls import path

from socius.advice import views

app_name = "advice"

urlpatterns = [
    path("", views.community_list, name="community-list"),
    path("ny/", views.community_edit, name="community-create"),
    path("<uuid:public_id>/", views.community_detail, name="community-detail"),
    path("<uuid:public_id>/rediger/", views.community_edit, name="community-edit"),
    path("<uuid:public_id>/bekraeft/", views.community_confirm, name="community-confirm"),
]
