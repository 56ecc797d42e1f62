"""Writes to a council's composition: the council, its party groups (seats and bloc) and its
committees. Administrators (COUNCIL_COMPOSITION) keep these in step with the municipality's
own record after each election; every change is audited."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.models import Municipality, Party
from socius.core.roles import Capability
from socius.core.selectors import municipal_space_for
from socius.core.text import danish_slugify, slug_free
from socius.council.audit_items import (
    AUDIT_COMMITTEE_SAVED,
    AUDIT_COUNCIL_SAVED,
    AUDIT_GROUP_REMOVED,
    AUDIT_GROUP_SAVED,
)
from socius.council.checks import plain_text
from socius.council.models import Bloc, Committee, Council, CouncilGroup, PartyBloc

if TYPE_CHECKING:
    from socius.accounts.models import User

MAX_SEATS = 101  # Danish councils have 9 to 55 members; anything above is a typing error


@transaction.atomic
def council_save(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    seats: int,
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
    composition_source: str = "",
) -> Council:
    """Create or change the council of a participating municipality. The seats cannot drop
    below the seats already given to party groups."""
    require(actor, Capability.COUNCIL_COMPOSITION)
    if municipal_space_for(municipality) is None:
        raise ValidationError(_("The municipality does not take part in the platform."))
    name = plain_text(name, field="name", max_length=120, required=True)
    source = plain_text(composition_source, field="composition_source", max_length=300)
    if not 1 <= int(seats) <= MAX_SEATS:
        raise ValidationError({"seats": _("A council has between 1 and 101 seats.")})
    if term_start and term_end and term_end <= term_start:
        raise ValidationError({"term_end": _("The term must end after it starts.")})
    council = Council.objects.select_for_update().filter(municipality=municipality).first()
    if council is not None:
        taken = council.groups.aggregate(n=Sum("seats"))["n"] or 0
        if seats < taken:
            raise ValidationError(
                {
                    "seats": _(
                        "The party groups already hold %(taken)s seats: remove seats from "
                        "them first."
                    )
                    % {"taken": taken}
                }
            )
    values = {"name": name, "seats": seats, "term_start": term_start, "term_end": term_end,
              "composition_source": source}  # fmt: skip
    if council is None:
        council = Council.objects.create(municipality=municipality, **values)
    else:
        for key, value in values.items():
            setattr(council, key, value)
        council.save()
    audit_record(actor=actor, action=AUDIT_COUNCIL_SAVED, target=council, data={
        "seats": seats, "name": name})  # fmt: skip
    return council


def party_default_bloc(party: Party) -> str:
    """The bloc a party counts in by default (seeded for the Folketing parties; set by
    administrators in the admin for the rest)."""
    found = PartyBloc.objects.filter(party=party).values_list("bloc", flat=True).first()
    return found or Bloc.OTHER


@transaction.atomic
def council_group_set(
    *, actor: User, council: Council, party: Party, seats: int, bloc: str = ""
) -> CouncilGroup | None:
    """Give ``party`` its seats on ``council`` (0 removes the group) and the bloc it counts in
    there (empty: the party's default). The groups' seats together cannot exceed the
    council's."""
    require(actor, Capability.COUNCIL_COMPOSITION)
    council = Council.objects.select_for_update().get(pk=council.pk)
    if party.is_local_list and party.municipality_id not in (None, council.municipality_id):
        raise ValidationError({"party": _("This local list belongs to another municipality.")})
    if bloc and bloc not in Bloc.values:
        raise ValidationError({"bloc": _("Choose a bloc from the list.")})
    seats = int(seats)
    if seats < 0:
        raise ValidationError({"seats": _("Seats cannot be negative.")})
    group = CouncilGroup.objects.filter(council=council, party=party).first()
    if seats == 0:
        if group is not None:
            group.delete()
            audit_record(actor=actor, action=AUDIT_GROUP_REMOVED, target=council,
                         data={"party": party.name})  # fmt: skip
        return None
    others = council.groups.exclude(party=party).aggregate(n=Sum("seats"))["n"] or 0
    if others + seats > council.seats:
        raise ValidationError(
            {
                "seats": _(
                    "The council has %(seats)s seats and the other groups hold %(others)s: "
                    "%(party)s can have at most %(free)s."
                )
                % {
                    "seats": council.seats,
                    "others": others,
                    "party": party.name,
                    "free": council.seats - others,
                }  # fmt: skip
            }
        )
    bloc = bloc or (group.bloc if group else party_default_bloc(party))
    if group is None:
        group = CouncilGroup.objects.create(council=council, party=party, seats=seats, bloc=bloc)
    else:
        group.seats, group.bloc = seats, bloc
        group.save(update_fields=["seats", "bloc"])
    audit_record(actor=actor, action=AUDIT_GROUP_SAVED, target=council,
                 data={"party": party.name, "seats": seats, "bloc": bloc})  # fmt: skip
    return group


@transaction.atomic
def committee_save(
    *,
    actor: User,
    council: Council,
    name: str,
    committee: Committee | None = None,
    is_active: bool = True,
) -> Committee:
    """Add a committee to ``council`` or rename one (its address stays)."""
    require(actor, Capability.COUNCIL_COMPOSITION)
    name = plain_text(name, field="name", max_length=160, required=True)
    if committee is not None and committee.council_id != council.pk:
        raise ValidationError(_("This committee belongs to another council."))
    clash = Committee.objects.filter(council=council, name__iexact=name)
    if committee is not None:
        clash = clash.exclude(pk=committee.pk)
    if clash.exists():
        raise ValidationError({"name": _("The council already has a committee of that name.")})
    if committee is None:
        base = danish_slugify(name)[:70] or "udvalg"
        slug = slug_free(base, lambda s: Committee.objects.filter(council=council, slug=s).exists())
        committee = Committee.objects.create(
            council=council, name=name, slug=slug, is_active=is_active
        )
    else:
        committee.name, committee.is_active = name, is_active
        committee.save(update_fields=["name", "is_active"])
    audit_record(actor=actor, action=AUDIT_COMMITTEE_SAVED, target=council,
                 data={"committee": name, "active": is_active})  # fmt: skip
    return committee
