"""The fixed lists of needs a registration may state (GDPR art. 9: they can reveal health or
religion). Codes only, never free text about health: "other" tells the organiser to ask."""

from django.utils.translation import gettext_lazy as _

DIETARY_NEEDS: dict[str, object] = {
    "vegetarian": _("Vegetarian"),
    "vegan": _("Vegan"),
    "no_pork": _("No pork"),
    "gluten_free": _("Gluten-free"),
    "lactose_free": _("Lactose-free"),
    "nut_free": _("No nuts"),
    "other": _("Other (the organiser will contact you)"),
}
ACCESS_NEEDS: dict[str, object] = {
    "wheelchair": _("Wheelchair space"),
    "step_free": _("Step-free access"),
    "hearing_loop": _("Hearing loop"),
    "sign_language": _("Sign-language interpreter"),
    "assistance_dog": _("Assistance dog"),
    "companion": _("Helper comes along"),
    "other": _("Other (the organiser will contact you)"),
}


def needs_choices(codes: dict[str, object]) -> list[tuple[str, object]]:
    return list(codes.items())
