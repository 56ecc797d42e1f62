import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socius.core.models import Municipality, Party, Region, Theme

pytestmark = pytest.mark.django_db


def test_the_98_municipalities_and_5_regions_are_loaded():
    assert Municipality.objects.count() == 98
    assert Region.objects.count() == 5
    kbh = Municipality.objects.get(code="101")
    assert kbh.name == "København"
    assert kbh.region.name == "Region Hovedstaden"
    assert Municipality.objects.get(code="751").name == "Aarhus"
    assert not Municipality.objects.filter(code="411").exists()  # Christiansø


def test_the_themes_are_seeded_in_danish_and_english():
    assert Theme.objects.count() == 13
    theme = Theme.objects.get(slug="faellesskaber-og-ensomhed")
    assert theme.name == "Fællesskaber og ensomhed"
    assert theme.name_en == "Communities and loneliness"


def test_the_folketing_parties_are_seeded():
    assert Party.objects.get(letter="Ø").name.startswith("Enhedslisten")
    assert Party.objects.filter(is_local_list=False).count() >= 11


def test_load_municipalities_is_idempotent_and_shows_progress():
    out, err = io.StringIO(), io.StringIO()
    call_command("load_municipalities", stdout=out, stderr=err)
    assert "Loaded 5 regions and 98 municipalities." in out.getvalue()
    assert Municipality.objects.count() == 98


def test_load_municipalities_refuses_a_bad_file(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("load_municipalities", file=bad, verbosity=0)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_municipalities", file=tmp_path / "missing.csv", verbosity=0)
    assert Municipality.objects.count() == 98
