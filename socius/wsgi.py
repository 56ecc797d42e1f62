"""The WSGI application, with the URLs loaded before the first request.

Django reads the URLconf at the first request of each process: that imports every app's URL
module and, through them, every view module, forms and all (about 1.5 s of one core here), and
builds the tables ``reverse`` looks names up in, once per language. In a web worker that first
request holds the interpreter while the other requests queue behind it: the signature-surge
benchmark signed at half speed for its first two seconds (bench/README.md, "Citizen proposals:
signature surge"). Loading them here does that work once, where the application is loaded:
``python -m socius.serve`` and gunicorn's ``--preload`` load it in the parent, so every worker
forked from it, and one forked again after a crash, starts with them and shares their memory.
A broken URL module now stops the server at start, not at its first visitor.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
application = get_wsgi_application()


def load_urls() -> None:
    """Import the URLconf and build the ``reverse`` tables for every language of the site."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018  (built on first access, per language)


load_urls()
