"""Amounts in Danish kroner as people type and read them: "1.500,50 kr.".

Danish notation uses a dot between thousands and a comma before the øre, the reverse of
English. A parser that guessed would turn "1.500" into one and a half krone or "1,500" into
fifteen hundred, so ``parse_danish_amount`` accepts only forms with one meaning and refuses the
rest with a message saying how to write the amount. Only ASCII digits count: Python's
``Decimal`` and ``\\d`` would otherwise accept "١٢٣" or full-width digits.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

MAX_AMOUNT = Decimal(10_000_000_000)
# Longer input is not an amount; refusing it early keeps the parser's work bounded.
MAX_INPUT_LENGTH = 40
CENT = Decimal("0.01")

# Spaces people paste between thousands: normal, no-break, narrow no-break and thin space.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
_CURRENCY_PREFIX = re.compile(r"^(?:kr\.?|dkk)\s*", re.IGNORECASE)
_CURRENCY_SUFFIX = re.compile(r"\s*(?:kr\.?|dkk)$", re.IGNORECASE)
_NEGATIVE = re.compile(r"^[-\u2212\u2013(]")
# Whole kroner: plain digits, or groups of three after a dot or a space. "1.500 000" mixes
# separators and is refused. The øre part, if any, follows a comma; ",-" means "no øre".
_WHOLE = re.compile(
    r"(?:0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+)"
)
_AMOUNT = re.compile(rf"(?P<whole>{_WHOLE.pattern})(?:,(?P<ore>[0-9]+)|,-)?", re.ASCII)
_ENGLISH = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_MISPLACED_DOT = re.compile(r"\.(?![0-9]{3}(?![0-9]))")


class AmountError(ValueError):
    """Text that is not an amount in kroner, with a message saying how to write it.

    ``message`` stays lazy and ``code``/``params`` separate, for ``forms.ValidationError``."""

    def __init__(self, message: StrOrPromise, code: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def _too_large() -> AmountError:
    return AmountError(
        _("The amount is too large: at most %(limit)s."),
        "too_large",
        limit=format_danish_amount(MAX_AMOUNT),
    )


def _strip_currency(text: str) -> str:
    """Drop one "kr.", "kr" or "DKK" before or after the number."""
    without_prefix = _CURRENCY_PREFIX.sub("", text, count=1)
    if without_prefix != text:
        return without_prefix
    return _CURRENCY_SUFFIX.sub("", text, count=1)


def _explain_refusal(number: str) -> AmountError:
    """The most helpful message for text that is not an amount in Danish notation."""
    if _NEGATIVE.match(number):
        return AmountError(_("The amount cannot be negative."), "negative")
    if _ENGLISH.match(number):
        return AmountError(
            _(
                "Write the amount the Danish way, with a dot between thousands and a comma "
                "before the øre, for example 1.500,50 kr."
            ),
            "english_notation",
        )
    if re.fullmatch(r"[0-9. ]*,[0-9]{3,}", number):
        return AmountError(
            _("Use at most 2 decimals (øre), for example 12,50 kr."), "too_many_decimals"
        )
    if re.fullmatch(r"[0-9.]+", number) and _MISPLACED_DOT.search(number):
        return AmountError(
            _(
                "A dot separates thousands and is followed by 3 digits. "
                "Use a comma for decimals, for example 12,50 kr."
            ),
            "misplaced_dot",
        )
    return AmountError(_("Enter an amount in kroner, for example 1.500,50 kr."), "invalid")


def parse_danish_amount(text: str) -> Decimal:
    """Read an amount as a Dane types it ("1.500,50 kr.", "1 500 kr", "kr. 1.500", "12,5").

    Returns the amount in kroner with exactly 2 decimals. Raises AmountError (with a ``code``)
    for empty text, negative amounts, letters or other symbols, more than 2 decimals, English
    notation ("1,500.50"), a dot not followed by exactly 3 digits ("1.50"), or more than
    10 billion kroner.
    """
    if len(text) > MAX_INPUT_LENGTH:
        raise AmountError(_("That is too long to be an amount."), "too_long")
    cleaned = text.translate(_SPACES).strip()
    if not cleaned:
        raise AmountError(_("Enter an amount."), "empty")
    number = _strip_currency(cleaned)
    match = _AMOUNT.fullmatch(number)
    if match is None:
        raise _explain_refusal(number)
    whole = match["whole"].replace(".", "").replace(" ", "")
    ore = match["ore"] or ""
    if len(ore) > 2:
        raise _explain_refusal(number)
    amount = Decimal(f"{whole}.{ore or '0'}")
    if amount > MAX_AMOUNT:  # before quantize, which fails past 28 digits
        raise _too_large()
    return amount.quantize(CENT)


def _format_number(amount: Decimal | int) -> str:
    """ "1.500,50" or "1.500": 2 decimals (half up, as on an invoice) unless they are zero."""
    try:
        value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        value = Decimal("NaN")  # too many digits for Decimal's context, or infinite
    if not value.is_finite():
        raise AmountError(_("Enter an amount in kroner, for example 1.500,50 kr."), "invalid")
    sign = "-" if value < 0 else ""
    whole, cents = divmod(abs(value), 1)
    grouped = f"{int(whole):,}".replace(",", ".")
    if cents == 0:
        return f"{sign}{grouped}"
    return f"{sign}{grouped},{int(cents * 100):02d}"


def format_danish_amount(amount: Decimal | int) -> str:
    """An amount the way Danes read it: "1.500,50 kr.", and "1.500 kr." for whole kroner.

    ``parse_danish_amount`` reads every result back to the same amount (for 0 and up)."""
    return f"{_format_number(amount)} kr."


class DanishAmountField(forms.CharField):
    """A text field for kroner that cleans to a Decimal with 2 decimals.

    A text field rather than a number input because browsers' number inputs disagree about
    commas and dots; this one accepts what people type and says exactly what is wrong."""

    unit = "kr."  # shown after the input (forms/field.html)
    default_error_messages = {
        "min_value": _("The amount must be at least %(limit)s."),
        "max_value": _("The amount must be at most %(limit)s."),
    }

    def __init__(
        self,
        *,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        **kwargs: Any,
    ) -> None:
        self.min_value = None if min_value is None else Decimal(min_value)
        self.max_value = None if max_value is None else Decimal(max_value)
        # CharField's max_length would validate len() of the cleaned Decimal; the parser
        # bounds the length itself.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_danish_amount(str(text))
        except AmountError as exc:
            raise forms.ValidationError(exc.message, code=exc.code, params=exc.params) from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": format_danish_amount(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_danish_amount(self.max_value)},
            )

    def prepare_value(self, value: Any) -> Any:
        # An initial Decimal would render as "1500.50", which the parser refuses on submit.
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return _format_number(value)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.TextInput):
            # Phones show a keypad with a comma; maxlength matches the parser's limit.
            attrs.update({"inputmode": "decimal", "maxlength": str(MAX_INPUT_LENGTH)})
        return attrs
