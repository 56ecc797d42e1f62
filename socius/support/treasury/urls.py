"""/stoet/kasserer/ (the treasurer's pages) and /stoet/pengene/ (where the money went)."""

from django.urls import path

from socius.support.treasury import views, views_public

app_name = "support_treasury"

urlpatterns = [
    path("kasserer/", views.treasurer_home, name="treasurer-home"),
    path("kasserer/kontoudtog/", views.statement_upload, name="statement-upload"),
    path("kasserer/kontoudtog/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("kasserer/kontoudtog/linje/<int:pk>/match/", views.line_match, name="line-match"),
    path("kasserer/kontoudtog/linje/<int:pk>/ignorer/", views.line_ignore, name="line-ignore"),
    path("kasserer/bogfoering/", views.bookkeeping_csv, name="bookkeeping-csv"),
    path("kasserer/udgifter/", views.spending_list, name="spending-list"),
    path("kasserer/udgifter/ny/", views.spending_create, name="spending-create"),
    path("kasserer/udgifter/<int:pk>/", views.spending_edit, name="spending-edit"),
    path("pengene/", views_public.money_public, name="money-public"),
    path("pengene/<int:year>/", views_public.money_year, name="money-year"),
]
