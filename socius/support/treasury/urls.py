"""/stoet/kasserer/ (the treasurer's pages) and /stoet/pengene/ (where the money went)."""

app_name = "support_treasury"

urlpatterns: list = []
