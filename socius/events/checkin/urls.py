from django.urls import URLPattern

app_name = "event_checkin"

urlpatterns: list[URLPattern] = []
