import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from socius.core.roles import Role
from socius.core.search_registry import Document
from socius.grants import services as grant_services
from socius.grants.models import Pool
from socius.search.services import document_upsert
from socius.tests_support.factories import OrganisationFactory, UserFactory


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (and so the immediate search tasks) of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def add_doc(db):
    def add(pk, title, body="", kind="organisation", module="core", themes=(), published=None):
        return document_upsert(
            kind=kind,
            pk=pk,
            document=Document(
                title=title,
                body=body,
                url=f"/x/{pk}/",
                kind=kind,
                module=module,
                themes=tuple(themes),
                published=published,
            ),
        )

    return add


@pytest.fixture
def case_handler(db):
    return UserFactory(roles=[Role.CASE_HANDLER], totp=True)


@pytest.fixture
def pool(db):
    return Pool.objects.create(
        name="§ 18-midler", slug="paragraf-18", description="Støtte til frivilligt socialt arbejde"
    )


@pytest.fixture
def make_round(pool, case_handler):
    def make(name="Puljen til fællesskaber 2027", open_it=True):
        now = timezone.now()
        round_ = grant_services.round_create(
            actor=case_handler,
            pool=pool,
            name=name,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30),
            budget=Decimal(100_000),
        )
        if open_it:
            grant_services.round_open(actor=case_handler, round_=round_)
        return round_

    return make


@pytest.fixture
def organisation_factory(db):
    return OrganisationFactory
