"""Migration tests: move the test database to given migrations and get their models."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str]]) -> Apps:
    """Migrate the test database forwards or backwards to ``targets`` (app, migration) and
    return the historical models as they are there. The test must be transactional
    (``django_db(transaction=True, serialized_rollback=True)``) and end at the latest
    migrations again."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
