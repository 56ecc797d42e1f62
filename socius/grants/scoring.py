"""Scores for grant applications: one reviewer's weighted score, and the score over reviewers.

Pure Python on purpose (no models, no database): the same functions score a review form, a
saved round and a benchmark, and property tests can hammer them. Django is imported only to
mark messages for translation.

Reviewers score each criterion 0-5 using the anchored descriptions below, or mark it "not
applicable" (None). The rubric is data (``DEFAULT_CRITERIA``); a round copies it and may change
it until the round opens.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import TYPE_CHECKING, Literal, NamedTuple

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

LOWEST_SCORE = 0
HIGHEST_SCORE = 5
# Share cut from each end for the trimmed mean; see ``aggregate``.
TRIM_PROPORTION = 0.2

Method = Literal["median", "mean", "trimmed"]


class ScoringError(ValueError):
    """A score or a weight that cannot be used, with a message a reviewer or editor can act on.

    ``message`` stays lazy and ``params`` separate, so a form can re-raise it as
    ``ValidationError(exc.message, params=exc.params)`` in the user's language."""

    def __init__(self, message: StrOrPromise, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class Criterion(NamedTuple):
    key: str
    name: StrOrPromise
    weight: Decimal
    # What a score of 0, 1, 2, 3, 4 and 5 looks like, in that order.
    anchors: tuple[StrOrPromise, ...]


DEFAULT_CRITERIA: list[Criterion] = [
    Criterion(
        "lasting-communities",
        _("Creates lasting social communities"),
        Decimal("0.25"),
        (
            _("No community: single events or services with no contact between participants."),
            _("Participants meet once or twice, with no contact afterwards."),
            _("Regular meetings for one season, with no plan to keep them going."),
            _("Regular meetings all year; some participants keep in touch between them."),
            _("A stable group meets all year and has a plan to go on after the grant."),
            _("The group runs itself: participants take on tasks, and it has run for years."),
        ),
    ),
    Criterion(
        "includes-citizens",
        _("Actively includes citizens who need social contact"),
        Decimal("0.25"),
        (
            _("Does not reach people who lack social contact."),
            _("Open to all, but does nothing to reach people who are lonely or left out."),
            _("Mentions lonely people, but has no concrete way to reach them."),
            _("Reaches them in one concrete way, e.g. through the job centre or the library."),
            _("Reaches out actively, e.g. home visits or a buddy, and helps people join in."),
            _("Built around them: personal invitations, a buddy for each newcomer, follow-up."),
        ),
    ),
    Criterion(
        "voluntary-effort",
        _("Strength of the voluntary effort"),
        Decimal("0.15"),
        (
            _("No volunteers: paid staff run the activity."),
            _("One or two volunteers help; paid staff do most of the work."),
            _("A few volunteers carry part of the activity."),
            _("Volunteers run the activity, with help from paid staff."),
            _("A stable group of volunteers runs and plans it, and recruits new ones."),
            _("Volunteers run and develop it, train newcomers, and users become volunteers."),
        ),
    ),
    Criterion(
        "reach-per-krone",
        _("Reach of the target group per krone"),
        Decimal("0.10"),
        (
            _("Reaches almost no one in the target group."),
            _("Costs far more per person reached than similar activities, with no reason given."),
            _("Costs more per person than similar activities, for a stated reason."),
            _("Costs about the same per person as similar activities."),
            _("Reaches more people than similar activities for the same money."),
            _("Reaches many people in the target group for little money, with numbers to show."),
        ),
    ),
    Criterion(
        "policy-fit",
        _("Fit with the municipality's volunteering policy"),
        Decimal("0.10"),
        (
            _("Outside the volunteering policy and the purpose of the fund."),
            _("Touches the policy only in passing."),
            _("Fits one aim of the policy, but does not say how."),
            _("Fits one aim of the policy and explains how."),
            _("Fits several aims of the policy, including a current priority."),
            _("Meets a current priority where the municipality has no other offer."),
        ),
    ),
    Criterion(
        "feasibility",
        _("Feasibility and track record"),
        Decimal("0.10"),
        (
            _("Not realistic: no plan, a budget that does not add up, or no one to do it."),
            _("Large gaps in the plan or the budget."),
            _("A rough plan and budget, and no experience with similar activities."),
            _("A realistic plan and budget, and some experience or a strong partner."),
            _("A realistic plan and budget, and earlier grants carried out and reported on time."),
            _("A plan with milestones, a sound budget and years of well-run, reported activities."),
        ),
    ),
    Criterion(
        "municipal-cooperation",
        _("Cooperation with municipal services"),
        Decimal("0.05"),
        (
            _("No contact with municipal services."),
            _("Knows which municipal services matter, but has no contact."),
            _("Has been in touch with a municipal service once."),
            _("Has agreed to work with one municipal service, e.g. on referrals."),
            _("Works regularly with one or more services, e.g. referrals both ways."),
            _("Written cooperation with several services, with shared goals and follow-up."),
        ),
    ),
]


def default_weights() -> dict[str, Decimal]:
    """The default rubric as the ``weights`` mapping ``weighted_score`` takes."""
    return {c.key: c.weight for c in DEFAULT_CRITERIA}


def _weight_fractions(weights: Mapping[str, Decimal | float]) -> dict[str, Fraction]:
    """Weights as exact fractions, so rescaling them cannot change a score by a rounding error."""
    exact: dict[str, Fraction] = {}
    for key, weight in weights.items():
        if not _is_positive_number(weight):
            raise ScoringError(
                _("The weight of %(criterion)s must be a number above 0."), criterion=key
            )
        exact[key] = Fraction(weight)
    return exact


def _is_positive_number(weight: object) -> bool:
    if isinstance(weight, Decimal):
        return weight.is_finite() and weight > 0
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        return False
    return math.isfinite(weight) and weight > 0


def _check_score(key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ScoringError(
            _("The score for %(criterion)s must be a whole number from 0 to 5."), criterion=key
        )
    if not LOWEST_SCORE <= int(value) <= HIGHEST_SCORE:
        raise ScoringError(
            _("The score for %(criterion)s must be from 0 to 5, not %(value)s."),
            criterion=key,
            value=value,
        )
    return int(value)


def weighted_score(
    scores: Mapping[str, int | None], weights: Mapping[str, Decimal | float]
) -> float | None:
    """One reviewer's score for one application: the weighted mean of the criterion scores.

    A criterion scored None (or left out of ``scores``) is "not applicable": it does not count
    as a 0, which would punish an application for a criterion that does not fit it; the weights
    of the remaining criteria are scaled up to sum to 1 instead. With nothing applicable there
    is no score (None), not a 0. The arithmetic is exact (fractions), so the result is the
    correctly rounded float and always lies between the lowest and the highest score given.

    Raises ScoringError for a score outside 0-5 or not a whole number, a criterion that is not
    in ``weights``, or a weight that is not a positive number.
    """
    exact = _weight_fractions(weights)
    total = Fraction(0)
    weight_used = Fraction(0)
    for key, value in scores.items():
        if key not in exact:
            raise ScoringError(_("%(criterion)s is not a criterion in this round."), criterion=key)
        if value is None:
            continue
        total += exact[key] * _check_score(key, value)
        weight_used += exact[key]
    if weight_used == 0:
        return None
    return float(total / weight_used)


def _check_values(values: Sequence[float]) -> list[float]:
    if len(values) == 0:
        raise ScoringError(_("There are no reviewer scores to combine."))
    checked = [float(v) for v in values]
    if not all(math.isfinite(v) for v in checked):
        raise ScoringError(_("A reviewer score is not a number."))
    return checked


def aggregate(values: Sequence[float], method: Method) -> float:
    """The application's score over its reviewers, by the method the round chose.

    - ``median``: robust to one reviewer far from the others; the default.
    - ``mean``: every reviewer counts equally, outliers included.
    - ``trimmed``: ``scipy.stats.trim_mean(values, 0.2)``. It cuts ``int(0.2 * n)`` scores
      (rounded down) from each end and averages the rest: nothing for 1-4 reviewers (so it
      equals the mean), the lowest and the highest one for 5-9, two from each end for 10-14,
      and so on.

    Raises ScoringError for no values, a value that is not a finite number, or another method.
    """
    checked = _check_values(values)
    if method == "median":
        return float(statistics.median(checked))
    if method == "mean":
        return math.fsum(checked) / len(checked)
    if method == "trimmed":
        # Imported here: scipy.stats costs every process about 0.8 s and 100 MB at start-up,
        # and only the trimmed mean needs it.
        from scipy.stats import trim_mean

        return float(trim_mean(checked, TRIM_PROPORTION))
    raise ScoringError(_("Unknown way to combine scores: %(method)s."), method=method)


def disagreement(values: Sequence[float]) -> float:
    """How much reviewers disagree: the sample standard deviation (n - 1), 0.0 for one reviewer.

    The sample form because a round's reviewers are a few of the people who could have
    reviewed it; it is what staff compare with the round's dispute threshold."""
    checked = _check_values(values)
    if len(checked) == 1:
        return 0.0
    return float(statistics.stdev(checked))


def is_disputed(values: Sequence[float], threshold: float) -> bool:
    """True when reviewers disagree by more than ``threshold`` (strictly), so staff look again."""
    return disagreement(values) > threshold
