"""/stoet/: memberships, gifts, campaigns, the newsletter, the donor's own page. Payments, the
tax deduction and the treasurer's pages have apps of their own, mounted in socius/urls.py."""

app_name = "support"

urlpatterns: list = []
