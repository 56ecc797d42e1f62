"""Template helpers every module uses: ``{% load socius %}``."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from django import forms, template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from socius.core.money import format_danish_amount
from socius.core.plain_language import Lix, lix

register = template.Library()


@register.filter(name="lix")
def lix_filter(text: str | None) -> Lix | None:
    """``{{ text|lix }}``: the LIX result (``.score``, ``.band``, ``.is_plain``) or None."""
    return lix(text or "")


@register.inclusion_tag("core/includes/lix_badge.html")
def lix_badge(text: str | None) -> dict[str, Any]:
    """``{% lix_badge text %}``: the score and its band, with a warning above the target."""
    return {"result": lix(text or "")}


@cache
def _icon(name: str) -> SafeString:
    href = escape(f"{static('vendor/dkfds/img/all-svg-icons.svg')}#{name}")
    return mark_safe(  # noqa: S308 - the escaped URL of our own file
        f'<svg class="icon-svg" focusable="false" aria-hidden="true"><use href="{href}"></use></svg>'
    )


@receiver(setting_changed)
def _forget_icons(*, setting: str, **kwargs: Any) -> None:
    if setting in {"STATIC_URL", "STORAGES"}:
        _icon.cache_clear()


@register.simple_tag
def icon(name: str) -> SafeString:
    """A DKFDS icon from the vendored sprite; decorative, so hidden from screen readers. Made
    once per name in each process (the sprite's hashed URL does not change while it runs)."""
    return _icon(str(name))


@register.simple_tag(takes_context=True)
def personal(context: template.Context, name: str) -> SafeString:
    """``{% personal "includes/header_user.html" %}``: the logged-in person's own part of the
    layout (name, links, unread count, log-out form), rendered once per request however often
    the page shows it (the desktop bar and the mobile menu), with the small context of
    ``core.cache.personal_context``. While a page is kept for members
    (``core.cache.member_page``) it writes a placeholder, filled in for each person."""
    from socius.core.cache import SHELL_FLAG, personal_placeholder, render_personal

    request = context.get("request")
    if request is None:
        engine = context.template.engine  # type: ignore[union-attr]
        return mark_safe(engine.get_template(name).render(context))  # noqa: S308
    if getattr(request, SHELL_FLAG, False):
        return mark_safe(personal_placeholder(name))  # noqa: S308 - a comment of our own
    return render_personal(name, request)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    """``{% breadcrumbs _("Themes") themes_url theme.title %}``: label/url pairs, the last
    label (the current page) without a url. The front page is always first."""
    items = list(parts)
    crumbs = []
    while items:
        label = items.pop(0)
        url = items.pop(0) if items else None
        crumbs.append((label, url))
    return {"crumbs": crumbs}


_CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@register.filter
def field_kind(field: forms.BoundField) -> str:
    """How DKFDS lays the field out: choices, checkbox, select, textarea or input."""
    widget = field.field.widget
    if isinstance(widget, _CHOICE_WIDGETS):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.filter
def dkfds(field: forms.BoundField) -> forms.BoundField:
    """Give the widget DKFDS's class and tie it to its error message for screen readers."""
    widget = field.field.widget
    kind = field_kind(field)
    css = {
        "choices": "form-checkbox"
        if isinstance(widget, forms.CheckboxSelectMultiple)
        else "form-radio",
        "checkbox": "form-checkbox",
        "select": "form-select",
        "textarea": "form-input",
        "input": "form-input",
    }[kind]
    widget.attrs["class"] = css
    described = [f"{field.auto_id}_helptext"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}_error")
        widget.attrs["aria-invalid"] = "true"
    if described and kind != "choices":
        widget.attrs["aria-describedby"] = " ".join(described)
    return field


@register.inclusion_tag("core/includes/responsible.html")
def responsible_authority(municipality: Any = None, *, advice: bool = False) -> dict[str, Any]:
    """Name the authority responsible for a municipal scheme, with its contact and a link to
    its space; nothing when the municipality does not take part (one query).
    ``advice=True``: the municipality that runs the community advice service."""
    from socius.core.selectors import municipal_space_for, municipal_space_for_advice

    space = municipal_space_for_advice() if advice else municipal_space_for(municipality)
    return {"space": space}


@register.filter
def fields_with_errors(form: forms.BaseForm) -> list[forms.BoundField]:
    """The form's fields that have errors, in the order they appear on the page."""
    return [field for field in form if field.errors]


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id an error summary links to: the input, or a group's first choice."""
    if field_kind(field) == "choices":
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def kroner(amount_ore: int | None) -> str:
    """``{{ amount_ore|kroner }}``: an amount kept in øre as Danes read it ("1.500,50 kr.");
    the one filter every module's templates use for money."""
    if amount_ore is None or isinstance(amount_ore, bool):
        return ""
    return format_danish_amount(Decimal(int(amount_ore)) / 100)
