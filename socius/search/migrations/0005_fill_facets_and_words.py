"""Give every indexed document its facets, and fill the word list from the indexed stems.

Writing ``facets`` re-indexes each row through the triggers of ``0004_facets_and_words``
(the PostgreSQL vectors then also hold their recency words). The rows are read in batches,
so a large index needs no more memory than one batch.
"""

from django.db import migrations
from django.utils import timezone

BATCH = 500


def _facets(module, kind, theme_slugs, published_at):
    # As facets.facet_words when this migration was written: "_", a letter saying what it
    # is, each value as hexadecimal UTF-8, and the day of publication in the site's zone.
    themes = [t for t in theme_slugs.split("|") if t]
    pairs = [("m", module), ("k", kind), *(("t", t) for t in themes)]
    words = [f"_{letter}{value.encode().hex()}" for letter, value in pairs if value]
    if published_at is not None:
        day = timezone.localdate(published_at)
        words += [f"_y{day:%Y}", f"_n{day:%Y%m}", f"_d{day:%Y%m%d}"]
    return " ".join(words)


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    documents = apps.get_model("search", "SearchDocument").objects.using(db)
    words = apps.get_model("search", "SearchWord")
    batch = []
    for doc in documents.order_by("pk").iterator(chunk_size=BATCH):
        doc.facets = _facets(doc.module, doc.kind, doc.theme_slugs, doc.published_at)
        batch.append(doc)
        if len(batch) == BATCH:
            _save(documents, words, db, batch)
            batch = []
    _save(documents, words, db, batch)


def _save(documents, words, db, batch):
    documents.bulk_update(batch, ["facets"])
    stems = {w for doc in batch for w in f"{doc.title_stems} {doc.body_stems}".split()}
    words.objects.using(db).bulk_create(
        [words(word=w) for w in sorted(stems)], ignore_conflicts=True
    )


def empty(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("search", "SearchDocument").objects.using(db).update(facets="")
    apps.get_model("search", "SearchWord").objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facets_and_words")]

    operations = [migrations.RunPython(fill, empty)]
