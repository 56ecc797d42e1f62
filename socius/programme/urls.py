"""The programme's pages under /program/. Each part adds its own urls_<part>.py here."""

from socius.programme import urls_admin, urls_public

app_name = "programme"

urlpatterns: list = [*urls_admin.urlpatterns, *urls_public.urlpatterns]
