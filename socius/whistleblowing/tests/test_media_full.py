"""The media disk fills up while a reporter sends a file: a real full disk (a small tmpfs of the
web process's own, socius/tests_support/media_full.py) under the production web server with production settings.

The reporter gets their form back with a plain, translated message (their text kept; files
must be chosen again), no partial file and no row is left, the case they already have is
untouched and still opens, and the log has a warning, not a traceback.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from socius.core.storage import MEDIA_FULL_MESSAGE
from socius.tests_support.media_full import SmallMedia, Visitor, form_field, small_media_server
from socius.whistleblowing import abuse
from socius.whistleblowing.models import Attachment, Message, Report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "Indkøbschefen deler ordrer ud til sin brors firma (markør-5521)."
FOLLOW_UP = "Jeg har fundet flere fakturaer (markør-8832)."
EARLIER_FILE = b"%PDF-1.4\n" + b"earlier evidence " * 1200  # about 20 kB, fits
LARGE_FILE = b"%PDF-1.4\n" + b"x" * 300_000  # does not fit in the space left
LEFT_FREE = 64 * 1024
POW_BITS = 4


def _solved(page: str) -> dict[str, str]:
    challenge = form_field(page, "pow_challenge")
    return {
        "pow_challenge": challenge,
        "pow_nonce": abuse.pow_solve(challenge, POW_BITS),
        "csrfmiddlewaretoken": form_field(page, "csrfmiddlewaretoken"),
    }


def _report(visitor: Visitor, slug: str, content: bytes) -> Any:
    url = f"/whistleblower/indberet/{slug}/"
    fields = {"kind": "written", "what": STORY, **_solved(visitor.get(url).text)}
    return visitor.post(url, data=fields, files={"attachments": ("bilag.pdf", content)})


def _open_inbox(visitor: Visitor, receipt: str) -> None:
    page = visitor.get("/whistleblower/indbakke/").text
    response = visitor.post(
        "/whistleblower/indbakke/log-ind/", data={"receipt": receipt, **_solved(page)}
    )
    assert response.status_code == 302, response.text[:500]


def _csrf(visitor: Visitor) -> dict[str, str]:
    page = visitor.get("/whistleblower/indbakke/").text
    return {"csrfmiddlewaretoken": form_field(page, "csrfmiddlewaretoken")}


def _state(media: SmallMedia) -> tuple[int, int, int, dict[str, int]]:
    return (
        Report.objects.count(),
        Message.objects.count(),
        Attachment.objects.count(),
        media.files(),
    )


def _danish(text: Any) -> str:
    """As the reporter reads it: in the site's default language, escaped as on the page."""
    with translation.override("da"):
        return escape(str(text))


def test_a_full_media_disk_refuses_new_files_plainly_and_keeps_what_was_accepted(
    channel: Any, tmp_path: Any
) -> None:
    extra = {"SOCIUS_WHISTLEBLOWING_POW_BITS": str(POW_BITS)}
    with small_media_server(tmp_path, extra=extra) as media:
        visitor = Visitor(media.server.client())
        # given a case with a file and a follow-up message, stored while there was room
        first = _report(visitor, channel.slug, EARLIER_FILE)
        receipt = re.search(r"<code>([0-9 ]+)</code>", first.text)
        assert first.status_code == 200
        assert receipt, first.text[:500]
        _open_inbox(visitor, receipt.group(1))
        sent = visitor.post(
            "/whistleblower/indbakke/besked/", data={"body": FOLLOW_UP, **_csrf(visitor)}
        )
        assert sent.status_code == 302
        earlier = Attachment.objects.get()
        before = _state(media)
        # and a disk with less room than the next file needs
        media.fill(leave=LEFT_FREE)
        assert media.free_bytes() < len(LARGE_FILE)

        # when a new report comes with a file that does not fit
        refused = _report(Visitor(media.server.client()), channel.slug, LARGE_FILE)
        # then the reporter's form comes back with the message and their text, asking for
        # the files again, and nothing was stored: no row, no file, no part of one
        assert refused.status_code == 200
        assert _danish(MEDIA_FULL_MESSAGE) in refused.text
        assert STORY in refused.text
        assert _danish(_("Choose your files again before you send the report.")) in refused.text
        assert "<code>" not in refused.text  # no receipt
        assert 'name="pow_challenge"' in refused.text  # the form, ready to send again
        assert _state(media) == before

        # when the reporter adds a file that does not fit to their case
        added = visitor.post(
            "/whistleblower/indbakke/filer/",
            data=_csrf(visitor),
            files={"attachments": ("mere.pdf", LARGE_FILE)},
        )
        # then their inbox says so, and the case is as it was
        assert added.status_code == 200
        assert _danish(MEDIA_FULL_MESSAGE) in added.text
        assert _state(media) == before
        inbox = visitor.get("/whistleblower/indbakke/")
        assert FOLLOW_UP in inbox.text
        download = visitor.get(f"/whistleblower/indbakke/fil/{earlier.public_id}/")
        assert download.status_code == 200
        assert download.content == EARLIER_FILE

        # and once there is room again, the same file is taken
        media.empty()
        again = visitor.post(
            "/whistleblower/indbakke/filer/",
            data=_csrf(visitor),
            files={"attachments": ("mere.pdf", LARGE_FILE)},
        )
        assert again.status_code == 302
        assert Attachment.objects.count() == 2

        log = media.server.log_text()
    assert log.count("The media folder is full") == 2, log
    assert "Traceback" not in log, log
    for secret in (STORY, FOLLOW_UP, "bilag.pdf", "mere.pdf"):
        assert secret not in log
