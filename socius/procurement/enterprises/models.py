"""Social-economy enterprises, the municipality's own companies and spin-offs (afknopning).

A social-economy enterprise is an organisation (core.Organisation, with its own CVR number)
that answers the five criteria of lov nr. 711 af 25/06/2014 (registrerede socialøkonomiske
virksomheder, RSV) in plain words with evidence, states its RSV status (a claim with its
source and date, never taken as proof), the share of its staff who are disabled or
disadvantaged, and what it offers (CPV codes, capacity, the municipalities it serves). The
catalogue lets buyers find it; an enterprise with at least 30 % such staff, evidenced, can bid
for reserved contracts (udbudsloven § 20, directive 2014/24/EU art. 20).

The municipality's own companies are assessed each year against the same five criteria with a
plan of changes towards them. A spin-off moves a municipal activity out into an independent
enterprise through a checklist whose steps are signed off by named people; its history is an
append-only list of events.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socius.core.calendar import add_months
from socius.core.uploads import DOCUMENT_MAGIC
from socius.core.validators import validate_cvr

TEXT_MAX = 3000
SHORT_MAX = 200
URL_MAX = 500
# The share of disadvantaged or disabled staff is kept in tenths of a percent (30.0 % = 300),
# so the 30 % rule is an exact comparison of integers.
RESERVED_SHARE_TENTHS = 300
RSV_CLAIM_MONTHS = 12


class Criterion(models.TextChoices):
    """The five criteria of lov nr. 711 af 25/06/2014 § 5."""

    SOCIAL_PURPOSE = "social_purpose", _("Social purpose")
    COMMERCIAL_ACTIVITY = "commercial_activity", _("Significant commercial activity")
    INDEPENDENCE = "independence", _("Independence from the public sector")
    GOVERNANCE = "governance", _("Inclusive and responsible governance")
    PROFIT_USE = "profit_use", _("Social use of profits")


CRITERION_QUESTIONS: dict[str, object] = {
    Criterion.SOCIAL_PURPOSE: _("What social purpose does the enterprise work for, and how?"),
    Criterion.COMMERCIAL_ACTIVITY: _(
        "What does the enterprise sell, and how large a part of its income comes from sales?"
    ),
    Criterion.INDEPENDENCE: _(
        "Who owns and controls the enterprise? Can a public authority decide over it?"
    ),
    Criterion.GOVERNANCE: _(
        "How do employees, users and partners have a say in how the enterprise is run?"
    ),
    Criterion.PROFIT_USE: _("What happens with a profit, and what do the articles say?"),
}


def _evidence_path(instance: models.Model, filename: str) -> str:
    # The name people gave the file never reaches the disk: a random name, the checked ending.
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if ending not in DOCUMENT_MAGIC:
        ending = "bin"
    return f"procurement/enterprises/{uuid.uuid4().hex}.{ending}"


class SocialEnterpriseQuerySet(models.QuerySet["SocialEnterprise"]):
    def can_bid_reserved(self) -> SocialEnterpriseQuerySet:
        """Those with at least 30 % disadvantaged or disabled staff, with evidence."""
        return self.filter(SocialEnterprise.RESERVED_Q)


class SocialEnterprise(models.Model):
    """An organisation registered in the catalogue as a social-economy enterprise."""

    class RsvStatus(models.TextChoices):
        REGISTERED = "registered", _("Registered in RSV")
        APPLIED = "applied", _("Has applied for registration in RSV")
        NOT_REGISTERED = "not_registered", _("Not registered in RSV")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.OneToOneField(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="social_enterprise",
        verbose_name=_("organisation"),
    )
    rsv_status = models.CharField(
        _("RSV status"),
        max_length=16,
        choices=RsvStatus.choices,
        default=RsvStatus.NOT_REGISTERED,
    )
    rsv_source = models.CharField(_("source of the RSV status"), max_length=URL_MAX, blank=True)
    rsv_stated_on = models.DateField(_("RSV status stated on"), null=True, blank=True)
    share_tenths = models.PositiveSmallIntegerField(
        _("share of disadvantaged or disabled staff (tenths of a percent)"), default=0
    )
    share_note = models.CharField(_("how the share is counted"), max_length=TEXT_MAX, blank=True)
    share_evidence_file = models.FileField(upload_to=_evidence_path, max_length=300, blank=True)
    share_evidence_url = models.URLField(_("link to evidence"), max_length=URL_MAX, blank=True)
    capacity = models.CharField(_("capacity"), max_length=TEXT_MAX, blank=True)
    areas = models.ManyToManyField(
        "core.Municipality",
        blank=True,
        related_name="social_enterprises",
        verbose_name=_("municipalities served"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SocialEnterpriseQuerySet.as_manager()

    RESERVED_Q = Q(share_tenths__gte=RESERVED_SHARE_TENTHS) & (
        ~Q(share_evidence_file="") | ~Q(share_evidence_url="")
    )

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_tenths__lte=1000), name="procurement_enterprise_share_at_most_100"
            ),
        ]
        verbose_name = _("social-economy enterprise")
        verbose_name_plural = _("social-economy enterprises")

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("procurement_enterprises:enterprise-detail", args=[self.organisation.slug])

    @property
    def share_has_evidence(self) -> bool:
        return bool(self.share_evidence_file) or bool(self.share_evidence_url)

    @property
    def can_bid_reserved(self) -> bool:
        """At least 30.0 % (29.9 % is not enough), and evidence for it."""
        return self.share_tenths >= RESERVED_SHARE_TENTHS and self.share_has_evidence

    @property
    def share_percent_text(self) -> str:
        whole, tenth = divmod(self.share_tenths, 10)
        return f"{whole},{tenth}"

    def rsv_claim_is_old(self, *, today: datetime.date) -> bool:
        """True when the RSV status was stated more than 12 months before ``today``.

        Exactly 12 calendar months ago is not yet old; one day more is."""
        if self.rsv_stated_on is None:
            return True
        return add_months(self.rsv_stated_on, RSV_CLAIM_MONTHS) < today


class CriterionAnswer(models.Model):
    """One of the five criteria answered in plain words, with a document or a link."""

    enterprise = models.ForeignKey(
        SocialEnterprise, on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.CharField(_("criterion"), max_length=24, choices=Criterion.choices)
    answer = models.TextField(_("answer"), max_length=TEXT_MAX)
    evidence_file = models.FileField(upload_to=_evidence_path, max_length=300, blank=True)
    evidence_url = models.URLField(_("link to evidence"), max_length=URL_MAX, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enterprise_id", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "criterion"], name="procurement_enterprise_answer_once"
            ),
        ]
        verbose_name = _("criterion answer")
        verbose_name_plural = _("criterion answers")

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.criterion}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file) or bool(self.evidence_url)


class Offer(models.Model):
    """A CPV code the enterprise can deliver. ``cpv_root`` is the code's digits without the
    trailing zeros that mark its level (at least the two-digit division), so "an offered code
    covers a wanted code below it" is a lookup of the wanted code's prefixes."""

    enterprise = models.ForeignKey(
        SocialEnterprise, on_delete=models.CASCADE, related_name="offers"
    )
    cpv_code = models.CharField(_("CPV code"), max_length=10)
    cpv_root = models.CharField(max_length=8, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enterprise_id", "cpv_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "cpv_code"], name="procurement_enterprise_offer_once"
            ),
        ]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return self.cpv_code


def cpv_root(code: str) -> str:
    """The significant digits of a normalised CPV code: "45210000-2" gives "4521"."""
    digits = code.split("-", 1)[0]
    return digits.rstrip("0").ljust(2, "0")[:8]


# --- The municipality's own companies ---------------------------------------------------


class MunicipalCompany(models.Model):
    """A company the municipality owns (wholly or partly), assessed each year."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey(
        "core.MunicipalSpace",
        on_delete=models.PROTECT,
        related_name="procurement_companies",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=SHORT_MAX)
    slug = models.SlugField(_("address"), max_length=80)
    cvr = models.CharField(_("CVR number"), max_length=8, validators=[validate_cvr])
    ownership = models.CharField(_("ownership"), max_length=TEXT_MAX)
    activity = models.CharField(_("what the company does"), max_length=TEXT_MAX)
    next_review_on = models.DateField(_("next yearly review"), null=True, blank=True)
    # The review date a reminder was last sent for: one reminder per due date.
    review_reminded_for = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["space_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "slug"], name="procurement_company_slug_once_per_space"
            ),
        ]
        verbose_name = _("municipal company")
        verbose_name_plural = _("municipal companies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("procurement_enterprises:company-detail", args=[self.space.slug, self.slug])


class Fulfilment(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class CompanyAssessment(models.Model):
    """One year's assessment of a company against the five criteria (the yearly review)."""

    company = models.ForeignKey(
        MunicipalCompany, on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # {criterion: {"fulfilment": "met"|"partly"|"not_met", "note": "..."}} for all five.
    answers = models.JSONField(default=dict)
    summary = models.TextField(_("summary"), max_length=TEXT_MAX, blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["company_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "year"], name="procurement_company_assessment_once_a_year"
            ),
        ]
        verbose_name = _("company assessment")
        verbose_name_plural = _("company assessments")

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}"

    def rows(self) -> list[tuple[str, str, str]]:
        """(criterion label, fulfilment label, note) in the law's order."""
        labels = dict(Fulfilment.choices)
        out = []
        for value, label in Criterion.choices:
            answer = self.answers.get(value, {})
            fulfilment = labels.get(answer.get("fulfilment", ""), "")
            out.append((str(label), str(fulfilment), str(answer.get("note", ""))))
        return out


class PlanStep(models.Model):
    """A change the company plans towards one of the criteria."""

    company = models.ForeignKey(MunicipalCompany, on_delete=models.CASCADE, related_name="plan")
    criterion = models.CharField(_("criterion"), max_length=24, choices=Criterion.choices)
    action = models.CharField(_("change"), max_length=TEXT_MAX)
    responsible = models.CharField(_("responsible"), max_length=SHORT_MAX)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["company_id", "due_on", "id"]
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")

    def __str__(self) -> str:
        return self.action


# --- Spin-offs (afknopning) -------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistStep:
    key: str
    title: object
    explanation: object
    source: str


SPINOFF_CHECKLIST: tuple[ChecklistStep, ...] = (
    ChecklistStep(
        "no_control",
        _("The municipality keeps no controlling influence"),
        _(
            "The municipality holds no majority of votes, appoints no majority of the board "
            "and has no other way to decide over the enterprise."
        ),
        "Lov nr. 711 af 25/06/2014 § 5, stk. 1, nr. 3",
    ),
    ChecklistStep(
        "state_aid",
        _("State aid assessed"),
        _(
            "Any transfer of money, assets, staff or contracts is checked against the rules "
            "on state aid, so the new enterprise gets no advantage a market player would not."
        ),
        "TEUF art. 107, stk. 1; Kommission (EU) 2012/21/EU; forordning (EU) 2023/2831",
    ),
    ChecklistStep(
        "kommunalfuldmagt",
        _("Within the kommunalfuldmagt"),
        _(
            "The municipality may only support the enterprise in ways the unwritten "
            "municipal mandate or a law allows; the decision says which."
        ),
        "Kommunalfuldmagtsreglerne (uskrevne regler om kommunernes opgaver)",
    ),
    ChecklistStep(
        "staff_transfer",
        _("Staff transfer settled"),
        _(
            "Employees who follow the activity keep their rights from their employment "
            "(the Transfer of Undertakings Act). They are told in good time."
        ),
        "Virksomhedsoverdragelsesloven (lov om lønmodtageres retsstilling ved "
        "virksomhedsoverdragelse), LBK nr. 710 af 20/08/2002",
    ),
    ChecklistStep(
        "assets_market_price",
        _("Assets valued at market price"),
        _(
            "Buildings, equipment and goodwill are sold or let at market price, set by an "
            "independent valuation."
        ),
        "TEUF art. 107; Kommissionens meddelelse om statsstøttebegrebet (2016/C 262/01)",
    ),
    ChecklistStep(
        "own_board",
        _("Own board appointed"),
        _("The enterprise has its own board with members not appointed by the municipality."),
        "Lov nr. 711 af 25/06/2014 § 5, stk. 1, nr. 3 og 4",
    ),
    ChecklistStep(
        "own_cvr",
        _("Own CVR number"),
        _("The enterprise is a legal person of its own with its own CVR number."),
        "Lov nr. 711 af 25/06/2014 § 5, stk. 1; CVR-loven",
    ),
)
CHECKLIST_KEYS = frozenset(step.key for step in SPINOFF_CHECKLIST)


class SpinOff(models.Model):
    """A municipal activity on its way out into an independent social-economy enterprise."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", pgettext_lazy("spin-off", "Completed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey(
        "core.MunicipalSpace",
        on_delete=models.PROTECT,
        related_name="procurement_spinoffs",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=SHORT_MAX)
    slug = models.SlugField(_("address"), max_length=80)
    activity = models.CharField(_("the activity"), max_length=TEXT_MAX)
    department = models.CharField(_("department it comes from"), max_length=SHORT_MAX)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["space_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "slug"], name="procurement_spinoff_slug_once_per_space"
            ),
        ]
        verbose_name = _("spin-off")
        verbose_name_plural = _("spin-offs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("procurement_enterprises:spinoff-detail", args=[self.space.slug, self.slug])


class SpinOffStep(models.Model):
    """One checklist step signed off by a named person on a date."""

    spin_off = models.ForeignKey(SpinOff, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=32)
    signed_by_name = models.CharField(_("signed off by"), max_length=SHORT_MAX)
    signed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spin_off_id", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["spin_off", "step"], name="procurement_spinoff_step_once"
            ),
        ]
        verbose_name = _("signed-off step")
        verbose_name_plural = _("signed-off steps")

    def __str__(self) -> str:
        return self.step


class AppendOnlyQuerySet(models.QuerySet["SpinOffEvent"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The spin-off history is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The spin-off history is append-only.")


class SpinOffEvent(models.Model):
    """The spin-off's history: only ever added to, never changed or removed."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Spin-off started")
        STEP_SIGNED = "step_signed", _("Step signed off")
        COMPLETED = "completed", _("All steps signed off")

    spin_off = models.ForeignKey(SpinOff, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    step = models.CharField(max_length=32, blank=True)
    text = models.CharField(max_length=TEXT_MAX, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["spin_off_id", "at", "id"]
        verbose_name = _("spin-off event")
        verbose_name_plural = _("spin-off events")

    def __str__(self) -> str:
        return f"{self.spin_off_id} {self.kind}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("The spin-off history is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The spin-off history is append-only.")

    @property
    def step_title(self) -> object:
        for step in SPINOFF_CHECKLIST:
            if step.key == self.step:
                return step.title
        return ""
