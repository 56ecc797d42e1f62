"""A web process whose media folder is a small disk of its own, which a test can fill.

The web server (servers.web_server, production settings) runs inside ``unshare --user --map-root-user
--mount`` with a tmpfs of ``size`` mounted on the media folder: only that process sees the small
disk, nothing on the machine fills up, and it works as root and as a normal user. The test
reaches the tmpfs through ``/proc/<pid>/root`` of the server's master process (same mount
namespace as its workers).

``Visitor`` is a browser without a cookie jar's rules: production settings mark cookies
``Secure``, which an HTTP client would not send back over plain HTTP on loopback.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import httpx

from socius.tests_support.servers import Server, database_url_for_test, production_env, web_server


@dataclass
class SmallMedia:
    server: Server
    folder: Path  # the tmpfs as the test sees it (through /proc/<pid>/root)

    def free_bytes(self) -> int:
        stat = os.statvfs(self.folder)
        return stat.f_bavail * stat.f_frsize

    def files(self) -> dict[str, int]:
        """Every file on the small disk (relative path -> size), the filler left out."""
        return {
            str(path.relative_to(self.folder)): path.stat().st_size
            for path in self.folder.rglob("*")
            if path.is_file() and path.name != FILLER
        }

    def fill(self, *, leave: int) -> None:
        """Fill the disk until about ``leave`` bytes are free."""
        filler = self.folder / FILLER
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            block = b"\0" * 65536
            while True:
                try:
                    os.write(fd, block)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
        finally:
            os.close(fd)
        os.truncate(filler, max(0, filler.stat().st_size - leave))

    def empty(self) -> None:
        (self.folder / FILLER).unlink(missing_ok=True)


FILLER = "filler.bin"


@contextmanager
def small_media_server(
    tmp_path: Path, *, size: str = "1m", extra: Mapping[str, str] | None = None
) -> Iterator[SmallMedia]:
    """The web server on the calling test's database with a ``size`` tmpfs as SOCIUS_MEDIA_ROOT.

    The server also takes this process's secret key as a fallback, so what the test signed
    while it set up (handler-key approvals, a session from ``force_login``) is valid there."""
    from django.conf import settings

    extra = {"SOCIUS_SECRET_KEY_FALLBACKS": settings.SECRET_KEY, **(extra or {})}
    media = tmp_path / "media"
    media.mkdir()
    mount = f'mount -t tmpfs -o size={size},mode=0700 tmpfs "$0" && exec "$@"'
    wrapper = [
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        "/bin/sh",
        "-c",
        mount,
        str(media),
    ]
    env = production_env(database_url=database_url_for_test(), media_root=media, extra=extra)
    with web_server(env, log=tmp_path / "server.log", wrapper=wrapper) as server:
        folder = Path(f"/proc/{server.process.pid}/root") / str(media).lstrip("/")
        assert os.statvfs(folder).f_blocks != os.statvfs(media).f_blocks, "no tmpfs mounted"
        yield SmallMedia(server, folder)


@dataclass
class Visitor:
    """One browser: its cookies, sent back on every request."""

    client: httpx.Client
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        header = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.client.request(method, url, headers={"Cookie": header}, **options)
        jar: SimpleCookie = SimpleCookie()
        for line in response.headers.get_list("set-cookie"):
            jar.load(line)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
        self.client.cookies.clear()
        return response

    def get(self, url: str, **options: Any) -> httpx.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options: Any) -> httpx.Response:
        return self.request("POST", url, **options)


def form_field(html: str, name: str) -> str:
    """The value of the hidden input ``name`` in a page."""
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert found, f"no {name} on the page"
    return found.group(1)
