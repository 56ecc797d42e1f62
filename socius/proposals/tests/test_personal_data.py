"""A person's data in the proposals module: what survives their account deletion."""

import pytest
from django.apps import apps
from django.urls import reverse

from socius.accounts.services import account_delete
from socius.proposals import services
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _proposals_rows_text() -> str:
    """Every value of every row in every table of the proposals module, as one string."""
    rows = []
    for model in apps.get_app_config("proposals").get_models():
        rows.extend(str(row) for row in model.objects.values_list())
    return "\n".join(rows).lower()


def test_a_deleted_coproposers_email_leaves_the_proposal_and_the_proposers_page(
    client, proposer, aarhus, rules
):
    # given a draft with three invited co-proposers, one of whom confirmed with an account
    proposal = services.proposal_create(
        actor=proposer, municipality=aarhus, title="Lys på stien", text="Sæt lamper op ved stien."
    )
    confirmed = UserFactory(email="Hanne.Medforslag@example.dk")
    unconfirmed = UserFactory(email="ole.inviteret@example.dk")
    invited = services.coproposers_invite(
        actor=proposer,
        proposal=proposal,
        emails=["hanne.medforslag@example.dk", "ole.inviteret@example.dk", "tredje@example.dk"],
    )
    services.coproposer_confirm(actor=confirmed, coproposer=invited[0])
    client.force_login(proposer)
    page = reverse("proposals:proposal-detail", args=[proposal.public_id])
    assert "hanne.medforslag@example.dk" in client.get(page).text
    # when both delete their accounts
    account_delete(actor=confirmed)
    account_delete(actor=unconfirmed)
    # then their addresses are in no proposals table, and the proposer's page no longer shows
    # them; the confirmation still counts, the other invitation is untouched
    text = _proposals_rows_text()
    assert "hanne.medforslag@example.dk" not in text
    assert "ole.inviteret@example.dk" not in text
    assert "tredje@example.dk" in text
    html = client.get(page).text
    assert "hanne.medforslag@example.dk" not in html
    assert "ole.inviteret@example.dk" not in html
    assert html.count("En medforslagsstiller, der har slettet sin konto") == 2
    assert proposal.coproposers.filter(confirmed_at__isnull=False).count() == 1
    # and the proposer can still invite others to make up the number
    more = services.coproposers_invite(actor=proposer, proposal=proposal, emails=["ny@example.dk"])
    assert [c.email for c in more] == ["ny@example.dk"]
