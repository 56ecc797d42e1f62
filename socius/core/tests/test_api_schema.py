"""The OpenAPI document against the API it describes.

Schema-based property tests (schemathesis, used as a library): the document is fetched from the
live test server at /api/openapi.json, and every operation gets requests generated from it,
valid ones and (where the document makes any request invalid) invalid ones, sent over HTTP.
Every answer goes through all of schemathesis's checks: no server error, a status the document
lists, its content type and body schema, valid data accepted and invalid data refused. The
demo content is loaded first, and the operations on one object are also called with the ids
of real objects, so the 200 answers are checked and not only the 404s. ``/api/me`` runs without
a session (401) and with a citizen's session (200).

Bounded and steady: at most ``MAX_EXAMPLES`` requests per operation and mode, derandomized
(the same requests every run), no deadline; nothing is printed unless it fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
import requests
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from socius.advice.models import Community
from socius.atlas.datasets.models import Dataset
from socius.atlas.housing.models import HousingArea
from socius.atlas.models import Indicator
from socius.core.models import Theme, Thread
from socius.council.models import CouncilItem, Endorsement
from socius.deliberation.models import Conversation
from socius.events.models import Event
from socius.grants import selectors as grants_selectors
from socius.procurement.enterprises.models import SocialEnterprise
from socius.proposals.models import Tally
from socius.search.api import SearchParams

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 20
DEMO_MODULES = (
    "core",
    "proposals",
    "deliberation",
    "grants",
    "advice",
    "search",
    "atlas",
    "atlas.datasets",
    "atlas.housing",
    "events",
    "procurement",
    "procurement.clauses",
    "procurement.enterprises",
    "plans",
    "knowledge",
    "council",
    "programme",
)
# The one operation whose 200 needs a signer's receipt, which only the signer ever holds.
NO_200_HERE = {"POST /api/proposals/receipts/proof"}


@pytest.fixture
def real_objects() -> dict[str, list[dict[str, str]]]:
    """The demo content, and the path parameters of real objects per operation."""
    with transaction.atomic():  # as seed_demo: the search index and engine run once, at commit
        for module in DEMO_MODULES:
            import_module(f"socius.{module}.demo").demo_seed()
    tallies = list(Tally.objects.select_related("proposal"))
    rounds = list(grants_selectors.round_list_public())
    conversations = [{"slug": c.slug} for c in Conversation.objects.all()]
    threads = [{"public_id": str(t)} for t in Thread.objects.values_list("public_id", flat=True)]
    endorsed = [
        {"kind": kind, "key": key}
        for kind, key in Endorsement.objects.values_list("target_kind", "target_key").distinct()
    ][:2]
    return {
        "GET /api/proposals/{proposal_id}/counts": [
            {"proposal_id": str(t.proposal.public_id)} for t in tallies
        ],
        "GET /api/proposals/{proposal_id}/counts/{day}/leaves": [
            {"proposal_id": str(t.proposal.public_id), "day": t.day.isoformat()} for t in tallies
        ],
        "GET /api/samtaler/{slug}": conversations,
        "GET /api/samtaler/{slug}/resultater": conversations,
        "GET /api/tilskud/{slug}": [{"slug": r.slug} for r in rounds],
        "GET /api/tilskud/{slug}/fordeling": [
            {"slug": r.slug} for r in rounds if grants_selectors.round_report_published(r)
        ],
        "GET /api/faellesskaber/{public_id}": [
            {"public_id": str(c.public_id)} for c in Community.objects.visible()
        ],
        "GET /api/atlas/indikatorer/{code}": [
            {"code": code} for code in Indicator.objects.values_list("code", flat=True)[:2]
        ],
        "GET /api/atlas/kommuner/{code}": [{"code": "751"}, {"code": "101"}],
        "GET /api/atlas/kommuner/{code}/lignende": [{"code": "751"}],
        "GET /api/datasaet/{slug}": [{"slug": d.slug} for d in Dataset.objects.public()],
        "GET /api/boligomraader/omraade/{slug}": [
            {"slug": slug} for slug in HousingArea.objects.values_list("slug", flat=True)[:2]
        ],
        "GET /api/boligomraader/segregering/{code}": [{"code": "751"}],
        "GET /api/procurement/ocds/{space}/releases": [{"space": "aarhus"}],
        "GET /api/procurement/ocds/{space}/records": [{"space": "aarhus"}],
        "GET /api/procurement/socialoekonomi/{slug}": [
            {"slug": slug}
            for slug in SocialEnterprise.objects.values_list("organisation__slug", flat=True)[:2]
        ],
        "GET /api/plans/outcomes/{code}": [{"code": "751"}],
        "GET /api/arrangementer/{slug}": [
            {"slug": slug} for slug in Event.objects.values_list("slug", flat=True)[:2]
        ],
        "GET /api/threads/{public_id}": threads,
        "GET /api/threads/{public_id}/csv": threads,
        "GET /api/council/items/{item_id}": [
            {"item_id": str(i)} for i in CouncilItem.objects.values_list("public_id", flat=True)
        ][:2],
        "GET /api/council/councils/{code}": [{"code": "751"}],
        "GET /api/programmes/{code}": [{"code": "751"}],
        "GET /api/endorsements/{kind}/{key}": endorsed,
        "GET /api/endorsements/{kind}/{key}/csv": endorsed,
    }


def _identities(client: Any) -> Iterator[dict[str, str] | None]:
    """Anonymous (schemathesis makes up any session cookie), then the demo citizen logged in
    (the session cookie is fixed to theirs)."""
    yield None
    client.force_login(get_user_model().objects.get(email="borger@socius.example"))
    name = django_settings.SESSION_COOKIE_NAME
    yield {name: client.cookies[name].value}


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    *,
    base_url: str,
    session: requests.Session,
    cookies: dict[str, str] | None,
    path_parameters: dict[str, str] | None,
    failures: set[str],
    statuses: set[int],
) -> None:
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(
            generation_mode=mode, path_parameters=path_parameters, cookies=cookies
        )
    )
    def run(case: Any) -> None:
        try:
            response = case.call_and_validate(base_url=base_url, session=session)
        except FailureGroup as group:
            for failure in group.exceptions:
                failures.add(
                    f"{operation.label} ({mode.value}): {failure.title}\n{failure}\n"
                    + case.as_curl_command()
                )
        else:
            statuses.add(response.status_code)

    try:
        run()
    except Unsatisfiable:
        # Only where no request is invalid: a path parameter declared as any string.
        assert mode is GenerationMode.NEGATIVE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_answers_as_its_openapi_document_says(live_server, client, real_objects):
    schema = schemathesis.openapi.from_url(live_server.url + "/api/openapi.json")
    failures: set[str] = set()
    statuses: dict[str, set[int]] = defaultdict(set)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    # Closed at the end: each keep-alive connection holds a live-server thread and its database
    # connection (PostgreSQL drops the test database only once none is left).
    with requests.Session() as session:
        for cookies in _identities(client):
            for operation in operations:
                if cookies and not operation.definition.raw.get("security"):
                    continue  # the public operations answer the same with a session
                modes = [GenerationMode.POSITIVE]
                if (list(operation.iter_parameters()) or operation.body) and not cookies:
                    modes.append(GenerationMode.NEGATIVE)
                for mode in modes:
                    for path_parameters in [None, *real_objects.get(operation.label, [])[:2]]:
                        _fuzz(
                            operation,
                            mode,
                            base_url=live_server.url,
                            session=session,
                            cookies=cookies,
                            path_parameters=path_parameters,
                            failures=failures,
                            statuses=statuses[operation.label],
                        )
    assert not failures, "\n\n".join(sorted(failures))
    # The answers checked include the real ones, not only refusals.
    assert {label for label, seen in statuses.items() if 200 not in seen} == NO_200_HERE
    assert 401 in statuses["GET /api/me"]


# Plain regression tests, one per part of the finding.

ERROR_STATUSES = {
    "/api/organisations": {"422"},
    "/api/me": {"401"},
    "/api/search": {"422"},
    "/api/proposals": {"422"},
    "/api/proposals.csv": {"422"},
    "/api/proposals/{proposal_id}/counts": {"404", "422"},
    "/api/proposals/{proposal_id}/counts/{day}/leaves": {"404", "422"},
    "/api/proposals/receipts/proof": {"400", "404", "422"},
    "/api/procurement/socialoekonomi": {"404", "422"},
    "/api/procurement/socialoekonomi/{slug}": {"404"},
    "/api/samtaler": {"422"},
    "/api/samtaler/{slug}": {"404"},
    "/api/samtaler/{slug}/resultater": {"404"},
    "/api/tilskud": {"422"},
    "/api/tilskud/{slug}": {"404"},
    "/api/tilskud/{slug}/fordeling": {"404"},
    "/api/faellesskaber": {"422"},
    "/api/faellesskaber/{public_id}": {"404"},
    "/api/atlas/indikatorer": {"422"},
    "/api/atlas/indikatorer/{code}": {"404"},
    "/api/atlas/kommuner/{code}": {"404", "422"},
    "/api/atlas/kommuner/{code}/lignende": {"404", "422"},
    "/api/atlas/sammenlign": {"404", "422"},
    "/api/datasaet": {"422"},
    "/api/datasaet/{slug}": {"404"},
    "/api/boligomraader": {"422"},
    "/api/boligomraader/omraade/{slug}": {"404"},
    "/api/boligomraader/segregering/{code}": {"404", "422"},
    "/api/boligomraader/generationsboliger": {"422"},
    "/api/arrangementer": {"422"},
    "/api/arrangementer/{slug}": {"404"},
    "/api/plans/outcomes/{code}": {"404"},
    "/api/threads": {"422"},
    "/api/threads/{public_id}": {"404", "422"},
    "/api/threads/{public_id}/csv": {"404", "422"},
    "/api/council/items": {"422"},
    "/api/council/items.csv": {"422"},
    "/api/council/decisions.csv": {"422"},
    "/api/council/items/{item_id}": {"404", "422"},
    "/api/council/councils/{code}": {"404", "422"},
    "/api/endorsements/{kind}/{key}": {"404", "422"},
    "/api/endorsements/{kind}/{key}/csv": {"404", "422"},
    "/api/programmes/{code}": {"404"},
}


def test_every_operation_lists_the_errors_it_answers_with_one_shared_shape(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, errors in ERROR_STATUSES.items():
        operation = paths[path].get("get") or paths[path]["post"]  # only the proof is a POST
        responses = operation["responses"]
        assert set(responses) == {"200", *errors}, path
        for status in errors:
            ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
            expected = "ValidationErrorOut" if status == "422" else "ErrorOut"
            assert ref == f"#/components/schemas/{expected}", (path, status)
    csv = paths["/api/proposals.csv"]["get"]["responses"]["200"]["content"]
    assert set(csv) == {"text/csv"}


def test_the_docs_page_shows_the_declared_answers(client):
    page = client.get("/api/docs").content.decode()
    assert '<a href="#schema-ErrorOut"><code>ErrorOut</code></a>' in page
    assert '<a href="#schema-ValidationErrorOut"><code>ValidationErrorOut</code></a>' in page
    assert "<code>text/csv</code>" in page


def test_each_declared_error_is_the_answer_given(client, citizen):
    assert client.get("/api/me").json() == {"detail": "Unauthorized"}
    assert client.get("/api/samtaler/ukendt").json() == {"detail": "Not Found"}
    detail = client.get("/api/tilskud", {"limit": 0}).json()["detail"]
    assert detail[0]["loc"] == ["query", "limit"]
    assert {"type", "loc", "msg"} <= set(detail[0])


@pytest.mark.parametrize(
    "url",
    [
        "/api/samtaler/a%2Fb",  # an encoded slash in a path parameter matches no route
        "/api/samtaler/a%2Fb/resultater",
        "/api/tilskud/%2F/fordeling",
        "/api/faellesskaber/%2F",
        "/api/findes-ikke",
    ],
)
def test_a_url_no_route_matches_gets_the_apis_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


def test_pages_keep_their_html_404(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def _parameter(paths: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    for parameter in paths[path]["get"]["parameters"]:
        if parameter["name"] == name:
            return parameter["schema"]
    raise AssertionError(f"{path} has no parameter {name}")


def test_search_declares_its_modules_and_kinds_as_enums(client):
    from socius.core import search_registry

    paths = client.get("/api/openapi.json").json()["paths"]
    module = _parameter(paths, "/api/search", "module")["anyOf"][0]
    kind = _parameter(paths, "/api/search", "kind")["anyOf"][0]
    assert module["enum"] == search_registry.modules()
    assert kind["enum"] == search_registry.kinds()
    assert {"proposals", "advice"} <= set(module["enum"])
    assert {"organisation", "community"} <= set(kind["enum"])
    # Every declared value is accepted; anything else answers 422.
    for value in module["enum"]:
        assert client.get("/api/search", {"q": "x", "module": value}).status_code == 200
    for value in kind["enum"]:
        assert client.get("/api/search", {"q": "x", "kind": value}).status_code == 200
    assert client.get("/api/search", {"q": "x", "kind": "politician"}).status_code == 422
    assert SearchParams.model_json_schema()["properties"]["kind"]["anyOf"][0]["enum"]


def test_the_directory_accepts_every_theme_and_code_its_document_allows(client):
    """Themes and municipalities are data, so the document declares their shape; a value of
    that shape naming nothing gives an empty list, not a refusal."""
    paths = client.get("/api/openapi.json").json()["paths"]
    theme = _parameter(paths, "/api/faellesskaber", "theme")["anyOf"][0]
    assert theme["pattern"] == "^[-a-zA-Z0-9_]*$"
    Theme.objects.filter(slug="aeldre").update(is_active=False)
    for params in [
        {"theme": "ingen-saadan"},
        {"theme": "aeldre"},  # retired
        {"municipality": "999"},
        {"q": "mad\x00"},
    ]:
        response = client.get("/api/faellesskaber", params)
        assert response.status_code == 200, params
        assert response.json()["count"] == 0
    assert client.get("/api/faellesskaber", {"theme": "<b>"}).status_code == 422


def test_no_two_response_schemas_share_a_name():
    # django-ninja names each schema in the OpenAPI document by its class name alone: a second
    # class of the same name (the council's and the forum's party groups, once) silently takes
    # the first one's place, and the document describes the wrong answer.
    from ninja import Schema

    from socius import api  # noqa: F401  (every router imported)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(Schema) if c.__module__.startswith("socius.")]
    names = [c.__name__ for c in ours]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
