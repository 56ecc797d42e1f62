"""Data: the knowledge index becomes the root of the default Wagtail site, replacing Wagtail's
placeholder home page. Historical models, so no indexing tasks are queued during migrate."""

from django.db import migrations

INTRO = (
    "Her finder du rapporter, artikler, guides, debatter, nyheder og anbefalinger "
    "om social bæredygtighed. Hver udgivelse starter med et kort resumé i et klart sprog."
)


def index_create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    KnowledgeIndexPage = apps.get_model("knowledge", "KnowledgeIndexPage")
    if KnowledgeIndexPage.objects.exists():
        return
    root = Page.objects.filter(depth=1).order_by("path").first()
    locale = Locale.objects.order_by("pk").first()
    if root is None or locale is None:
        return  # no Wagtail tree yet: socius.knowledge.setup creates it at runtime
    content_type, _ = ContentType.objects.get_or_create(
        app_label="knowledge", model="knowledgeindexpage"
    )
    last = Page.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    suffix = ""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _i in range(4):
        step, digit = divmod(step, 36)
        suffix = alphabet[digit] + suffix
    index = KnowledgeIndexPage.objects.create(
        title="Viden",
        draft_title="Viden",
        slug="viden",
        content_type=content_type,
        path=root.path + suffix,
        depth=2,
        numchild=0,
        url_path=root.url_path + "viden/",
        locale=locale,
        live=True,
        has_unpublished_changes=False,
        intro=INTRO,
    )
    placeholder = Page.objects.filter(
        depth=2, content_type__app_label="wagtailcore", content_type__model="page"
    )
    if not Site.objects.filter(is_default_site=True).update(root_page=index, site_name="Socius"):
        Site.objects.create(
            hostname="localhost", port=80, root_page=index, is_default_site=True, site_name="Socius"
        )
    placeholder.exclude(pk__in=Site.objects.values("root_page")).delete()
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(index_create, migrations.RunPython.noop)]
