"""/stoet/betaling/: checkout returns and the providers' webhooks."""

app_name = "support_payments"

urlpatterns: list = []
