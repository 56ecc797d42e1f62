from django.urls import path

from socius.procurement import views

app_name = "procurement"

urlpatterns = [
    path("", views.home, name="home"),
    path("kontrakter/<uuid:public_id>/", views.contract_detail, name="contract-detail"),
    path("kontrakter/<uuid:public_id>/ret/", views.contract_edit, name="contract-edit"),
    path("import/<uuid:public_id>/", views.import_detail, name="import-detail"),
    path("<slug:space>/", views.space_home, name="space-home"),
    path("<slug:space>/kontrakter/", views.contract_list, name="contract-list"),
    path("<slug:space>/kontrakter/ny/", views.contract_create, name="contract-create"),
    path("<slug:space>/kontrakter/import/", views.contract_import, name="contract-import"),
    path("<slug:space>/afdelinger/", views.department_list, name="department-list"),
    path("<slug:space>/afdelinger/ny/", views.department_list, name="department-create"),
]
