"""Publications of the knowledge hub, as Wagtail pages.

Every kind (report, article, guide, debate, news, policy recommendation, lesson plan) is a subclass of the
concrete ``PublicationPage``: the fields they share (summary, themes, date, authors, related
content) live in one table, so lists, theme pages, the feed and search read one query across
kinds. Editors work in Wagtail's admin (/cms/): drafts and revisions are Wagtail's, the review by
a second editor is ``SecondEditorApprovalTask``.
"""

from __future__ import annotations

import datetime
import html
import math
import re
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import GroupApprovalTask, Orderable, Page

from socius.core.models import Theme
from socius.core.paging import page_with_query
from socius.core.plain_language import Lix, lix
from socius.knowledge.choosers import author_chooser_viewset
from socius.knowledge.panels import LixPanel

if TYPE_CHECKING:
    from socius.accounts.models import User

# Danish adults read around 200 words a minute in non-fiction.
WORDS_PER_MINUTE = 200
BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Kind(models.TextChoices):
    REPORT = "report", _("Report")
    ARTICLE = "article", _("Article")
    GUIDE = "guide", _("Guide")
    DEBATE = "debate", _("Debate")
    NEWS = "news", _("News")
    RECOMMENDATION = "recommendation", _("Policy recommendation")
    LESSON_PLAN = "lesson_plan", _("Lesson plan")


def _author_choices() -> models.Q:
    """Authors are people who may write for the hub: researchers, practitioners, staff."""
    return models.Q(
        role_assignments__role__in=["researcher", "practitioner", "editor", "administrator"]
    )


class KnowledgeIndexPage(Page):
    """The hub's front page (/viden/): every publication, filterable by theme, kind and year."""

    intro = models.TextField(_("introduction"), max_length=2000, blank=True)

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, FieldPanel("intro")]
    subpage_types: ClassVar[list[str]] = [
        "knowledge.ReportPage",
        "knowledge.ArticlePage",
        "knowledge.GuidePage",
        "knowledge.DebatePage",
        "knowledge.NewsPage",
        "knowledge.RecommendationPage",
        "knowledge.LessonPlanPage",
        "knowledge.ThemePage",
    ]
    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    max_count = 1
    template = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("knowledge hub")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from socius.knowledge.forms import PublicationFilterForm
        from socius.knowledge.selectors import published_publications

        context = super().get_context(request, *args, **kwargs)
        form = PublicationFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        publications = published_publications(
            theme=filters.get("theme"), kind=filters.get("kind") or None, year=filters.get("year")
        )
        page, query = page_with_query(request, publications, 20)
        context.update(
            form=form,
            page_obj=page,
            publications=page.object_list,
            query=query,
            theme_pages=ThemePage.objects.live().public().select_related("theme"),
        )
        return context


class ThemePage(Page):
    """The editors' introduction to one theme. A theme has one page on the platform,
    ``/temaer/<slug>/`` (core:theme-detail), which gathers the theme across every module and
    shows this introduction above the theme's publications; this page's own address under
    /viden/ redirects there permanently (docs/architecture.md, "Themes")."""

    theme = models.OneToOneField(
        Theme, on_delete=models.PROTECT, related_name="knowledge_page", verbose_name=_("theme")
    )
    intro = models.TextField(_("introduction"), max_length=3000, blank=True)

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldPanel("intro"),
    ]
    parent_page_types: ClassVar[list[str]] = ["knowledge.KnowledgeIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    template = "knowledge/theme_page.html"

    class Meta:
        verbose_name = _("theme page")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponsePermanentRedirect(self.theme.get_absolute_url())

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        # Editors preview the draft introduction itself, not the live theme page.
        return super().serve(request)


class PublicationPage(Page):
    """What every publication has. Not created directly: editors pick one of the kinds."""

    KIND: ClassVar[str] = ""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, editable=False)
    summary = models.TextField(
        _("in brief (Kort fortalt)"),
        max_length=3000,
        validators=[MaxLengthValidator(3000)],
        help_text=_("Plain language, short sentences. Aim for a LIX under 35."),
    )
    body = RichTextField(_("text"), features=BODY_FEATURES, blank=True)
    publication_date = models.DateField(_("publication date"), default=datetime.date.today)
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    related = ParentalManyToManyField(
        "self",
        verbose_name=_("related content"),
        symmetrical=False,
        blank=True,
        related_name="related_from",
    )

    is_creatable = False
    parent_page_types: ClassVar[list[str]] = ["knowledge.KnowledgeIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    template = "knowledge/publication_page.html"

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        MultiFieldPanel([LixPanel(), FieldPanel("summary")], heading=_("In brief")),
        FieldPanel("body"),
        FieldPanel("publication_date"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel("author_links", label=_("authors")),
        FieldPanel("related"),
    ]

    class Meta:
        verbose_name = _("publication")
        ordering: ClassVar[list[str]] = ["-publication_date", "-id"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from socius.knowledge.selectors import publication_citation, theme_links

        context = super().get_context(request, *args, **kwargs)
        context["authors"] = self.authors
        context["themes"] = theme_links(self.themes.all())
        context["related"] = [p.specific for p in self.related.live().public()]
        evidence = getattr(self, "evidence", None)
        context["evidence"] = list(evidence.all()) if evidence is not None else []
        context["citation"] = (
            publication_citation(self, url=request.build_absolute_uri(self.url or "/"))
            if self.kind == Kind.REPORT
            else None
        )
        return context

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.KIND:
            self.kind = self.KIND
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if "\x00" in (self.title or "") or "\x00" in (self.summary or ""):
            raise ValidationError(_("The text contains a character that is not allowed."))
        earliest = datetime.date(1900, 1, 1)
        if self.publication_date and not (
            earliest <= self.publication_date <= timezone.localdate() + datetime.timedelta(366)
        ):
            raise ValidationError(
                {"publication_date": _("Give a publication date between 1900 and next year.")}
            )

    @property
    def summary_lix(self) -> Lix | None:
        return lix(self.summary or "")

    @property
    def body_text(self) -> str:
        return html.unescape(strip_tags((self.body or "").replace("</p>", "</p>\n")))

    @property
    def reading_minutes(self) -> int:
        words = len((self.summary or "").split()) + len(self.body_text.split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def authors(self) -> list[User]:
        return [link.user for link in self.author_links.all()]

    def kind_label(self) -> str:
        return str(Kind(self.kind).label) if self.kind else ""


class PublicationAuthor(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="author_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
        limit_choices_to=_author_choices,
    )

    panels: ClassVar[list[Any]] = [FieldPanel("user", widget=author_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["page", "user"], name="knowledge_author_once")
        ]


class ReportPage(PublicationPage):
    """A report: the PDF and, first, a required plain-language summary."""

    KIND = Kind.REPORT
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("report (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_creatable = True
    template = "knowledge/publication_page.html"
    content_panels: ClassVar[list[Any]] = [
        *PublicationPage.content_panels,
        FieldPanel("document"),
    ]

    class Meta:
        verbose_name = _("report")


class ArticlePage(PublicationPage):
    KIND = Kind.ARTICLE
    is_creatable = True
    template = "knowledge/publication_page.html"

    class Meta:
        verbose_name = _("article")


class GuidePage(PublicationPage):
    """How-to for associations, clubs and companies."""

    class Audience(models.TextChoices):
        ASSOCIATIONS = "associations", _("Associations and clubs")
        COMPANIES = "companies", _("Companies")
        ALL = "all", _("Associations, clubs and companies")

    KIND = Kind.GUIDE
    audience = models.CharField(
        _("for"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    source_note = models.TextField(
        _("source (internal note)"),
        max_length=2000,
        blank=True,
        help_text=_("Where the guide came from, e.g. a community-advice case. Not shown."),
    )
    is_creatable = True
    template = "knowledge/publication_page.html"
    content_panels: ClassVar[list[Any]] = [
        *PublicationPage.content_panels,
        FieldPanel("audience"),
        FieldPanel("source_note"),
    ]

    class Meta:
        verbose_name = _("guide")


class DebatePage(PublicationPage):
    """A debate: upcoming (time and place) or recorded (video link)."""

    KIND = Kind.DEBATE
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    is_creatable = True
    template = "knowledge/publication_page.html"
    content_panels: ClassVar[list[Any]] = [
        *PublicationPage.content_panels,
        FieldPanel("starts_at"),
        FieldPanel("location"),
        FieldPanel("video_url"),
    ]

    class Meta:
        verbose_name = _("debate")

    def clean(self) -> None:
        super().clean()
        if self.video_url and not self.video_url.lower().startswith("https://"):
            raise ValidationError({"video_url": _("The video link must start with https://.")})

    @property
    def is_upcoming(self) -> bool:
        return bool(self.starts_at and self.starts_at > timezone.now())


class NewsPage(PublicationPage):
    KIND = Kind.NEWS
    is_creatable = True
    template = "knowledge/publication_page.html"

    class Meta:
        verbose_name = _("news")


class RecommendationPage(PublicationPage):
    """A policy recommendation and the evidence it rests on."""

    KIND = Kind.RECOMMENDATION
    attachment = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("attached report (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_creatable = True
    template = "knowledge/publication_page.html"
    content_panels: ClassVar[list[Any]] = [
        *PublicationPage.content_panels,
        InlinePanel("evidence", label=_("evidence"), min_num=0),
        FieldPanel("attachment"),
    ]

    class Meta:
        verbose_name = _("policy recommendation")


LESSON_MINUTES = 45
LESSON_GRADES = [
    (7, _("7th grade")),
    (8, _("8th grade")),
    (9, _("9th grade")),
    (10, _("10th grade")),
]
_INDICATOR_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


def indicator_codes_split(value: str) -> list[str]:
    """The atlas indicator codes written in a lesson plan, in order, each once."""
    codes: list[str] = []
    for part in re.split(r"[\s,;]+", (value or "").strip().lower()):
        if part and part not in codes:
            codes.append(part)
    return codes


def atlas_indicators(codes: list[str]) -> dict[str, Any]:
    """The atlas's indicators with ``codes``, by code (one query), or {} without the atlas.

    Looked up through the app registry, not imported: the atlas itself depends on the hub."""
    if not codes or not django_apps.is_installed("socius.atlas"):
        return {}
    indicator = django_apps.get_model("atlas", "Indicator")
    return {i.code: i for i in indicator.objects.filter(code__in=codes, is_active=True)}


class LessonPlanPage(PublicationPage):
    """A lesson plan for the citizenship elective (socius/school): goals, how many lessons of
    45 minutes, what to prepare and hand out, the municipality's own figures to use, and for
    which grades. Reviewed by a second editor like every publication."""

    KIND = Kind.LESSON_PLAN
    goals = models.TextField(
        _("goals"),
        max_length=3000,
        validators=[MaxLengthValidator(3000)],
        help_text=_("What the pupils can do after the lessons. One goal a line."),
    )
    lessons = models.PositiveSmallIntegerField(
        _("number of lessons"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text=_("Lessons of 45 minutes."),
    )
    material = models.TextField(
        _("material"),
        max_length=3000,
        blank=True,
        validators=[MaxLengthValidator(3000)],
        help_text=_("What the teacher prepares and hands out."),
    )
    municipal_data = models.TextField(
        _("the municipality's data"),
        max_length=3000,
        blank=True,
        validators=[MaxLengthValidator(3000)],
        help_text=_("Which of the municipality's own figures the class works with, and how."),
    )
    indicator_codes = models.CharField(
        _("indicators in the social atlas"),
        max_length=500,
        blank=True,
        help_text=_(
            "Codes of the atlas's indicators, separated by commas, e.g. population. "
            "The class finds the figures for its own municipality."
        ),
    )
    first_grade = models.PositiveSmallIntegerField(
        _("from grade"), choices=LESSON_GRADES, default=8
    )
    last_grade = models.PositiveSmallIntegerField(_("to grade"), choices=LESSON_GRADES, default=9)
    is_creatable = True
    template = "knowledge/publication_page.html"
    content_panels: ClassVar[list[Any]] = [
        *PublicationPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("goals"),
                FieldPanel("lessons"),
                FieldPanel("material"),
                FieldPanel("municipal_data"),
                FieldPanel("indicator_codes"),
                FieldPanel("first_grade"),
                FieldPanel("last_grade"),
            ],
            heading=_("The lessons"),
        ),
    ]

    class Meta:
        verbose_name = _("lesson plan")
        verbose_name_plural = _("lesson plans")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.first_grade and self.last_grade and self.first_grade > self.last_grade:
            errors["last_grade"] = _("The last grade cannot come before the first grade.")
        codes = indicator_codes_split(self.indicator_codes)
        bad = [c for c in codes if not _INDICATOR_CODE.match(c)]
        if bad or len(codes) > 20:
            errors["indicator_codes"] = _(
                "Write the indicators' codes (small letters, digits and dashes), at most 20."
            )
        elif codes and django_apps.is_installed("socius.atlas"):
            unknown = [c for c in codes if c not in atlas_indicators(codes)]
            if unknown:
                errors["indicator_codes"] = _(
                    "The social atlas has no indicator with the code: %(codes)s."
                ) % {"codes": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)
        self.indicator_codes = ", ".join(codes)

    @property
    def minutes(self) -> int:
        return (self.lessons or 0) * LESSON_MINUTES

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in (self.goals or "").splitlines() if line.strip()]

    def indicators(self) -> list[Any]:
        """The atlas's indicators the plan names, in the plan's order (one query)."""
        codes = indicator_codes_split(self.indicator_codes)
        found = atlas_indicators(codes)
        return [found[c] for c in codes if c in found]


class RecommendationEvidence(Orderable):
    """One piece of evidence: a publication on the hub and/or an external source."""

    page = ParentalKey(RecommendationPage, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("label"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    publication = models.ForeignKey(
        PublicationPage,
        verbose_name=_("publication on the hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_by",
    )

    panels: ClassVar[list[Any]] = [
        FieldPanel("label"),
        FieldPanel("url"),
        FieldPanel("publication"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def clean(self) -> None:
        super().clean()
        if self.url and not self.url.lower().startswith(("https://", "http://")):
            raise ValidationError({"url": _("Give a web address starting with https://.")})

    @property
    def href(self) -> str:
        if self.publication_id and self.publication and self.publication.live:
            return self.publication.url or self.url
        return self.url


class SecondEditorApprovalTask(GroupApprovalTask):
    """Group approval in which nobody approves their own work.

    Threat model: one editor (or one stolen editor account) must not be able to put text on
    the public site alone. The person who submitted the page for review, and the person who
    wrote the revision under review, get no approve or reject action; the admin's workflow
    views check ``get_actions`` before acting, so the rule holds for forged requests too.
    """

    class Meta:
        verbose_name = _("review by a second editor")
        verbose_name_plural = _("reviews by a second editor")

    def _is_own_work(self, obj: Page, user: User) -> bool:
        state = obj.current_workflow_state
        if state is not None and state.requested_by_id == user.pk:
            return True
        task_state = obj.current_workflow_task_state
        revision = task_state.revision if task_state is not None else None
        return bool(revision is not None and revision.user_id == user.pk)

    def get_actions(self, obj: Page, user: User) -> list[tuple[str, Any, bool]]:
        if self._is_own_work(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user: User, **kwargs: Any) -> Any:
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)

    @classmethod
    def get_description(cls) -> str:
        return str(_("An editor other than the author approves the page"))
