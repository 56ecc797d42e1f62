from django.urls import path

from socius.plans.outcomes import views

app_name = "plans_outcomes"

urlpatterns = [
    path("", views.home, name="home"),
    path("udgivelser/ny/", views.release_create, name="release-create"),
    path("udgivelser/<uuid:public_id>/", views.release_detail, name="release-detail"),
    path("budget/<str:code>/", views.budget, name="budget"),
    path("<str:code>/", views.municipality, name="municipality"),
]
