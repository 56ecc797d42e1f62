from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "socius.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from socius.core.search_registry import search_indexer_set
        from socius.search.tasks import search_index_on_commit

        search_indexer_set(lambda kind, pk: search_index_on_commit(kind=kind, pk=pk))
