from django.urls import path  # noqa: F401

app_name = "procurement_ocds"

urlpatterns: list = []
