from django.urls import path

from socius.atlas.housing.views import intergenerational, manage, public

app_name = "housing"

urlpatterns = [
    path("", public.area_list, name="area-list"),
    path("omraade/<slug:slug>/", public.area_detail, name="area-detail"),
    path("regler/", public.rules, name="rules"),
    path("ikke-vestlig/", public.non_western, name="non-western"),
    path("segregering/", public.segregation_list, name="segregation-list"),
    path("segregering/<str:code>/", public.segregation_detail, name="segregation-detail"),
    path("segregering/<str:code>/csv/", public.segregation_csv, name="segregation-csv"),
    path("administration/", manage.manage_home, name="manage"),
    path("administration/nyt-omraade/", manage.area_create, name="area-create"),
    path("administration/omraade/<slug:slug>/", manage.area_manage, name="area-manage"),
    path("administration/omraade/<slug:slug>/gem/", manage.area_edit, name="area-edit"),
    path("administration/omraade/<slug:slug>/tal/", manage.area_year, name="area-year"),
    path(
        "administration/omraade/<slug:slug>/indsats/",
        manage.initiative_create,
        name="initiative-create",
    ),
    path("administration/indsats/<int:pk>/", manage.initiative_edit, name="initiative-edit"),
    path(
        "administration/indsats/<int:pk>/slet/",
        manage.initiative_delete,
        name="initiative-delete",
    ),
    path("administration/indsats/<int:pk>/maal/", manage.measure_add, name="measure-add"),
    path("administration/maal/<int:pk>/slet/", manage.measure_delete, name="measure-delete"),
    path("administration/indkomst/", manage.income_import, name="income-import"),
    path("generationsboliger/", intergenerational.project_list, name="project-list"),
    path("generationsboliger/interesse/", intergenerational.interest, name="interest"),
    path(
        "generationsboliger/interesse/slet/",
        intergenerational.interest_delete,
        name="interest-delete",
    ),
    path(
        "generationsboliger/boligorganisation/",
        intergenerational.project_manage,
        name="project-manage",
    ),
    path(
        "generationsboliger/efterspoergsel/<slug:slug>/",
        intergenerational.demand,
        name="demand",
    ),
    path(
        "generationsboliger/projekt/<slug:slug>/",
        intergenerational.project_detail,
        name="project-detail",
    ),
    path(
        "generationsboliger/projekt/<slug:slug>/rediger/",
        intergenerational.project_edit,
        name="project-edit",
    ),
    path(
        "generationsboliger/projekt/<slug:slug>/status/",
        intergenerational.project_status,
        name="project-status",
    ),
]
