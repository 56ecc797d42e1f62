"""The WSGI application loads the URLs before its first request (socius/wsgi.py).

A web worker forked from the loaded application must not import the URLconf, every view module
behind it, and build the ``reverse`` tables at its first request, while other requests queue
behind that one. Checked in a fresh interpreter with production settings, as the web server
loads the application: after the import, resolving and reversing in both languages imports
nothing more, and the loading opened no database connection.
"""

from __future__ import annotations

import json
import subprocess
import sys

from socius.tests_support.servers import ROOT, production_env

_CHILD = """
import json, sys
import socius.wsgi
from django.db import connections
from django.urls import get_resolver, reverse
from django.utils import translation

loaded = set(sys.modules)
# A connection opened while loading would be shared by every worker forked from this process.
opened = [c.alias for c in connections.all() if c.connection is not None]
found = []
for language in ("da", "en"):
    with translation.override(language):
        for path in ("/", "/borgerforslag/", "/healthz", "/favicon.ico"):
            found.append(get_resolver().resolve(path).route)
        found.append(reverse("proposals:proposal-list"))
imported = sorted(set(sys.modules) - loaded)
print(json.dumps({"imported": imported, "found": found, "opened": opened}))
"""


def test_the_application_is_loaded_with_its_urls(tmp_path):
    # given a fresh interpreter with production settings
    env = production_env(
        database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}", media_root=tmp_path
    )
    # when it imports the WSGI application, then resolves and reverses in both languages
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    # then the URLs resolved (Resolver404 otherwise) alike in both languages, and nothing
    # was imported for them after the application
    assert outcome["found"][:5] == outcome["found"][5:]
    assert outcome["found"][4] == "/borgerforslag/"
    assert outcome["imported"] == []
    # and loading opened no database connection for the workers to share
    assert outcome["opened"] == []
