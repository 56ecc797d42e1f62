from django.urls import URLPattern

app_name = "event_live"

urlpatterns: list[URLPattern] = []
