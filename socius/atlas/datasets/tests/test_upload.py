"""Uploads through the service a researcher's form calls: good packages go in whole, hostile or
wrong ones are refused with the problem named, and nothing of a refused upload is kept."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from socius.atlas.datasets import services, upload
from socius.atlas.datasets.models import DatasetFile, DatasetVersion
from socius.atlas.datasets.scans import COUNTS_PEOPLE
from socius.atlas.datasets.tests.conftest import (
    GOOD_CSV,
    SCHEMA,
    SMALL_CELL_CSV,
    csv_upload,
    make_dataset,
    package,
    zip_upload,
)
from socius.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(researcher, theme):
    return make_dataset(researcher, theme)


@pytest.fixture(autouse=True)
def in_english():
    """The messages are checked in English, whatever the Danish catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any socket that tries to connect fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the upload tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _upload(researcher, dataset, *files):
    return services.version_upload(
        actor=researcher, dataset=dataset, changelog="Første version.", uploads=list(files)
    )


def _refused(researcher, dataset, *files) -> str:
    with pytest.raises(ValidationError) as caught:
        _upload(researcher, dataset, *files)
    return " ".join(caught.value.messages)


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "datasets"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


_BEFORE: list[set[Path]] = []


@pytest.fixture(autouse=True)
def media_before():
    """The dataset files in the media folder before the test (earlier tests' files stay)."""
    _BEFORE[:] = [set(_media_files())]


def _nothing_kept():
    assert DatasetVersion.objects.count() == 0
    assert DatasetFile.objects.count() == 0
    assert set(_media_files()) == _BEFORE[0]


# --- Good uploads ------------------------------------------------------------------------------


def test_a_csv_file_gets_an_inferred_schema_with_missing_values_and_counts(researcher, dataset):
    version = _upload(researcher, dataset, csv_upload(GOOD_CSV, "Ensomhed 2025.csv"))
    file = version.files.get()
    assert file.filename == "ensomhed-2025.csv"
    types = {f["name"]: f["type"] for f in file.schema["fields"]}
    assert types == {"kommune": "string", "antal_personer": "integer", "andel": "number"}
    assert file.schema["missingValues"] == ["", ".."]
    counts = {f["name"]: f[COUNTS_PEOPLE] for f in file.schema["fields"]}
    assert counts == {"kommune": False, "antal_personer": True, "andel": False}
    assert file.rows == 4
    assert file.preview[0] == ["kommune", "antal_personer", "andel"]
    assert Path(file.file.path).read_text(encoding="utf-8") == GOOD_CSV
    assert version.state == "draft"
    assert AuditEntry.objects.filter(action="datasets.version.upload").count() == 1


def test_a_data_package_in_a_zip_keeps_its_own_schema(researcher, dataset):
    descriptor = package([{"name": "kommuner", "path": "data/kommuner.csv", "schema": SCHEMA}])
    version = _upload(
        researcher,
        dataset,
        zip_upload({"pakke/datapackage.json": descriptor, "pakke/data/kommuner.csv": GOOD_CSV}),
    )
    file = version.files.get()
    assert file.name == "kommuner"
    assert file.schema["fields"] == SCHEMA["fields"]


def test_utf8_with_a_byte_order_mark_and_semicolons_is_accepted(researcher, dataset):
    text = "\ufeff" + GOOD_CSV.replace(",", ";")
    version = _upload(researcher, dataset, csv_upload(text))
    file = version.files.get()
    assert file.delimiter == ";"
    assert file.preview[0][0] == "kommune"


def test_a_new_upload_replaces_the_draft_and_keeps_the_number(
    researcher, dataset, django_capture_on_commit_callbacks
):
    first = _upload(researcher, dataset, csv_upload(GOOD_CSV))
    old_path = Path(first.files.get().file.path)
    with django_capture_on_commit_callbacks(execute=True):
        second = _upload(researcher, dataset, csv_upload(GOOD_CSV, "andet.csv"))
    assert second.number == 1
    assert DatasetVersion.objects.count() == 1
    assert not old_path.exists()


# --- Hostile and wrong uploads ------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_extraction(researcher, dataset):
    bomb = b"0" * (20 * 1024 * 1024)  # 20 MB of zeros packs into about 20 kB
    message = _refused(
        researcher,
        dataset,
        zip_upload(
            {"datapackage.json": package([{"path": "a.csv", "schema": SCHEMA}]), "a.csv": bomb}
        ),
    )
    assert "zip bomb" in message
    _nothing_kept()


def test_a_zip_that_lies_about_its_size_stops_extracting(researcher, dataset, monkeypatch):
    monkeypatch.setattr(upload, "MAX_RATIO", 10**9)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", package([{"path": "a.csv", "schema": SCHEMA}]))
        archive.writestr("a.csv", GOOD_CSV * 100)
    data = bytearray(buffer.getvalue())
    # Shrink the declared size of a.csv in the central directory and the local header.
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("a.csv")
    real = info.file_size.to_bytes(4, "little")
    data = data.replace(real, (10).to_bytes(4, "little"))
    message = _refused(researcher, dataset, SimpleUploadedFile("p.zip", bytes(data)))
    assert "zip" in message
    _nothing_kept()


def test_too_many_entries_nested_archives_and_odd_files_are_refused(researcher, dataset):
    many = {f"f{i}.txt": "x" for i in range(upload.MAX_ZIP_ENTRIES + 1)}
    assert "too many files" in _refused(researcher, dataset, zip_upload(many))
    nested = {"datapackage.json": "{}", "inner.zip": b"PK\x03\x04"}
    assert "another archive" in _refused(researcher, dataset, zip_upload(nested))
    odd = {"datapackage.json": "{}", "run.exe": b"MZ"}
    assert "run.exe" in _refused(researcher, dataset, zip_upload(odd))
    _nothing_kept()


@pytest.mark.parametrize(
    "name", ["../evil.csv", "/etc/evil.csv", "a/../../evil.csv", "C:/evil.csv"]
)
def test_a_zip_entry_outside_the_package_is_refused(researcher, dataset, name):
    entries = {"datapackage.json": package([{"path": "a.csv", "schema": SCHEMA}]), name: GOOD_CSV}
    assert "outside the package" in _refused(researcher, dataset, zip_upload(entries))
    _nothing_kept()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("https://example.com/data.csv", "internet"),
        ("file:///etc/passwd", "internet"),
        ("//example.com/data.csv", "internet"),
        ("../data.csv", "inside the package"),
        ("/etc/passwd.csv", "inside the package"),
        ("data.xlsx", "only CSV"),
    ],
)
def test_a_resource_path_outside_the_zip_is_refused(researcher, dataset, path, expected):
    entries = {"datapackage.json": package([{"path": path, "schema": SCHEMA}]), "a.csv": GOOD_CSV}
    assert expected in _refused(researcher, dataset, zip_upload(entries))
    _nothing_kept()


def test_remote_schemas_profiles_and_patterns_are_refused(researcher, dataset):
    def refused_for(resource, **extra):
        entries = {"datapackage.json": package([resource], **extra), "a.csv": GOOD_CSV}
        return _refused(researcher, dataset, zip_upload(entries))

    assert "inside datapackage.json" in refused_for(
        {"path": "a.csv", "schema": "https://example.com/schema.json"}
    )
    assert "inside datapackage.json" in refused_for(
        {"path": "a.csv", "schema": SCHEMA, "dialect": "https://example.com/dialect.json"}
    )
    assert "profile" in refused_for(
        {"path": "a.csv", "schema": SCHEMA}, profile="https://example.com/profile.json"
    )
    pattern = {"fields": [{"name": "kommune", "constraints": {"pattern": "(a+)+$"}}]}
    assert "pattern" in refused_for({"path": "a.csv", "schema": pattern})
    _nothing_kept()


def test_html_disguised_as_csv_is_refused(researcher, dataset):
    html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    assert "HTML" in _refused(researcher, dataset, csv_upload(html, "data.csv"))
    hidden = "kommune,antal\nA,<script>alert(1)</script>\n"
    assert "HTML" in _refused(researcher, dataset, csv_upload(hidden, "data.csv"))
    _nothing_kept()


def test_binary_files_named_csv_are_refused(researcher, dataset):
    pdf = SimpleUploadedFile("data.csv", b"%PDF-1.7\n...")
    assert "not a CSV file" in _refused(researcher, dataset, pdf)
    _nothing_kept()


def test_a_file_in_another_encoding_is_refused(researcher, dataset):
    latin1 = csv_upload("kommune,antal\nKøge,120\nNæstved,90\n", encoding="latin-1")
    assert "not UTF-8" in _refused(researcher, dataset, latin1)
    utf16 = csv_upload("kommune,antal\nKøge,120\n", encoding="utf-16")
    assert _refused(researcher, dataset, utf16)
    _nothing_kept()


def test_only_csv_files_or_one_zip(researcher, dataset):
    assert "only CSV" in _refused(researcher, dataset, csv_upload("a,b\n1,2\n", "data.txt"))
    both = [csv_upload(GOOD_CSV), zip_upload({"datapackage.json": "{}"})]
    assert "not both" in _refused(researcher, dataset, *both)
    _nothing_kept()


def test_an_upload_over_the_limit_is_refused(researcher, dataset, monkeypatch):
    monkeypatch.setattr(upload, "MAX_REQUEST_BYTES", 1000)
    assert "too large" in _refused(researcher, dataset, csv_upload(GOOD_CSV * 20))
    _nothing_kept()


def test_a_schema_mismatch_names_the_header_and_the_cells(researcher, dataset):
    schema = {
        "fields": [
            {"name": "kommune", "type": "string"},
            {"name": "antal", "type": "integer"},
            {"name": "andel", "type": "number"},
        ]
    }
    text = "kommune,antal_personer,andel\nKøbenhavn,120,x\n"
    entries = {"datapackage.json": package([{"path": "a.csv", "schema": schema}]), "a.csv": text}
    message = _refused(researcher, dataset, zip_upload(entries))
    assert "header does not match" in message
    assert "row 2, column “andel”" in message
    _nothing_kept()


def test_missing_values_must_be_declared(researcher, dataset):
    text = "kommune,antal\nKøbenhavn,120\nLæsø,..\n"
    schema = {"fields": [{"name": "kommune"}, {"name": "antal", "type": "integer"}]}
    entries = {"datapackage.json": package([{"path": "a.csv", "schema": schema}]), "a.csv": text}
    assert "row 3, column “antal”" in _refused(researcher, dataset, zip_upload(entries))
    schema["missingValues"] = ["", ".."]
    entries["datapackage.json"] = package([{"path": "a.csv", "schema": schema}])
    assert _upload(researcher, dataset, zip_upload(entries)).files.get().rows == 2


def test_small_cells_are_refused_with_the_cells_named(researcher, dataset):
    message = _refused(researcher, dataset, csv_upload(SMALL_CELL_CSV, "tal.csv"))
    assert "tal.csv, row 3, column “antal”: fewer than 5 people" in message
    _nothing_kept()


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("010190-1234", "CPR"), ("anne@example.dk", "e-mail"), ("+45 20 30 40 50", "phone")],
)
def test_personal_data_is_refused_without_repeating_it(researcher, dataset, cell, kind):
    text = f"kommune,note\nAarhus,ok\nOdense,{cell}\n"
    message = _refused(researcher, dataset, csv_upload(text, "noter.csv"))
    assert "noter.csv, row 3, column “note”" in message
    assert kind in message
    assert cell not in message
    _nothing_kept()


def test_a_failure_while_storing_leaves_no_file_behind(researcher, dataset, monkeypatch):
    from socius.core import audit as core_audit

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        _upload(researcher, dataset, csv_upload(GOOD_CSV))
    assert core_audit  # the real audit is untouched
    _nothing_kept()


def test_the_schema_can_be_corrected_and_is_checked_again(researcher, dataset):
    version = _upload(researcher, dataset, csv_upload("kommune,befolkning\nA,120\nB,3\n"))
    file = version.files.get()
    schema = json.loads(json.dumps(file.schema))
    schema["fields"][1][COUNTS_PEOPLE] = True
    with pytest.raises(ValidationError) as caught:
        services.version_schema_save(actor=researcher, version=version, schemas={file.pk: schema})
    assert "row 3, column “befolkning”" in " ".join(caught.value.messages)
    file.refresh_from_db()
    assert file.schema["fields"][1][COUNTS_PEOPLE] is False
