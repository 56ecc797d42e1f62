from django.urls import path

from socius.atlas.datasets import views

app_name = "datasets"

_VERSION = "<slug:slug>/version/<int:number>/"

urlpatterns = [
    path("", views.dataset_list, name="dataset-list"),
    path("ny/", views.dataset_create, name="dataset-create"),
    path("mine/", views.dataset_mine, name="dataset-mine"),
    path("<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("<slug:slug>/rediger/", views.dataset_edit, name="dataset-edit"),
    path("<slug:slug>/tilbagetraek/", views.dataset_withdraw, name="dataset-withdraw"),
    path("<slug:slug>/genudgiv/", views.dataset_restore, name="dataset-restore"),
    path("<slug:slug>/citation.cff", views.citation_cff_download, name="dataset-citation-cff"),
    path("<slug:slug>/citation.bib", views.citation_bib_download, name="dataset-citation-bib"),
    path("<slug:slug>/version/ny/", views.version_upload, name="version-upload"),
    path(_VERSION, views.version_review, name="version-review"),
    path(_VERSION + "skema/", views.version_schema, name="version-schema"),
    path(_VERSION + "udgiv/", views.version_publish, name="version-publish"),
    path(_VERSION + "slet/", views.version_discard, name="version-discard"),
    path(_VERSION + "datapackage.json", views.version_datapackage, name="version-datapackage"),
    path(_VERSION + "pakke.zip", views.version_zip, name="version-zip"),
    path(_VERSION + "filer/<str:filename>", views.file_download, name="file-download"),
]
