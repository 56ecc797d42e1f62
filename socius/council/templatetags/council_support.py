"""``{% load council_support %}{% cross_party_support "recommendation" page.pk %}``: the
cross-party support box of a recommendation or a proposal: the supporting parties with their
endorsers and reasons, the measure in words, a chart of parties by bloc with its table, and
for a verified politician the form to endorse or withdraw (others get a login hint).

A fixed number of queries whatever the number of endorsements; nothing when the target is not
public."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socius.core.access import user_can
from socius.core.charts import Chart, bar_chart
from socius.core.roles import Capability
from socius.council import selectors_endorsements as selectors

register = template.Library()


def support_words(measure: selectors.SupportMeasure) -> str:
    """The measure in one plain sentence: "Støtte fra 3 partier i 2 af 3 blokke"."""
    if not measure.parties:
        return _("No party has endorsed this yet.")
    return ngettext(
        "Support from %(parties)d party in %(reached)d of %(blocs)d blocs.",
        "Support from %(parties)d parties in %(reached)d of %(blocs)d blocs.",
        measure.parties,
    ) % {"parties": measure.parties, "reached": measure.blocs_reached, "blocs": measure.blocs_total}


def spread_words(measure: selectors.SupportMeasure) -> str:
    """What the spread score means, in words."""
    if not measure.parties:
        return ""
    if measure.spread is None:
        return _(
            "The spread across the blocs cannot be measured: no supporting party is in a bloc."
        )
    if measure.spread < 0.01:
        return _("All the support comes from one bloc.")
    if measure.spread < 0.5:
        return _("The support leans clearly towards one bloc.")
    if measure.spread < 0.9:
        return _("The support reaches across the blocs, but unevenly.")
    return _("The support is spread evenly across the blocs.")


def bloc_chart(support: selectors.Support) -> Chart | None:
    """Supporting parties by bloc, as a chart with its table (None without support)."""
    if not support.measure.parties:
        return None
    data = [(support.bloc_labels[b], n) for b, n in support.measure.per_bloc.items()]
    if support.measure.outside_blocs:
        data.append((_("Outside the blocs"), support.measure.outside_blocs))
    return bar_chart(
        title=_("Supporting parties by bloc"),
        description=support_words(support.measure),
        label_title=_("Bloc"),
        value_title=_("Parties"),
        data=data,
    )


def box_context(
    request: Any, target: selectors.Target, support: selectors.Support, form: Any = None
) -> dict[str, Any]:
    from socius.council.forms_endorsements import EndorsementForm

    user = getattr(request, "user", None)
    profile = selectors.profile_verified_for(user)
    own = None
    if user is not None and user.is_authenticated:
        own = next((e for e in support.endorsements if e.politician_id == user.pk), None)
    return {
        "target": target,
        "support": support,
        "measure": support.measure,
        "seat_percent": (
            None if support.measure.seat_share is None else round(support.measure.seat_share * 100)
        ),
        "words": support_words(support.measure),
        "spread_text": spread_words(support.measure),
        "chart": bloc_chart(support),
        "profile": profile,
        "own": own,
        "form": form if form is not None else EndorsementForm(),
        "next_path": request.get_full_path() if request is not None else target.url,
        "can_invite": user_can(user, Capability.ENDORSEMENTS_INVITE),
        "request": request,
    }


@register.simple_tag(takes_context=True)
def cross_party_support(context: Any, kind: str, key: Any) -> SafeString | str:
    known = context.get("target")
    if isinstance(known, selectors.Target) and (known.kind, known.key) == (kind, str(key)):
        target: selectors.Target | None = known
    else:
        target = selectors.target_get(kind, key)
    if target is None:
        return ""
    request = context.get("request")
    support = context.get("support")
    if not isinstance(support, selectors.Support) or support.key != target.key:
        support = selectors.support_for(target)
    ctx = box_context(request, target, support, context.get("endorsement_form"))
    ctx["heading_level"] = context.get("support_heading_level", 2)
    html = render_to_string("council/includes/support_box.html", ctx, request=request)
    return mark_safe(html)  # noqa: S308 - a rendered template, escaped there
