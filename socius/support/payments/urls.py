"""/stoet/betaling/: checkout returns and the providers' webhooks."""

from django.urls import path

from socius.support.payments import views

app_name = "support_payments"

urlpatterns = [
    path("retur/<uuid:public_id>/", views.checkout_return, name="checkout-return"),
    path("retur/<uuid:public_id>/status/", views.checkout_status, name="checkout-status"),
    path("bank/<uuid:public_id>/", views.bank_instructions, name="bank-instructions"),
    path("webhook/<slug:provider>/", views.webhook, name="webhook"),
]
