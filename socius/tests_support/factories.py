from __future__ import annotations

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model

from socius.core.models import Membership, Municipality, Organisation, RoleAssignment, Theme

PASSWORD = "Correct-Horse-42"  # noqa: S105
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"  # noqa: S105


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator code a test user would type now, computed from the secret as an
    authenticator app does. It never waits: the tests accept one window either side
    (MFA_TOTP_TOLERANCE in conftest.py), so a code read at a window's edge still works when
    the request reaches the server in the next window."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    name = factory.Faker("name", locale="da_DK")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, role=role)

    @factory.post_generation
    def totp(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            TOTP.activate(self, TOTP_SECRET)


def has_totp(user: object) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Forening nummer {n}")
    slug = factory.Sequence(lambda n: f"forening-{n}")
    kind = Organisation.Kind.ASSOCIATION
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="751"))

    @factory.post_generation
    def contact(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not None:
            Membership.objects.create(
                organisation=self, user=extracted, role=Membership.Role.CONTACT
            )


def theme(slug: str = "hjemloeshed") -> Theme:
    return Theme.objects.get(slug=slug)
