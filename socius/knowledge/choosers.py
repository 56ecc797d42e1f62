"""A searchable chooser for a publication's authors in the Wagtail admin.

The author field was a plain select of every eligible person; with hundreds of researchers an
editor now opens a dialog, types part of a name and picks from 20 at a time. Only people who
may write for the hub are listed (the same rule as the field's ``limit_choices_to``), by name
only: no e-mail address or role is shown.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

NAME_SEARCH_MAX = 100


class AuthorSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=NAME_SEARCH_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("Part of the name")}),
    )

    def filter(self, objects: QuerySet[Any]) -> QuerySet[Any]:
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""
        if query:
            objects = objects.filter(name__icontains=query)
            self.is_searching = True
            self.search_query = query
        return objects


class AuthorChooseView(chooser_views.ChooseView):
    filter_form_class = AuthorSearchForm


class AuthorChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = AuthorSearchForm


class AuthorChooser(BaseChooser):
    # People are managed on our own staff pages, not in Wagtail's user admin.
    show_edit_link = False


class AuthorChooserViewSet(ChooserViewSet):
    model = settings.AUTH_USER_MODEL
    icon = "user"
    choose_one_text = _("Choose an author")
    choose_another_text = _("Choose another author")
    per_page = 20
    base_widget_class = AuthorChooser
    choose_view_class = AuthorChooseView
    choose_results_view_class = AuthorChooseResultsView

    def get_object_list(self) -> QuerySet[Any]:
        from socius.knowledge.models import _author_choices

        return (
            get_user_model()
            .objects.filter(_author_choices(), is_active=True)
            .distinct()
            .order_by("name", "pk")
        )


author_chooser_viewset = AuthorChooserViewSet(
    "knowledge_author_chooser", url_prefix="knowledge/authors"
)
