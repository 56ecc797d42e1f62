"""The search index: one row per public object of any module."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """A public object as search sees it: the original text for display and snippets, and
    its stems for the engines. SQLite indexes ``title_stems``/``body_stems``/``facets`` in
    the FTS5 table ``search_fts``; PostgreSQL in the narrow table ``search_vector``, kept in
    step by a trigger (migrations ``0002_fulltext``, ``0003_narrow_vector_table`` and
    ``0004_facets_and_words``)."""

    kind = models.CharField(_("kind"), max_length=40)
    module = models.CharField(_("module"), max_length=40)
    object_pk = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500)
    # "|slug-a|slug-b|": a plain LIKE filter that works the same on both engines.
    theme_slugs = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    title_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)
    # The module, kind, themes and publication date as words of their own (``facets.py``),
    # so that both engines filter by them inside the full-text index, not row by row.
    facets = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "object_pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_pk"], name="search_document_once"),
        ]
        indexes = [
            models.Index(fields=["module", "kind"], name="search_doc_module_kind"),
            # The first and last publication, which bound a date filter (facets.py).
            models.Index(fields=["published_at"], name="search_doc_published"),
        ]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_pk}"

    @property
    def themes(self) -> list[str]:
        return [slug for slug in self.theme_slugs.split("|") if slug]


class SearchWord(models.Model):
    """Every stem the index has held, for prefix search (``query.prefix_words``): the last
    word of a prefix query stands for the indexed words it begins. Stems of removed
    documents stay until ``search_rebuild``; they match nothing, so they cost nothing."""

    # Words are at most 60 characters (text.MAX_WORD_LENGTH); lower-casing can turn one
    # character into up to three.
    word = models.CharField(max_length=180, primary_key=True)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
