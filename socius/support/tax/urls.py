"""/stoet/fradrag/: the donor's tax deduction, § 12, stk. 3 agreements, the yearly report."""

app_name = "support_tax"

urlpatterns: list = []
