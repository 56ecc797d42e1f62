"""What the plan module tells others, after commit.

``ratings_changed`` (``plan``): a citizen's rating of a goal or a life domain was added or
removed, or a goal closed; the outcome records (plans_outcomes) follow it. Sent by the
services only, from ``transaction.on_commit``."""

from django.dispatch import Signal

ratings_changed = Signal()
# ``plan_deleted`` (``outcome_id``): the plan is gone; its outcome record goes with it.
plan_deleted = Signal()
