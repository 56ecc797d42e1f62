import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socius.procurement.ocds.tests.conftest import STATUSES, add_clause, add_obligation


def test_the_command_validates_a_municipality(space, make_contract, capsys):
    for status in STATUSES:
        contract = make_contract(status)
        if status == "active":
            add_obligation(add_clause(contract, "training"), 1, report="approved", trainees=6)
    call_command("procurement_ocds_validate", "aarhus", "--year", "2026", "--engine", "jsonschema")
    out = capsys.readouterr()
    assert "6 releases, 6 records: 0 errors." in out.out
    assert "OCDS" in out.err  # the progress bar


def test_the_command_fails_on_errors(space, make_contract, monkeypatch, capsys):
    from socius.procurement.ocds import builder

    make_contract("tender")
    real = builder.release_for
    monkeypatch.setattr(builder, "release_for", lambda *a, **k: {**real(*a, **k), "date": "i går"})
    with pytest.raises(CommandError) as raised:
        call_command("procurement_ocds_validate", "aarhus", verbosity=0)
    assert raised.value.returncode == 1
    out = capsys.readouterr().out
    assert "/releases/0/date" in out
    assert (
        ": 3 errors." in out
    )  # the release, the linked release in the record, the compiled release


@pytest.mark.parametrize("args", [["ingen-kommune"], ["aarhus", "--year", "1800"]])
def test_the_command_refuses_what_does_not_exist(space, args):
    with pytest.raises(CommandError):
        call_command("procurement_ocds_validate", *args)
