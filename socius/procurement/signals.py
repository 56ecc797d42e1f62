"""Signals of the contracts app, for the other procurement apps (which the contracts app must
not import): the rule engine re-assesses the contracts named here."""

from django.dispatch import Signal

# Sent after commit, with ``contract_ids``: a list of Contract primary keys created or changed
# (one for a form, many for an import).
contracts_changed = Signal()
