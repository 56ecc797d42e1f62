"""A client for Danmarks Statistik's StatBank API (``/tableinfo`` and ``/data``; JSON POST, no
key). BULK answers are streamed line by line; JSON answers (table information, JSON-stat)
are read up to a size limit and then parsed.

Threat model: the answers are untrusted input from the network. The base address is the
operator's (``SOCIUS_ATLAS_STATBANK_URL``, default ``https://api.statbank.dk/v1``, or
``atlas_fetch --base-url``); only http and https are accepted and redirects are not followed,
so an answer cannot send the server to another host. Every request has a socket timeout and
a total time limit, every answer a size limit counted while it is read (a 50 MB JSON answer
is refused after the first 20 MB, never loaded), and an answer that is not what was asked
(another table, other variables or codes, the wrong content type, an error page) is refused
with a translated message. Nothing is imported until an answer has been read completely.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from socius.atlas.sources.parsers import data_error, json_read
from socius.env import env_int, env_str

DEFAULT_BASE_URL = "https://api.statbank.dk/v1"
MB = 1024 * 1024


def base_url_default() -> str:
    return env_str("SOCIUS_ATLAS_STATBANK_URL", DEFAULT_BASE_URL)


@dataclass(frozen=True)
class Variable:
    id: str
    values: tuple[str, ...]
    time: bool
    is_map: bool


@dataclass(frozen=True)
class TableInfo:
    id: str
    text: str
    unit: str
    updated: str
    variables: tuple[Variable, ...]

    def variable(self, code: str) -> Variable | None:
        wanted = code.upper()
        return next((v for v in self.variables if v.id.upper() == wanted), None)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status


class LimitedStream(io.RawIOBase):
    """The body of an answer, read at most ``limit`` bytes and ``seconds`` long, hashed on the
    way (SHA-256 of exactly the bytes read)."""

    def __init__(self, raw: IO[bytes], *, limit: int, seconds: float) -> None:
        self.raw = raw
        self.limit = limit
        self.deadline = time.monotonic() + seconds
        self.count = 0
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.raw.read(min(len(buffer), 64 * 1024))
        if not chunk:
            # http.client ends a body quietly when the connection closes early; the bytes
            # still owed by its Content-Length tell that it was cut off.
            if getattr(self.raw, "length", None):
                raise data_error(_("The answer was cut off before its end."))
            return 0
        self.count += len(chunk)
        if self.count > self.limit:
            raise data_error(
                _("The answer is larger than %(limit)s MB and was not read further."),
                limit=max(1, self.limit // MB),
            )
        if time.monotonic() > self.deadline:
            raise data_error(_("The answer took too long and was not read further."))
        self.digest.update(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


class StatBankClient:
    """Calls to one StatBank API address. ``max_json_bytes`` bounds table information and
    JSON-stat (parsed in memory); ``max_bulk_bytes`` bounds a streamed BULK answer."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float = 30.0,
        max_seconds: float = 900.0,
        max_json_bytes: int | None = None,
        max_bulk_bytes: int | None = None,
    ) -> None:
        url = (base_url or base_url_default()).rstrip("/")
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise data_error(_("The StatBank address must start with https:// or http://."))
        self.base_url = url
        self.timeout = timeout
        self.max_seconds = max_seconds
        self.max_json_bytes = (
            max_json_bytes or env_int("SOCIUS_ATLAS_STATBANK_MAX_JSON_MB", 20, minimum=1) * MB
        )
        self.max_bulk_bytes = (
            max_bulk_bytes or env_int("SOCIUS_ATLAS_STATBANK_MAX_BULK_MB", 500, minimum=1) * MB
        )
        self._opener = urllib.request.build_opener(_NoRedirect)

    @contextmanager
    def _post(
        self, function: str, body: dict[str, Any], limit: int
    ) -> Iterator[tuple[LimitedStream, str]]:
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            f"{self.base_url}/{function}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "*/*"},
            method="POST",
        )
        try:
            response = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            raise data_error(
                _("StatBank answered %(status)s to /%(function)s: %(message)s"),
                status=exc.code,
                function=function,
                message=_error_text(exc),
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise data_error(
                _("StatBank could not be reached at %(url)s: %(reason)s"),
                url=self.base_url,
                reason=str(reason)[:200],
            ) from exc
        with response:
            stream = LimitedStream(response, limit=limit, seconds=self.max_seconds)
            try:
                yield stream, response.headers.get_content_type()
            except TimeoutError as exc:
                raise data_error(_("The answer stopped arriving (timeout).")) from exc
            except http.client.HTTPException as exc:
                raise data_error(_("The answer was cut off before its end.")) from exc

    def _json(self, function: str, body: dict[str, Any]) -> tuple[Any, str]:
        with self._post(function, body, self.max_json_bytes) as (stream, content_type):
            if "json" not in content_type:
                raise data_error(
                    _("StatBank answered with %(type)s, not JSON."), type=content_type[:60]
                )
            data = io.BufferedReader(stream).read()
            return json_read(data), stream.hexdigest()

    def tableinfo(self, table: str) -> TableInfo:
        """The table's title, unit, last update and variables with their codes."""
        document, _digest = self._json("tableinfo", {"table": table, "format": "JSON"})
        return _table_info(document, table)

    def data_jsonstat(self, body: dict[str, Any]) -> tuple[bytes, str]:
        """The JSON-stat answer to ``body`` as bytes (bounded), with its SHA-256."""
        with self._post("data", {**body, "format": "JSONSTAT"}, self.max_json_bytes) as (
            stream,
            content_type,
        ):
            if "json" not in content_type:
                raise data_error(
                    _("StatBank answered with %(type)s, not JSON."), type=content_type[:60]
                )
            data = io.BufferedReader(stream).read()
            return data, stream.hexdigest()

    @contextmanager
    def data_bulk(self, body: dict[str, Any]) -> Iterator[LimitedStream]:
        """The BULK answer to ``body`` as a stream; read it inside the ``with`` block."""
        with self._post("data", {**body, "format": "BULK"}, self.max_bulk_bytes) as (
            stream,
            content_type,
        ):
            if content_type in ("text/html", "application/json", "application/xml"):
                raise data_error(
                    _("StatBank answered with %(type)s, not semicolon-separated data."),
                    type=content_type,
                )
            yield stream


def _error_text(error: urllib.error.HTTPError) -> str:
    try:
        raw = error.read(4096)
    except OSError:
        return error.reason if isinstance(error.reason, str) else ""
    try:
        message = json.loads(raw.decode("utf-8", "replace")).get("message", "")
    except (ValueError, AttributeError):
        message = raw.decode("utf-8", "replace")
    return "".join(c for c in str(message)[:300] if c.isprintable())


def _table_info(document: Any, table: str) -> TableInfo:
    if not isinstance(document, dict) or not isinstance(document.get("variables"), list):
        raise data_error(_("The table information for %(table)s has no variables."), table=table)
    if str(document.get("id", "")).upper() != table.upper():
        raise data_error(
            _("StatBank sent information about table %(got)s, not %(table)s."),
            got=str(document.get("id"))[:20],
            table=table,
        )
    variables = []
    for raw in document["variables"]:
        values = raw.get("values") if isinstance(raw, dict) else None
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("id"), str)
            or not isinstance(values, list)
        ):
            raise data_error(_("The table information for %(table)s is malformed."), table=table)
        codes = tuple(str(v.get("id")) for v in values if isinstance(v, dict))
        variables.append(Variable(raw["id"], codes, bool(raw.get("time")), bool(raw.get("map"))))
    return TableInfo(
        id=str(document["id"]),
        text=str(document.get("text", ""))[:300],
        unit=str(document.get("unit", ""))[:100],
        updated=str(document.get("updated", ""))[:40],
        variables=tuple(variables),
    )
