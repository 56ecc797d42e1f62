import json

import pytest

from socius.procurement.ocds.schemas import (
    RELEASE_SCHEMA_URI,
    SCHEMA_DIR,
    Validator,
    merge_patch,
    record_package_schema,
    release_package_schema,
    release_schema,
)

ENGINES = ["jsonschema", "rs"]

MINIMAL = {
    "ocid": "ocds-socdev-1",
    "id": "ocds-socdev-1-1",
    "date": "2026-03-01T00:00:00+01:00",
    "tag": ["tender"],
    "initiationType": "tender",
    "tender": {"id": "T-1"},
}


@pytest.mark.parametrize(
    ("target", "patch", "result"),
    [
        # RFC 7386, appendix A.
        ({"a": "b"}, {"a": "c"}, {"a": "c"}),
        ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
        ({"a": "b"}, {"a": None}, {}),
        ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
        ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
        ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
        ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
        ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
        (["a", "b"], ["c", "d"], ["c", "d"]),
        ({"a": "b"}, ["c"], ["c"]),
        ({"a": "foo"}, None, None),
        ({"a": "foo"}, "bar", "bar"),
        ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
        ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
        ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
    ],
)
def test_merge_patch_follows_rfc_7386(target, patch, result):
    assert merge_patch(target, patch) == result


def test_merge_patch_leaves_the_target_unchanged():
    target = {"a": {"b": 1}}
    merge_patch(target, {"a": {"b": 2}})
    assert target == {"a": {"b": 1}}


def test_the_vendored_schemas_are_ocds_1_1_5():
    assert release_schema()["id"] == RELEASE_SCHEMA_URI
    assert "1__1__5" in release_package_schema()["id"]
    assert "1__1__5" in record_package_schema()["id"]
    assert release_package_schema()["properties"]["releases"]["items"]["$ref"] == RELEASE_SCHEMA_URI


def test_the_sustainability_extension_is_merged_without_changing_the_files():
    merged = release_schema()
    tender = merged["definitions"]["Tender"]["properties"]
    assert tender["hasSustainability"]["type"] == ["boolean", "null"]
    assert tender["sustainability"]["items"] == {"$ref": "#/definitions/Sustainability"}
    # The core fields stay as they were.
    assert tender["procurementMethod"]["enum"][:2] == ["open", "selective"]
    on_disk = json.loads((SCHEMA_DIR / "release-schema.json").read_text())
    assert "hasSustainability" not in on_disk["definitions"]["Tender"]["properties"]
    extension = json.loads((SCHEMA_DIR / "sustainability" / "extension.json").read_text())
    assert extension["schemas"] == ["release-schema.json"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_minimal_release_is_valid(engine):
    assert Validator(engine=engine).release_errors(MINIMAL) == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"date": "1. marts 2026"}, "/date"),
        ({"date": "2026-03-01T00:00:00"}, "/date"),  # no time zone
        ({"tag": []}, "/tag"),
        ({"initiationType": "auction"}, "/initiationType"),
        ({"tender": {"id": "T", "status": "open"}}, "/tender/status"),
        (
            {"tender": {"id": "T", "value": {"amount": "5 mio.", "currency": "DKK"}}},
            "/tender/value/amount",
        ),
        (
            {"tender": {"id": "T", "value": {"amount": 5, "currency": "kr"}}},
            "/tender/value/currency",
        ),
        ({"tender": {"id": "T", "hasSustainability": "yes"}}, "/tender/hasSustainability"),
        ({"tender": {"id": "T", "sustainability": []}}, "/tender/sustainability"),
        ({"tender": {"id": "T", "sustainability": [{}]}}, "/tender/sustainability/0"),
        ({"awards": [{"title": "no id"}]}, "/awards/0"),
        (
            {"parties": [{"id": "x", "address": {"country": "Danmark"}}]},
            "/parties/0/address/country",
        ),
    ],
)
def test_an_invalid_release_is_caught(engine, change, path):
    errors = Validator(engine=engine).release_errors({**MINIMAL, **change})
    assert errors, "the validation must be able to fail"
    assert path in {e.path for e in errors}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_missing_required_field_is_caught(engine):
    release = {k: v for k, v in MINIMAL.items() if k != "ocid"}
    errors = Validator(engine=engine).release_errors(release)
    assert [e.path for e in errors] == ["/"]
    assert "ocid" in errors[0].message


@pytest.mark.parametrize("engine", ENGINES)
def test_a_package_checks_its_releases_against_the_extended_release_schema(engine):
    package = {
        "version": "1.1",
        "releases": [{**MINIMAL, "tender": {"id": "T", "hasSustainability": 1}}],
    }
    errors = Validator(engine=engine).release_package_errors(package)
    assert [e.path for e in errors] == ["/releases/0/tender/hasSustainability"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_versioned_release_is_refused_without_fetching_its_schema(engine):
    package = {
        "uri": "https://socius.example/r.json",
        "version": "1.1",
        "publisher": {"name": "Aarhus Kommune"},
        "publishedDate": "2026-03-01T00:00:00Z",
        "records": [{"ocid": "x", "releases": [MINIMAL], "versionedRelease": {}}],
    }
    errors = Validator(engine=engine).record_package_errors(package)
    assert [e.path for e in errors] == ["/records/0/versionedRelease"]


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine"):
        Validator(engine="lxml")
