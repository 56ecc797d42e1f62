"""Hostile files given to ``manage.py atlas_load --file``: each is refused with a message that
names the line and column, and nothing of it is imported (one transaction per load)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from socius.atlas.models import Observation, SourceVersion
from socius.atlas.sources.embedded import DEFAULT_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (message ids); Danish is the catalogue's."""
    with translation.override("en"):
        yield


SHIPPED = DEFAULT_CSV.read_text(encoding="utf-8")
HEADER = SHIPPED.splitlines()[0]


def hostile(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "indikatorer.csv"
    path.write_bytes(text.encode(encoding))
    return path


def replaced(old: str, new: str) -> str:
    assert old in SHIPPED
    return SHIPPED.replace(old, new, 1)


def load(path: Path) -> None:
    call_command("atlas_load", f"--file={path}", verbosity=0, stdout=StringIO())


CASES = [
    pytest.param(
        replaced("101,København,671714,34.97", "101,København,671714,=HYPERLINK(1)"),
        "Line 2, column gini looks like a spreadsheet formula",
        id="formula",
    ),
    pytest.param(
        replaced("101,København,671714,34.97", "101,København,671714,@SUM(A1)"),
        "Line 2, column gini looks like a spreadsheet formula",
        id="formula-at",
    ),
    pytest.param(
        replaced("101,København,671714", "101,København,-671714"),
        "Line 2, column folketal: Folketal cannot be negative (-671714)",
        id="negative-population",
    ),
    pytest.param(
        replaced("101,København,671714,34.97,4.6", "101,København,671714,34.97,104.6"),
        "Line 2, column boernefattigdom_pct: Børn i relativ fattigdom is a per cent and cannot be above 100",
        id="per-cent-over-100",
    ),
    pytest.param(
        replaced("101,København,671714,34.97", "101,København,671714,NaN"),
        "Line 2, column gini is not a number (NaN)",
        id="nan",
    ),
    pytest.param(
        replaced("101,København,671714,34.97", "101,København,671714,inf"),
        "Line 2, column gini is not a number (inf)",
        id="infinity",
    ),
    pytest.param(
        replaced("101,København", "999,Atlantis"),
        "Line 2: “999” is not the code of one of the 98 municipalities.",
        id="unknown-code",
    ),
    pytest.param(
        replaced("101,København", "411,Christiansø"),
        "Line 2: “411” is not the code of one of the 98 municipalities.",
        id="christiansoe",
    ),
    pytest.param(
        SHIPPED + SHIPPED.splitlines()[1] + "\n",
        "Line 100: municipality 101 comes twice (also on line 2).",
        id="duplicated-row",
    ),
    pytest.param(
        SHIPPED.replace(HEADER, HEADER + ",gini"),
        "names a column twice",
        id="duplicated-column",
    ),
    pytest.param(
        SHIPPED.replace(HEADER, HEADER.replace("gini", "score")),
        "Unknown column “score”",
        id="unknown-column",
    ),
    pytest.param(
        replaced("101,København,671714,34.97,", "101,København,671714,34.97"),
        "Line 2 has 16 cells, not 17",
        id="short-row",
    ),
    pytest.param("", "must start with the columns kommunekode and kommune", id="empty"),
]


@pytest.mark.parametrize(("text", "message"), CASES)
def test_a_hostile_file_is_refused_and_nothing_is_imported(tmp_path, text, message):
    with pytest.raises(CommandError) as caught:
        load(hostile(tmp_path, text))
    assert message in str(caught.value)
    assert not Observation.objects.exists()
    assert not SourceVersion.objects.exists()


def test_a_file_in_another_encoding_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not UTF-8 text \\(a wrong byte on line 2\\)"):
        load(hostile(tmp_path, SHIPPED, encoding="latin-1"))
    assert not Observation.objects.exists()


def test_a_byte_order_mark_is_accepted(tmp_path):
    load(hostile(tmp_path, "\ufeff" + SHIPPED))
    assert Observation.objects.get(indicator__code="gini", area_code="101").value == Decimal(
        "34.97"
    )


def test_a_hostile_file_leaves_the_loaded_figures_as_they_were(tmp_path):
    call_command("atlas_load", verbosity=0, stdout=StringIO())
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "source_version"))
    versions = SourceVersion.objects.count()
    # The first rows are fine and change figures; a later row is bad.
    text = replaced("101,København,671714", "101,København,671999").replace(
        "147,Frederiksberg,106150", "147,Frederiksberg,-1"
    )
    with pytest.raises(CommandError, match="Line 3, column folketal: Folketal cannot be negative"):
        load(hostile(tmp_path, text))
    assert (
        list(Observation.objects.order_by("pk").values_list("pk", "value", "source_version"))
        == before
    )
    assert SourceVersion.objects.count() == versions


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        load(tmp_path / "missing.csv")
