from django.urls import path

from socius.procurement.rules import views

app_name = "procurement_rules"

# Every path starts with "regler/", a fixed word: the contracts' "<slug:space>/" paths come
# after these. The fixed second segments come before "<slug:code>/".
urlpatterns = [
    path("regler/", views.rule_list, name="rule-list"),
    path("regler/taerskelvaerdier/ny/", views.threshold_create, name="threshold-create"),
    path(
        "regler/afgoerelse/<uuid:public_id>/<slug:code>/",
        views.decision_create,
        name="decision-create",
    ),
    path("regler/<slug:code>/", views.rule_detail, name="rule-detail"),
    path("regler/<slug:code>/ny-version/", views.rule_edit, name="rule-edit"),
]
