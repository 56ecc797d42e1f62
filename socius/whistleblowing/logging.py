"""A logging filter that keeps reporters' traces out of every log.

The middleware already removes addresses from reporter requests; this is the second line:
any record carrying a request for the scheme's paths loses the request object (formatters
and mail handlers read META from it), and address-like strings in any message are masked.
A traceback in such a record is written with its code lines and the exception's type only:
an exception's message may quote a report (the mail to administrators is made by
socius/whistleblowing/errors.py from the exception itself, before this filter runs on the
console).
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

PREFIX = "/whistleblower/"
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}\b")


class ReporterPrivacyFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", "") or ""
        message = record.getMessage()
        if path.startswith(PREFIX) or PREFIX in message:
            record.request = None
            record.msg = _IPV6.sub("[address]", _IPV4.sub("[address]", message))
            record.args = ()
            if record.exc_info and record.exc_info[0] is not None:
                record.exc_text = _traceback_without_values(record.exc_info)
        return True


def _traceback_without_values(exc_info: tuple[Any, ...]) -> str:
    exc_type, _value, tb = exc_info
    frames = "".join(traceback.format_tb(tb))
    return f"Traceback (most recent call last):\n{frames}{exc_type.__name__}: [hidden]"
