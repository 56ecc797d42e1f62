"""Pupils: joining a class with its code and a pseudonym, signing in again with a personal
code, the teacher's new code, a guardian's consent and removal.

Threat model of the pupil accounts. A pupil has no e-mail address and no password: the
account is reached only with the class code, the pseudonym and the personal code together.

* The class code is shown in class and is semi-public; it only lets a person *join* (a new
  account with a new pseudonym, which the teacher sees and can remove), never reach another
  pupil's account. It expires after 14 days and the teacher can end it at once.
* The personal code (three common words and two digits: about 2 * 10^8 combinations with
  the word list below) is the secret. It is stored only as a keyed hash (HMAC-SHA256 under
  a key derived from SECRET_KEY, ``core.crypto.secret_digest``), shown once when made, and
  never again: a forgotten code is replaced by the teacher, which ends the old one. A copy
  of the database alone gives nothing to guess against offline. A slow password hash
  (Argon2) would not make so small a code space safe against someone who also has the key,
  and it cost about a second of CPU per join when a whole class joins in the same minute.
* Online guessing: signing in gives the same answer for every wrong combination (class code,
  pseudonym or personal code), checks one hash whether or not the pupil exists (a dummy hash
  otherwise), and failures are rate limited per client address and per class code and
  pseudonym in the shared cache (``views_pupils``). A classmate who knows the class code and a
  pseudonym still has to guess the personal code within those limits.
* Out of scope: a pupil who shows their code to someone, and a teacher who misuses their own
  class (the teacher is a verified adult answerable to the school).

Pseudonyms are never public, never in search and never in audit data (entries name pupils by
id). Nothing here sends mail: a pupil's address is under ``.invalid``.
"""

from __future__ import annotations

import datetime
import re
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.crypto import secret_digest, secret_digest_matches
from socius.school.access import teacher_is_verified
from socius.school.audit_classes import (
    AUDIT_PUPIL_CODE_RESET,
    AUDIT_PUPIL_CONSENT,
    AUDIT_PUPIL_JOINED,
    AUDIT_PUPIL_REMOVED,
)
from socius.school.models import PUPIL_EMAIL_DOMAIN, ConsentBasis, Pupil, SchoolClass
from socius.school.services_classes import CLASS_MAX_PUPILS

if TYPE_CHECKING:
    from socius.accounts.models import User

# Short, common Danish words without æ, ø and å (easy to type on any keyboard), none of them
# rude or sad: a pupil writes three of them down.
WORDS = (
    "abe",
    "bad",
    "bag",
    "banan",
    "bi",
    "bil",
    "bjerg",
    "blad",
    "blomst",
    "bog",
    "bold",
    "bord",
    "bro",
    "bue",
    "bus",
    "by",
    "citron",
    "cykel",
    "dag",
    "dal",
    "dans",
    "drage",
    "due",
    "dyr",
    "egern",
    "elg",
    "eng",
    "falk",
    "fisk",
    "fjer",
    "flag",
    "fly",
    "fod",
    "frugt",
    "fugl",
    "gave",
    "giraf",
    "glas",
    "gran",
    "gren",
    "guld",
    "haj",
    "hare",
    "hat",
    "hav",
    "hest",
    "hjem",
    "hjort",
    "hjul",
    "hund",
    "hus",
    "hval",
    "is",
    "kage",
    "kamel",
    "kano",
    "kasse",
    "kat",
    "kiwi",
    "klit",
    "klo",
    "ko",
    "kop",
    "kost",
    "krabbe",
    "kran",
    "krone",
    "kuffert",
    "kurv",
    "lam",
    "lama",
    "lampe",
    "land",
    "los",
    "lys",
    "mango",
    "mark",
    "mos",
    "motor",
    "mus",
    "myre",
    "nat",
    "net",
    "odder",
    "ost",
    "panda",
    "pil",
    "pind",
    "pirat",
    "pizza",
    "plante",
    "pony",
    "pose",
    "pude",
    "radio",
    "raket",
    "ravn",
    "regn",
    "ris",
    "robot",
    "sand",
    "sild",
    "skib",
    "sko",
    "skov",
    "sky",
    "sne",
    "sol",
    "sommer",
    "spil",
    "sten",
    "stjerne",
    "strand",
    "tag",
    "taske",
    "te",
    "tiger",
    "tog",
    "tromme",
    "ugle",
    "ulv",
    "vand",
    "vej",
    "vind",
    "vinter",
    "zebra",
)
_WORD_LIST = tuple(sorted(set(WORDS)))

PSEUDONYM_MAX = 40
_TAG = re.compile(r"<[^>]*>|[<>]")

CODE_PURPOSE = b"school.pupil"
# A digest to check when no pupil matches, so a wrong class code or pseudonym costs the same
# work as a wrong personal code (it matches no code).
_DUMMY_DIGEST = "0" * 64


def pupil_code_digest(personal_code: str) -> str:
    """What is stored of a personal code (see the threat model above)."""
    return secret_digest(pupil_code_normalise(personal_code), purpose=CODE_PURPOSE)


def pupil_code_matches(typed: str, stored: str) -> bool:
    """Whether the typed personal code is the one ``stored`` was made from."""
    return secret_digest_matches(pupil_code_normalise(typed), stored, purpose=CODE_PURPOSE)


def pupil_code_new() -> str:
    """A personal code such as "sol-ravn-42": three words and two digits, from ``secrets``."""
    words = [secrets.choice(_WORD_LIST) for _ in range(3)]
    return "-".join([*words, f"{secrets.randbelow(100):02d}"])


def pupil_code_normalise(text: str) -> str:
    """What the pupil typed, as the code was made: lower case, words joined by "-"."""
    return "-".join(re.split(r"[\s\-_.,]+", (text or "").strip().lower())).strip("-")


def class_code_normalise(text: str) -> str:
    """A class code as typed: spaces and dashes dropped, upper case."""
    return re.sub(r"[\s\-]+", "", (text or "")).upper()


def pseudonym_clean(text: str) -> str:
    """The pseudonym with spaces tidied; raises ValidationError (on ``pseudonym``) when it is
    empty, too long, looks like an e-mail address, is only digits or holds HTML."""
    pseudonym = " ".join((text or "").split())
    if not pseudonym:
        message = _("Choose a made-up name.")
    elif len(pseudonym) > PSEUDONYM_MAX:
        message = _("Use at most 40 characters.")
    elif "@" in pseudonym:
        message = _("Do not use an e-mail address. Choose a made-up name.")
    elif pseudonym.replace(" ", "").isdigit():
        message = _("Use letters, not only numbers.")
    elif _TAG.search(pseudonym) or strip_tags(pseudonym) != pseudonym:
        message = _("Do not use < or > in your name.")
    else:
        return pseudonym
    raise ValidationError({"pseudonym": message})


def _class_for_code(code: str, now: datetime.datetime) -> SchoolClass:
    wrong = ValidationError({"code": _("We do not know that code. Check it and try again.")})
    code = class_code_normalise(code)
    if not code:
        raise wrong
    school_class = (
        SchoolClass.objects.select_for_update().filter(code=code, archived_at__isnull=True).first()
    )
    if school_class is None:
        raise wrong
    if school_class.code_expires_at <= now:
        raise ValidationError({"code": _("The code has expired. Ask your teacher for a new one.")})
    if not school_class.joining_open:
        raise ValidationError({"code": _("The class is closed. Ask your teacher.")})
    return school_class


def _pseudonym_taken() -> ValidationError:
    return ValidationError(
        {"pseudonym": _("Someone in the class already has that name. Choose another one.")}
    )


@transaction.atomic
def pupil_join(
    *, code: str, pseudonym: str, under_15: bool, now: datetime.datetime | None = None
) -> tuple[Pupil, str]:
    """A pupil joins the class whose code they typed, under a pseudonym. Returns the pupil
    and their personal code (shown to them once; only its hash is kept).

    The class row is locked while the pupil is added, so the 41st pupil and two pupils taking
    the same pseudonym at once are refused cleanly (the unique constraint is the last word)."""
    now = now or timezone.now()
    pseudonym = pseudonym_clean(pseudonym)
    school_class = _class_for_code(code, now)
    if school_class.pupils.count() >= CLASS_MAX_PUPILS:
        raise ValidationError({"code": _("The class is full. Talk to your teacher.")})
    if school_class.pupils.filter(pseudonym__iexact=pseudonym).exists():
        raise _pseudonym_taken()
    personal_code = pupil_code_new()
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                email=f"{secrets.token_hex(12)}@{PUPIL_EMAIL_DOMAIN}", password=None, name=pseudonym
            )
            pupil = Pupil.objects.create(
                school_class=school_class,
                user=user,
                pseudonym=pseudonym,
                access_code=pupil_code_digest(personal_code),
                under_15=under_15,
            )
    except IntegrityError as exc:
        # Another pupil took the same name between our check and our insert.
        raise _pseudonym_taken() from exc
    audit_record(actor=user, action=AUDIT_PUPIL_JOINED, target=school_class)
    return pupil, personal_code


def pupil_authenticate(*, code: str, pseudonym: str, personal_code: str) -> Pupil | None:
    """The pupil the three match, or None for any wrong combination. Always checks one hash,
    so the time taken does not tell which part was wrong."""
    pseudonym = " ".join((pseudonym or "").split())
    pupil = (
        Pupil.objects.select_related("school_class", "user")
        .filter(
            school_class__code=class_code_normalise(code),
            school_class__archived_at__isnull=True,
            pseudonym__iexact=pseudonym,
            user__is_active=True,
        )
        .first()
        if pseudonym and len(pseudonym) <= PSEUDONYM_MAX
        else None
    )
    typed = pupil_code_normalise(personal_code)[:100]
    if pupil is None:
        pupil_code_matches(typed, _DUMMY_DIGEST)
        return None
    return pupil if pupil_code_matches(typed, pupil.access_code) else None


def _require_teacher_of(actor: User, pupil: Pupil) -> None:
    if not teacher_is_verified(actor) or pupil.school_class.teacher_id != actor.pk:
        raise PermissionDenied


@transaction.atomic
def pupil_code_reset(*, actor: User, pupil: Pupil) -> str:
    """The teacher gives the pupil a new personal code (the old one stops working); returns it
    to be shown once to the teacher."""
    _require_teacher_of(actor, pupil)
    personal_code = pupil_code_new()
    pupil.access_code = pupil_code_digest(personal_code)
    pupil.save(update_fields=["access_code", "updated_at"])
    audit_record(actor=actor, action=AUDIT_PUPIL_CODE_RESET, target=pupil)
    return personal_code


@transaction.atomic
def pupil_consent_set(
    *, actor: User, pupil: Pupil, given: bool, now: datetime.datetime | None = None
) -> Pupil:
    """The teacher records that a guardian consented (or that the consent was withdrawn).
    Only for classes whose legal basis is consent."""
    _require_teacher_of(actor, pupil)
    if pupil.school_class.consent_basis != ConsentBasis.CONSENT:
        raise ValidationError(_("This class does not use consent as its legal basis."))
    if given == (pupil.guardian_consent_at is not None):
        return pupil
    pupil.guardian_consent_at = (now or timezone.now()) if given else None
    pupil.guardian_consent_by = actor if given else None
    pupil.save(update_fields=["guardian_consent_at", "guardian_consent_by", "updated_at"])
    audit_record(actor=actor, action=AUDIT_PUPIL_CONSENT, target=pupil, data={"given": given})
    return pupil


def pupil_account_delete(pupil: Pupil) -> None:
    """Delete the pupil and their account. Should another part keep a row that must not
    lose its author, the account is emptied and closed instead of deleted."""
    user = pupil.user
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError:
        Pupil.objects.filter(pk=pupil.pk).delete()
        user.name = ""
        user.email = f"deleted-{user.public_id}@anonymised.invalid"
        user.is_active = False
        user.anonymised_at = timezone.now()
        user.set_unusable_password()
        user.save(
            update_fields=["name", "email", "is_active", "anonymised_at", "password", "updated_at"]
        )


@transaction.atomic
def pupil_remove(*, actor: User, pupil: Pupil) -> None:
    """The teacher removes a pupil from the class: the pupil and their account are deleted."""
    _require_teacher_of(actor, pupil)
    audit_record(actor=actor, action=AUDIT_PUPIL_REMOVED, target=pupil)
    pupil_account_delete(pupil)
