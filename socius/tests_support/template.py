"""The migrated test database every pytest worker copies (conftest.py ``django_db_setup``).

Migrating takes most of a minute of one core (some 400 migrations, most of it Django
rendering model states), and a worker that needs a database waits for it. ``make test`` runs
three passes (SQLite, SQLite with Redis, PostgreSQL), so scripts/test.sh names a folder in
``SOCIUS_TEST_TEMPLATES`` that the passes share: the SQLite template is migrated once for
both SQLite passes, and both templates are migrated by this module's command line in the
background while mypy and the other checks run on one core. A pass finds a template ready by
a marker file per database engine, written only after the migration succeeded. Without the
variable (pytest run by hand), each run migrates its own template in its own temporary
folder, as before.

    DATABASE_URL=postgres://... SOCIUS_TEST_TEMPLATES=/tmp/x python -m socius.tests_support.template
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ENVIRONMENT = "SOCIUS_TEST_TEMPLATES"


def shared_folder() -> Path | None:
    """The folder the passes of one ``make test`` share, or None."""
    value = os.environ.get(ENVIRONMENT, "")
    return Path(value) if value else None


def template_name(database: dict[str, Any], folder: Path) -> str:
    """The template's name: a file in ``folder`` on SQLite, ``test_<name>_template`` on
    PostgreSQL (on the same server as the database it stands in for)."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return str(folder / "socius-test.sqlite3")
    return f"test_{database['NAME']}_template"


def ready_marker(folder: Path, vendor: str) -> Path:
    return folder / f"socius-test-template.{vendor}.ready"


def build(connection: Any) -> None:
    """Create and migrate the template of ``connection`` (dropping an old one), as Django's
    test runner does; leaves ``connection`` pointing at it, closed."""
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    connection.close()  # SQLite writes its WAL into the file; nobody uses it now


def main() -> int:
    """Build the default database's template into ``SOCIUS_TEST_TEMPLATES`` and mark it
    ready: the same settings the tests run with, so the same migrations."""
    folder = shared_folder()
    if folder is None:
        print(f"{ENVIRONMENT} names no folder", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment()  # as pytest-django does before it migrates
    connection = connections["default"]
    database = connection.settings_dict
    database.setdefault("TEST", {})["NAME"] = template_name(database, folder)
    marker = ready_marker(folder, connection.vendor)
    marker.unlink(missing_ok=True)
    build(connection)
    marker.touch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
