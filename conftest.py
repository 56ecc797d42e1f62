"""Fixtures shared by every module's tests.

Three kinds of people, as in every test file: a citizen (the ordinary user), staff with the
role a view needs, and an outsider who must be refused. Mail goes to a real SMTP server on
loopback; tasks run immediately unless a test asks for the database backend.

The suite runs in parallel (pytest-xdist, `-n 2`): everything a test writes outside its
own process is per worker - the test database (SQLite file or PostgreSQL database), the
SMTP server's port, the media folder, the live server's port (pytest-django picks a free one);
caches are in-process (or one Redis database per worker, socius/tests_support/caches.py).
Hypothesis keeps no example database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test.testcases import QuietWSGIRequestHandler
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from socius.core.roles import Role
from socius.tests_support import reset, template
from socius.tests_support.caches import caches_for_tests
from socius.tests_support.factories import UserFactory
from socius.tests_support.smtp import SMTPServer

pytest_plugins = ["socius.tests_support.browser"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# No example database (a folder in the checkout that parallel workers would share), and no
# time limits per example: the suite must pass on a loaded machine, where a 200 ms deadline
# measures the neighbours, not the code.
hypothesis_settings.register_profile(
    "socius", database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("socius")

# The live server (Django's, for browser and HTTP tests) writes an answer's headers and body
# separately; with Nagle's algorithm the body waits for the client's delayed ACK of the
# headers, 40 ms on Linux, on every kept-alive request. Sent at once, as production's server
# (granian) does: the API's property test went from 74 s to 16 s.
QuietWSGIRequestHandler.disable_nagle_algorithm = True

# This process's xdist worker ("gw0", ...), or "main" without workers. Each worker's test
# database is Django's clone of the template with this suffix.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a database `database`, so that a pass can select them
    (`-m database`): the PostgreSQL pass of `make test` runs these and no others, because a
    test without a database runs the same code on either (scripts/test.sh). A test uses a
    database if pytest-django sets one up for it (the `django_db` mark, or the `db`,
    `transactional_db` or `live_server` fixture) or if one of its fixtures needs the test
    databases to exist (the browser's `chromium` fixture asks for `django_db_setup`). Runs
    before `-m` selects, so the mark can be selected on."""
    from django.conf import settings
    from pytest_django.fixtures import _get_databases_for_test

    on_postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    for item in items:
        databases, _serialized = _get_databases_for_test(item)
        if databases or "django_db_setup" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)
        # A fault test that needs a PostgreSQL server (`postgresql` mark): `make test` leaves
        # it out of the SQLite pass (-m "not postgresql"); run by hand on SQLite it says why
        # it did not run.
        marker = item.get_closest_marker("django_db")
        if (
            marker is not None
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            # Its flush would run the post-migrate handlers (Wagtail creates its locale), and
            # the next serialized-rollback test would load those rows a second time.
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test needs serialized_rollback=True here"
            )
        needs = item.get_closest_marker("postgresql")
        if needs is not None and not on_postgresql:
            reason = needs.kwargs.get("reason", "needs PostgreSQL")
            item.add_marker(pytest.mark.skip(reason=f"PostgreSQL only: {reason}"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The test databases' names (``django_db_setup``): the migrated template
    ``test_<name>_template`` on PostgreSQL, or ``socius-test.sqlite3`` in the run's temporary
    folder on SQLite; each worker's copy adds its name (``..._gw0``). Workers' files are
    removed, with their WAL files, when their session ends."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    test["NAME"] = template.template_name(database, _template_folder(tmp_path_factory))
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    path = Path(test["NAME"])
    yield
    for leftover in path.parent.glob(f"{path.stem}_{WORKER}.sqlite3*"):
        leftover.unlink(missing_ok=True)


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this run, shared by its xdist workers (each has its own
    folder inside it), or the process's own folder without workers."""
    own = tmp_path_factory.getbasetemp()
    return own if WORKER == "main" else own.parent


def _template_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the migrated template and its marker live: the folder the passes of one
    ``make test`` share (socius/tests_support/template.py), else this run's own."""
    return template.shared_folder() or _run_folder(tmp_path_factory)


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_modify_db_settings: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """The test databases, migrated once per run (or once per ``make test``) and copied for
    each worker.

    pytest-django (whose fixture this replaces) has every xdist worker run all migrations into
    its own database: most of a minute of CPU per worker and pass, which grows with every
    module. Here the first worker to need a database migrates the template (under a file lock
    in the run's folder; the others wait), unless a marker says it is ready: scripts/test.sh
    shares one template folder between its passes and migrates PostgreSQL's in the
    background during the SQLite pass (socius/tests_support/template.py). Each worker then
    works on its own copy, made with Django's own cloning (a file copy on SQLite, ``CREATE
    DATABASE ... TEMPLATE`` on PostgreSQL), as Django's parallel test runner does. What
    follows is pytest-django's: the reference data is kept for the transactional tests (on
    PostgreSQL as raw rows, see socius/tests_support/reset.py), and each worker's copy is
    dropped at the end. The template stays until the next run replaces it."""
    import fcntl

    from django.db import connections
    from django.test.utils import teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    folder = _template_folder(tmp_path_factory)
    config = []
    with django_db_blocker.unblock():
        with open(folder / "socius-test-template.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
            for alias in sorted(aliases):
                connection = connections[alias]
                creation = connection.creation
                old_name = connection.settings_dict["NAME"]
                ready = template.ready_marker(folder, connection.vendor)
                if not ready.exists():
                    template.build(connection)
                    ready.touch()
                else:  # as create_test_db leaves the settings (connection.settings_dict is
                    # the same dict as settings.DATABASES[alias])
                    connection.settings_dict["NAME"] = connection.settings_dict["TEST"]["NAME"]
                creation.clone_test_db(suffix=WORKER, verbosity=0, autoclobber=True)
                connection.settings_dict.update(creation.get_test_db_clone_settings(WORKER))
                config.append((connection, old_name, True))
        for alias in serialized_aliases:
            connection = connections[alias]
            if connection.vendor == "postgresql":  # socius/tests_support/reset.py
                reset.install()
                connection._test_serialized_contents = reset.reference_rows(connection)
            else:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Uploaded files and generated documents, in the worker's own folder (not var/media)."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


def settings_for_tests(smtp_server: SMTPServer, media_root: Path) -> dict[str, Any]:
    """The settings every test runs with (``_test_settings``), and module-wide data is built
    with (``shared_db``)."""
    return {
        "MAILERS": {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5},
            }
        },
        "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        "CACHES": caches_for_tests(),
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "MEDIA_ROOT": media_root,
        # A code is accepted in the windows just before and after the current one too, as on
        # a phone whose clock is a little off: a code read in a window's last second still
        # works when the request lands in the next, so no test waits for a fresh window.
        # Codes are still checked against the secret, and a used one is still refused.
        "MFA_TOTP_TOLERANCE": 1,
    }


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, smtp_server: SMTPServer, media_root: Path) -> None:
    for name, value in settings_for_tests(smtp_server, media_root).items():
        setattr(settings, name, value)
    smtp_server.clear()
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(scope="module")
def shared_db(
    django_db_setup: None,
    django_db_blocker: Any,
    smtp_server: SMTPServer,
    media_root: Path,
) -> Iterator[None]:
    """One transaction around a whole test module, for set-ups that take seconds (the demo
    content, a voting crowd): a module-scoped fixture that asks for ``shared_db`` writes its
    data once, each test of the module sees it and runs in a savepoint of its own inside
    (pytest-django's ``db``, as always), so no test sees another's changes, and everything is
    rolled back when the module's last test on this worker has run. Built with the settings
    every test has. Only for tests with ``db``: a transactional test (``live_server``) needs
    committed data, and must not share a module with such a fixture.

    A fixture built on it returns ids, not model instances: an instance would carry one
    test's changes in memory into the next."""
    from django.db import connections, transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(**settings_for_tests(smtp_server, media_root)),
    ):
        from django.utils import translation

        translation.activate(django_settings.LANGUAGE_CODE)
        atomics = [(c.alias, transaction.atomic(using=c.alias)) for c in connections.all()]
        for _alias, atomic in atomics:
            atomic.__enter__()
        try:
            yield
        finally:
            for alias, atomic in reversed(atomics):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)
            smtp_server.clear()


@pytest.fixture(autouse=True)
def _danish_to_begin_with() -> None:
    """Each test starts in Danish, the default. The language middleware activates the chosen
    language for the thread and leaves it, as Django's does: a test that requests a page in
    English would otherwise leave the next test on the same worker speaking English."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def mailbox(smtp_server: SMTPServer) -> SMTPServer:
    return smtp_server


@pytest.fixture
def citizen(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN])


@pytest.fixture
def outsider(db: None) -> Any:
    return UserFactory()


@pytest.fixture
def editor(db: None) -> Any:
    return UserFactory(roles=[Role.EDITOR], totp=True)


@pytest.fixture
def administrator(db: None) -> Any:
    return UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
