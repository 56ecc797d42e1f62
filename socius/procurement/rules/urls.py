from django.urls import path  # noqa: F401

app_name = "procurement_rules"

urlpatterns: list = []
