from django.urls import URLPattern

app_name = "event_followup"

urlpatterns: list[URLPattern] = []
