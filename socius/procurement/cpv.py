"""The Common Procurement Vocabulary (CPV 2008, Regulation (EC) No 213/2008).

A CPV code is 8 digits and a check digit, "45000000-7". The tree is in the trailing zeros:
"45000000" is a division, "45200000" a group under it, "45210000" a class under that. The
vocabulary lives in ``data/cpv2008.tsv`` (see the README beside it for its source, licence and
scope): codes in the file are checked against their check digit; a code missing from the file
is accepted only when its division is known and it carries a check digit (see the README for
why: without the full vocabulary its check digit cannot be verified).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).parent / "data" / "cpv2008.tsv"
_CODE = re.compile(r"([0-9]{8})(?:-([0-9]))?", re.ASCII)
MAX_INPUT = 40


@dataclass(frozen=True)
class CpvEntry:
    code: str  # "45000000-7"
    en: str
    da: str


@cache
def _vocabulary() -> dict[str, CpvEntry]:
    """The vocabulary by its 8 digits, read once."""
    entries: dict[str, CpvEntry] = {}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        code, en, da = line.split("\t")
        entries[code[:8]] = CpvEntry(code=code, en=en, da=da)
    return entries


@cache
def _known_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """The divisions (2 digits) and groups (3 digits) the vocabulary lists."""
    digits = _vocabulary().keys()
    divisions = frozenset(d[:2] for d in digits)
    groups = frozenset(d[:3] for d in digits if d[2] != "0")
    return divisions, groups


def cpv_normalise(text: str) -> str:
    """ "45000000-7", "45000000" or " 45000000 - 7 " -> "45000000-7".

    Raises ValidationError for text that is not a code, a wrong check digit, or a code the
    vocabulary does not know."""
    cleaned = re.sub(r"\s+", "", str(text or ""))[:MAX_INPUT]
    match = _CODE.fullmatch(cleaned)
    if match is None:
        raise ValidationError(
            _("Enter a CPV code of 8 digits and a check digit, for example 45000000-7."),
            code="cpv_format",
        )
    digits, check = match.group(1), match.group(2)
    entry = _vocabulary().get(digits)
    if entry is not None:
        if check is not None and entry.code[-1] != check:
            raise ValidationError(
                _("The check digit of %(code)s is wrong: the code is %(right)s."),
                code="cpv_check_digit",
                params={"code": cleaned, "right": entry.code},
            )
        return entry.code
    divisions, _groups = _known_prefixes()
    if digits[:2] not in divisions:
        raise ValidationError(
            _("%(code)s is not a code in the CPV vocabulary."),
            code="cpv_unknown",
            params={"code": cleaned},
        )
    if check is None:
        raise ValidationError(
            _("Add the check digit after a dash, for example 45000000-7."),
            code="cpv_no_check_digit",
        )
    return f"{digits}-{check}"


def _entry(code: str) -> CpvEntry | None:
    return _vocabulary().get(re.sub(r"[^0-9]", "", code or "")[:8])


def cpv_label(code: str) -> str:
    """The label in Danish when the active language is Danish, else English; "" if unknown."""
    entry = _entry(code)
    if entry is None:
        return ""
    return entry.da if (get_language() or "da").startswith("da") else entry.en


def cpv_search(term: str, *, limit: int = 20) -> list[tuple[str, str]]:
    """Codes starting with ``term``'s digits, or whose label holds every word of ``term``."""
    term = (term or "").strip()[:100]
    if not term:
        return []
    digits = re.sub(r"[^0-9]", "", term)
    words = [w for w in re.split(r"\W+", term.casefold()) if w and not w.isdigit()]
    found: list[tuple[str, str]] = []
    for key, entry in _vocabulary().items():
        label = cpv_label(entry.code)
        if (digits and not words and key.startswith(digits)) or (
            words and all(w in entry.da.casefold() or w in entry.en.casefold() for w in words)
        ):
            found.append((entry.code, label))
            if len(found) >= limit:
                break
    return found


def _significant(digits: str) -> str:
    return digits.rstrip("0")


def cpv_covers(offered: str, wanted: str) -> bool:
    """True when ``offered`` is ``wanted`` or an ancestor of it in the CPV tree."""
    a = re.sub(r"[^0-9]", "", offered or "")[:8]
    b = re.sub(r"[^0-9]", "", wanted or "")[:8]
    if len(a) != 8 or len(b) != 8:
        return False
    prefix = _significant(a)
    if len(prefix) < 2:  # a division keeps both its digits ("10000000" is "10")
        prefix = a[:2]
    return b.startswith(prefix)


def cpv_kind(code: str) -> str:
    """ "works" for division 45, "services" for 50 to 98, else "supplies"."""
    division = int((re.sub(r"[^0-9]", "", code or "") + "00")[:2])
    if division == 45:
        return "works"
    if 50 <= division <= 98:
        return "services"
    return "supplies"


class CpvCodeField(forms.CharField):
    """A text input for one CPV code; cleans to "45000000-7" and shows the label after."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_INPUT)
        kwargs.setdefault("help_text", _("8 digits and a check digit, for example 45000000-7."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if text in self.empty_values:
            return ""
        code = cpv_normalise(text)
        label = cpv_label(code)
        if label:
            self.help_text = f"{code}: {label}"
        return code
