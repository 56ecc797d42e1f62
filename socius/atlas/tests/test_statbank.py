"""``manage.py atlas_fetch`` against StatBank answers in the API's documented formats, served
on loopback (fixtures/statbank_server.py); no test touches the network."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from socius.atlas.models import AreaLevel, Observation, ObservationRevision, SourceVersion, Status
from socius.atlas.sources.embedded import definitions_sync
from socius.atlas.sources.statbank import StatBankClient
from socius.atlas.tests.fixtures.statbank_server import StatBankStub, fixture_text, stub_running
from socius.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (message ids); Danish is the catalogue's."""
    with translation.override("en"):
        yield


BULK = "text/csv; charset=utf-8"


@pytest.fixture(autouse=True)
def indicators(db):
    definitions_sync()


@pytest.fixture
def statbank() -> Iterator[StatBankStub]:
    with stub_running() as stub:
        yield stub


def fetch(stub: StatBankStub, *codes: str, fmt: str = "BULK") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    args = [f"--indicator={c}" for c in codes] + [f"--base-url={stub.url}", f"--format={fmt}"]
    try:
        call_command("atlas_fetch", *args, stdout=out, stderr=err, verbosity=0)
    except CommandError as exc:
        raise CommandError(err.getvalue() + str(exc)) from exc
    return out.getvalue(), err.getvalue()


def population(
    stub: StatBankStub, answer: bytes | str = "bulk_FOLK1A_2026K1.csv", **kw: Any
) -> None:
    stub.on("tableinfo", "FOLK1A", "tableinfo_FOLK1A.json")
    stub.on("data", "FOLK1A", answer, content_type=kw.pop("content_type", BULK), **kw)


def figures(code: str = "folketal") -> dict[str, tuple[str, Decimal | None]]:
    rows = Observation.objects.filter(indicator__code=code)
    return {o.area_code: (o.status, o.value) for o in rows}


def test_it_fetches_a_bulk_answer_with_its_byte_order_mark_and_markers(statbank):
    population(statbank)
    out, _err = fetch(statbank, "folketal")
    assert "folketal: 7 figures created, 0 revised, 0 unchanged." in out
    got = figures()
    assert got["000"] == (Status.VALUE, Decimal("6012345"))
    assert got["1084"] == (Status.VALUE, Decimal("1950000"))
    assert got["101"] == (Status.VALUE, Decimal("671714"))
    assert got["751"] == (Status.MISSING, None)
    levels = dict(Observation.objects.values_list("area_code", "level"))
    assert levels["000"] == AreaLevel.COUNTRY
    assert levels["1081"] == AreaLevel.REGION
    assert levels["147"] == AreaLevel.MUNICIPALITY


def test_it_asks_for_exactly_denmark_the_regions_and_the_municipalities(statbank):
    population(statbank)
    fetch(statbank, "folketal")
    (body,) = statbank.data_requests()
    assert body["format"] == "BULK"
    assert body["valuePresentation"] == "Code"
    variables = {v["code"]: v["values"] for v in body["variables"]}
    # Christiansø (411) and the province "01" are in the table but not in the geography.
    assert variables["OMRÅDE"] == ["000", "081", "082", "084", "101", "147", "751"]
    assert variables["Tid"] == ["2026K1"]


def test_it_records_the_source_version_with_checksum_and_audit(statbank):
    population(statbank)
    fetch(statbank, "folketal")
    version = SourceVersion.objects.get()
    assert version.source.key == "dst-folk1a"
    assert version.origin.startswith("StatBank FOLK1A /data ")
    assert len(version.checksum) == 64
    assert version.observations_created == 7
    assert AuditEntry.objects.filter(action="atlas.observation.import").count() == 1


def test_it_reads_json_stat_with_status_markers(statbank):
    statbank.on("tableinfo", "FOLK1A", "tableinfo_FOLK1A.json")
    statbank.on("data", "FOLK1A", "jsonstat_FOLK1A_2026K1.json")
    fetch(statbank, "folketal", fmt="JSONSTAT")
    got = figures()
    assert got["000"] == (Status.VALUE, Decimal("6012345"))
    assert got["751"] == (Status.MISSING, None)
    assert statbank.data_requests()[0]["format"] == "JSONSTAT"


def test_a_revised_value_keeps_the_old_one_in_the_history(statbank):
    population(statbank)
    fetch(statbank, "folketal")
    first = SourceVersion.objects.get()
    population(statbank, "bulk_FOLK1A_2026K1_revised.csv")
    out, _err = fetch(statbank, "folketal")
    assert "0 figures created, 2 revised, 5 unchanged" in out
    second = SourceVersion.objects.exclude(pk=first.pk).get()
    copenhagen = Observation.objects.get(indicator__code="folketal", area_code="101")
    assert copenhagen.value == Decimal("671800")
    assert copenhagen.source_version == second
    (old,) = copenhagen.revisions.all()
    assert old.value == Decimal("671714")
    assert old.source_version == first
    assert old.replaced_by == second
    aarhus = Observation.objects.get(indicator__code="folketal", area_code="751")
    assert aarhus.revisions.get().status == Status.MISSING
    # Unchanged figures still name the version that published them.
    assert Observation.objects.get(area_code="000").source_version == first


def test_the_same_answer_again_writes_nothing(statbank):
    population(statbank)
    fetch(statbank, "folketal")
    entries = AuditEntry.objects.count()
    out, _err = fetch(statbank, "folketal")
    assert "folketal: unchanged since the last fetch." in out
    assert SourceVersion.objects.count() == 1
    assert ObservationRevision.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_a_rate_is_computed_from_numerator_and_denominator_tables(statbank):
    statbank.on("tableinfo", "UND2", "tableinfo_UND2.json")
    statbank.on("data", "UND2", "bulk_UND2_2025.csv", content_type=BULK)
    statbank.on("tableinfo", "FOLK1A", "tableinfo_FOLK1A.json")
    statbank.on("data", "FOLK1A", "bulk_FOLK1A_0_17.csv", content_type=BULK)
    fetch(statbank, "underretninger")
    rows = {o.area_code: o for o in Observation.objects.filter(indicator__code="underretninger")}
    copenhagen = rows["101"]
    assert copenhagen.period == "2025"
    assert copenhagen.numerator == 10000
    assert copenhagen.denominator == 18 * 6000
    assert copenhagen.value == Decimal("92.592593")
    # "-" is nothing counted: a rate of 0. ".." is no value.
    assert rows["751"].value == 0
    assert rows["1084"].status == Status.MISSING
    # All Denmark and a region: the sum of the counts over the sum of the children.
    assert rows["000"].value == Decimal("80")
    assert rows["1082"].value == Decimal("80")


def nothing_imported() -> None:
    assert not Observation.objects.exists()
    assert not SourceVersion.objects.exists()


def test_a_truncated_json_stat_answer_is_refused(statbank):
    whole = fixture_text("jsonstat_FOLK1A_2026K1.json").encode()
    population(statbank, whole[: len(whole) // 2], content_type="application/json")
    with pytest.raises(CommandError, match="The JSON is not valid"):
        fetch(statbank, "folketal", fmt="JSONSTAT")
    nothing_imported()


def jsonstat(**changes: Any) -> bytes:
    document = json.loads(fixture_text("jsonstat_FOLK1A_2026K1.json"))
    document.update(changes)
    return json.dumps(document).encode()


def test_json_stat_whose_sizes_do_not_match_its_values_is_refused(statbank):
    population(statbank, jsonstat(value=[1, 2, 3]), content_type="application/json")
    with pytest.raises(CommandError, match="has 3 values but its sizes multiply to 7"):
        fetch(statbank, "folketal", fmt="JSONSTAT")
    nothing_imported()


def test_json_stat_with_a_size_that_disagrees_with_its_categories_is_refused(statbank):
    population(statbank, jsonstat(size=[6, 1, 1, 1, 1]), content_type="application/json")
    with pytest.raises(CommandError, match="has 7 categories but its size says 6"):
        fetch(statbank, "folketal", fmt="JSONSTAT")
    nothing_imported()


def test_json_stat_with_a_duplicated_key_or_nan_is_refused(statbank):
    text = fixture_text("jsonstat_FOLK1A_2026K1.json").replace(
        '"version": "2.0",', '"version": "2.0", "version": "1.0",'
    )
    population(statbank, text.encode(), content_type="application/json")
    with pytest.raises(CommandError, match="has the key “version” twice"):
        fetch(statbank, "folketal", fmt="JSONSTAT")
    text = fixture_text("jsonstat_FOLK1A_2026K1.json").replace("671714", "NaN")
    population(statbank, text.encode(), content_type="application/json")
    with pytest.raises(CommandError, match="NaN, which is not a number"):
        fetch(statbank, "folketal", fmt="JSONSTAT")
    nothing_imported()


def bulk_answer(*lines: str, bom: bool = True) -> bytes:
    header = "OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD"
    return (b"\xef\xbb\xbf" if bom else b"") + "\r\n".join([header, *lines]).encode() + b"\r\n"


def test_an_unknown_area_code_is_refused(statbank):
    population(statbank, bulk_answer("101;TOT;IALT;TOT;2026K1;5", "999;TOT;IALT;TOT;2026K1;7"))
    with pytest.raises(CommandError, match="Line 3: OMRÅDE “999” was not asked for"):
        fetch(statbank, "folketal")
    nothing_imported()


def test_an_answer_for_another_period_is_refused(statbank):
    population(statbank, bulk_answer("101;TOT;IALT;TOT;2025K1;5"))
    with pytest.raises(CommandError, match="TID “2025K1” was not asked for"):
        fetch(statbank, "folketal")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("101;TOT;IALT;TOT;2026K1;-5", "cannot be negative"),
        ("101;TOT;IALT;TOT;2026K1;=SUM(A1:A9)", "looks like a spreadsheet formula"),
        ("101;TOT;IALT;TOT;2026K1;NaN", "is not a number"),
        ("101;TOT;IALT;TOT;2026K1;1.234,5", "is not a number"),
        ("101;TOT;IALT;TOT", "has 4 cells, not 6 (is the answer cut off?)"),
    ],
)
def test_a_bad_bulk_cell_is_refused_by_line(statbank, line, message):
    population(statbank, bulk_answer("000;TOT;IALT;TOT;2026K1;10", line))
    with pytest.raises(CommandError, match=f"Line 3.*{re.escape(message)}"):
        fetch(statbank, "folketal")
    nothing_imported()


def test_a_duplicated_bulk_key_is_refused(statbank):
    population(statbank, bulk_answer("101;TOT;IALT;TOT;2026K1;5", "101;TOT;IALT;TOT;2026K1;6"))
    with pytest.raises(CommandError, match="Line 3: folketal for area 101 in 2026K1 comes twice"):
        fetch(statbank, "folketal")
    nothing_imported()


def test_a_bulk_answer_that_is_not_utf8_is_refused(statbank):
    body = bulk_answer("101;TOT;IALT;TOT;2026K1;5", bom=False).replace(
        "OMRÅDE".encode(), "OMRÅDE".encode("latin-1")
    )
    population(statbank, body)
    with pytest.raises(CommandError, match="not UTF-8"):
        fetch(statbank, "folketal")
    nothing_imported()


def test_a_bulk_answer_with_other_columns_is_refused(statbank):
    population(statbank, b"OMRADE;TID;INDHOLD\r\n101;2026K1;5\r\n")
    with pytest.raises(CommandError, match="are not the variables asked for"):
        fetch(statbank, "folketal")


def test_an_answer_cut_off_before_its_length_is_refused(statbank):
    whole = (fixture_text("bulk_FOLK1A_2026K1.csv")).encode()
    population(statbank, whole[:100], length=len(whole))
    with pytest.raises(CommandError, match="cut off"):
        fetch(statbank, "folketal")
    nothing_imported()


def test_a_50_mb_answer_is_refused_without_being_read(statbank):
    def fifty_mb(out: Any) -> None:
        out.write(b'{"version": "2.0", "class": "dataset", "label": "')
        chunk = b"x" * (1024 * 1024)
        for _ in range(50):
            out.write(chunk)
        out.write(b'"}')

    population(statbank, fifty_mb, content_type="application/json")
    started = time.monotonic()
    with pytest.raises(CommandError, match="larger than 20 MB and was not read further"):
        fetch(statbank, "folketal", fmt="JSONSTAT")
    assert time.monotonic() - started < 30
    nothing_imported()


def test_a_bulk_answer_above_its_limit_is_refused(statbank):
    def endless(out: Any) -> None:
        out.write(bulk_answer())
        for _ in range(5 * 1024):
            out.write(b"101;TOT;IALT;TOT;2026K1;5\r\n" * 40)

    population(statbank, endless)
    client = StatBankClient(statbank.url, max_bulk_bytes=1024 * 1024)

    def read_all() -> None:
        with client.data_bulk({"table": "FOLK1A"}) as stream:
            while stream.read(65536):
                pass

    with pytest.raises(ValidationError, match="larger than 1 MB"):
        read_all()


def test_a_query_naming_a_variable_the_table_lacks_is_refused_before_any_data(statbank):
    info = json.loads(fixture_text("tableinfo_FOLK1A.json"))
    info["variables"] = [v for v in info["variables"] if v["id"] != "CIVILSTAND"]
    statbank.on("tableinfo", "FOLK1A", json.dumps(info).encode())
    with pytest.raises(
        CommandError, match="Table FOLK1A has no variable CIVILSTAND; it has OMRÅDE"
    ):
        fetch(statbank, "folketal")
    assert statbank.data_requests() == []


def test_a_query_missing_one_of_the_tables_variables_is_refused(statbank):
    info = json.loads(fixture_text("tableinfo_FOLK1A.json"))
    info["variables"].insert(1, {"id": "HERKOMST", "time": False, "values": [{"id": "1"}]})
    statbank.on("tableinfo", "FOLK1A", json.dumps(info).encode())
    with pytest.raises(
        CommandError, match="must choose codes for every variable; it lacks HERKOMST"
    ):
        fetch(statbank, "folketal")


def test_statbank_errors_are_shown(statbank):
    statbank.on("tableinfo", "FOLK1A", "tableinfo_FOLK1A.json")
    error = {
        "errorTypeCode": "EXTRACT-NOTALLOWED",
        "message": "Der skal vælges værdier for variabel: KØN",
    }
    statbank.on("data", "FOLK1A", json.dumps(error).encode(), status=400)
    with pytest.raises(
        CommandError, match="StatBank answered 400 to /data: Der skal vælges værdier"
    ):
        fetch(statbank, "folketal")


def test_information_about_another_table_is_refused(statbank):
    statbank.on("tableinfo", "FOLK1A", "tableinfo_UND2.json")
    with pytest.raises(CommandError, match="information about table UND2, not FOLK1A"):
        fetch(statbank, "folketal")


def test_an_error_page_instead_of_data_is_refused(statbank):
    population(statbank, b"<html>Service unavailable</html>", content_type="text/html")
    with pytest.raises(CommandError, match="answered with text/html"):
        fetch(statbank, "folketal")


def test_a_redirect_is_not_followed(statbank):
    statbank.on("tableinfo", "FOLK1A", b"", status=302, headers={"Location": "http://10.0.0.1/"})
    with pytest.raises(CommandError, match="StatBank answered 302"):
        fetch(statbank, "folketal")


def test_only_http_addresses_are_accepted(statbank):
    with pytest.raises(CommandError, match="must start with https://"):
        call_command("atlas_fetch", "--base-url=file:///etc/passwd", verbosity=0)


def test_an_indicator_without_a_statbank_query_is_refused(statbank):
    with pytest.raises(CommandError, match="No indicator with a StatBank query: ensomhed"):
        call_command("atlas_fetch", "--indicator=ensomhed", f"--base-url={statbank.url}")


def test_an_unreachable_statbank_is_a_clear_error():
    err = StringIO()
    with pytest.raises(CommandError, match="Not fetched: folketal"):
        call_command(
            "atlas_fetch",
            "--indicator=folketal",
            "--base-url=http://127.0.0.1:9/v1",
            verbosity=0,
            stderr=err,
        )
    assert "StatBank could not be reached at http://127.0.0.1:9/v1" in err.getvalue()
