"""Spin-offs (afknopning): the checklist signed off step by step by named people, the
history append-only, audited; public to read, 403 without procurement.companies."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.procurement.enterprises import services
from socius.procurement.enterprises.models import (
    SPINOFF_CHECKLIST,
    SpinOff,
    SpinOffEvent,
    SpinOffStep,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 1)


@pytest.fixture
def spin_off(space, admin_companies) -> SpinOff:
    return services.spinoff_create(
        actor=admin_companies, space=space, name="Værkstedet Brobyggeren",
        activity="Cykelværksted for unge i beskæftigelsesindsatsen.", department="Beskæftigelse",
    )  # fmt: skip


def _sign(spin_off, actor, step, **changes):
    data = {"signed_by_name": "Jens Jurist, kommunaljurist", "signed_on": DAY,
            "note": "Notat i sagen 2026-123.", "today": DAY}  # fmt: skip
    data.update(changes)
    return services.spinoff_step_sign(actor=actor, spin_off=spin_off, step=step, **data)


def test_the_checklist_is_data_with_the_steps_the_law_asks_for():
    keys = [s.key for s in SPINOFF_CHECKLIST]
    assert keys == ["no_control", "state_aid", "kommunalfuldmagt", "staff_transfer",
                    "assets_market_price", "own_board", "own_cvr"]  # fmt: skip
    assert all(s.source for s in SPINOFF_CHECKLIST)


def test_steps_are_signed_off_through_the_page_and_the_history_is_kept(
    client, space, admin_companies, spin_off
):
    client.force_login(admin_companies)
    url = reverse(
        "procurement_enterprises:spinoff-step-sign", args=["aarhus", spin_off.slug, "state_aid"]
    )
    response = client.post(
        url, {"state_aid-signed_by_name": "Sara Støtte", "state_aid-signed_on": "2026-01-05",
              "state_aid-note": "Ingen fordel: markedspris."},
    )  # fmt: skip
    assert response.status_code == 302
    row = SpinOffStep.objects.get()
    assert (row.step, row.signed_by_name, row.signed_on) == (
        "state_aid", "Sara Støtte", datetime.date(2026, 1, 5),
    )  # fmt: skip
    client.logout()
    page = client.get(spin_off.get_absolute_url()).content.decode()
    assert "Godkendt af Sara Støtte" in page
    assert "1 af 7 trin godkendt" in page
    assert list(spin_off.events.values_list("kind", flat=True)) == ["started", "step_signed"]
    assert AuditEntry.objects.filter(
        action="procurement_enterprises.spinoff_step_sign", actor_id=admin_companies.pk
    ).exists()


def test_all_steps_complete_the_spin_off(space, admin_companies, spin_off):
    for step in SPINOFF_CHECKLIST:
        _sign(spin_off, admin_companies, step.key)
    spin_off.refresh_from_db()
    assert spin_off.status == SpinOff.Status.COMPLETED
    assert spin_off.events.filter(kind="completed").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"signed_on": DAY + datetime.timedelta(days=1)}, "signed_on"),
     ({"signed_by_name": ""}, "signed_by_name"), ({"note": ""}, "note"),
     ({"signed_by_name": "x" * 201}, "signed_by_name")],
)  # fmt: skip
def test_a_sign_off_needs_a_name_a_past_date_and_a_note(
    space, admin_companies, spin_off, changes, message
):
    with pytest.raises(ValidationError) as exc:
        _sign(spin_off, admin_companies, "no_control", **changes)
    assert message in exc.value.message_dict
    assert not SpinOffStep.objects.exists()
    assert spin_off.events.count() == 1


def test_a_step_is_signed_once_and_unknown_steps_are_refused(space, admin_companies, spin_off):
    _sign(spin_off, admin_companies, "own_cvr")
    with pytest.raises(ValidationError):
        _sign(spin_off, admin_companies, "own_cvr")
    with pytest.raises(ValidationError):
        _sign(spin_off, admin_companies, "<script>")
    assert SpinOffStep.objects.count() == 1


def test_the_history_cannot_be_changed_or_removed(space, admin_companies, spin_off):
    event = spin_off.events.get()
    event.text = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        SpinOffEvent.objects.filter(spin_off=spin_off).update(text="x")
    with pytest.raises(TypeError):
        SpinOffEvent.objects.filter(spin_off=spin_off).delete()


def test_hostile_form_input_is_refused_and_kept(client, space, admin_companies, spin_off):
    client.force_login(admin_companies)
    url = reverse(
        "procurement_enterprises:spinoff-step-sign", args=["aarhus", spin_off.slug, "own_board"]
    )
    response = client.post(
        url, {"own_board-signed_by_name": "<script>alert(1)</script>",
              "own_board-signed_on": "2999-01-01", "own_board-note": "n"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400
    assert "future" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert not SpinOffStep.objects.exists()
    bad = reverse(
        "procurement_enterprises:spinoff-step-sign", args=["aarhus", spin_off.slug, "nonsense"]
    )
    assert client.post(bad, {}).status_code == 404


def test_people_without_the_capability_get_403(client, space, buyer, outsider, spin_off):
    urls = [
        reverse("procurement_enterprises:spinoff-create", args=["aarhus"]),
        reverse(
            "procurement_enterprises:spinoff-step-sign", args=["aarhus", spin_off.slug, "own_cvr"]
        ),
    ]
    for user in (buyer, outsider):
        client.force_login(user)
        for url in urls:
            assert client.post(url, {}).status_code == 403
        assert client.get(urls[0]).status_code == 403
    with pytest.raises(PermissionDenied):
        _sign(spin_off, buyer, "own_cvr")
    assert not SpinOffStep.objects.exists()
    client.logout()
    assert (
        client.get(reverse("procurement_enterprises:spinoff-list", args=["aarhus"])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("procurement_enterprises:spinoff-detail", args=["aarhus", "findes-ikke"])
        ).status_code
        == 404
    )


def test_an_administrator_starts_a_spin_off_from_the_list(client, space, admin_companies):
    client.force_login(admin_companies)
    listing = client.get(reverse("procurement_enterprises:spinoff-list", args=["aarhus"]))
    create = reverse("procurement_enterprises:spinoff-create", args=["aarhus"])
    assert create in listing.content.decode()
    response = client.post(
        create, {"name": "Grønt Hold", "activity": "Parkpleje", "department": "Teknik"}
    )
    assert response.status_code == 302
    assert SpinOff.objects.get().slug == "grnt-hold" or SpinOff.objects.get().name == "Grønt Hold"
