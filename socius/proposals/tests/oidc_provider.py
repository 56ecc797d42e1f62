"""The real OpenID Connect provider (panva's oidc-provider on Node) for tests, on loopback."""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import httpx

TOOLS = Path(__file__).resolve().parents[3] / "tools" / "oidc-provider"
CLIENT_ID = "socius"
CLIENT_SECRET = "socius-test-secret"  # noqa: S105
_INSTALL_LOCK = threading.Lock()


def ensure_installed() -> None:
    """`npm ci` from the committed lockfile, once per checkout (a file lock: parallel test
    workers are separate processes, and two `npm ci` at once would break each other)."""
    with _INSTALL_LOCK, (TOOLS / "package-lock.json").open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (TOOLS / "node_modules" / "oidc-provider").exists():
                subprocess.run(  # noqa: S603  (fixed command, our own folder)
                    [shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"],
                    cwd=TOOLS,
                    check=True,
                    capture_output=True,
                )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class OidcProvider:
    # Node 20 deadlocked in OpenSSL in about one start in 20-40 when the provider's key was
    # made after oidc-provider was loaded (server.mjs now makes it first). Should a start still
    # hang, one that has not said READY within this many seconds is killed and tried again.
    START_SECONDS = 10
    ATTEMPTS = 3

    def __init__(self, redirect_uris: list[str]) -> None:
        ensure_installed()
        env = {
            **os.environ,
            "OIDC_PORT": "0",
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
        }
        line = ""
        for _attempt in range(self.ATTEMPTS):
            self.process = subprocess.Popen(  # noqa: S603  (fixed command, our own folder)
                [shutil.which("node") or "node", "server.mjs"],
                cwd=TOOLS,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert self.process.stdout is not None
            ready, _w, _x = select.select([self.process.stdout], [], [], self.START_SECONDS)
            line = self.process.stdout.readline().strip() if ready else ""
            if line.startswith("READY "):
                self.issuer = line.split(" ", 1)[1]
                return
            self.process.kill()
            self.process.wait(timeout=10)
        raise RuntimeError(f"the OpenID Connect provider did not start: {line!r}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def configure(self, settings: Any) -> None:
        settings.PROPOSALS_OIDC_ISSUER = self.issuer
        settings.PROPOSALS_OIDC_CLIENT_ID = CLIENT_ID
        settings.PROPOSALS_OIDC_CLIENT_SECRET = CLIENT_SECRET
        settings.PROPOSALS_OIDC_SCOPES = "openid profile municipality cpr"


def provider_login(auth_url: str, claims: dict[str, str], *, stop_at: str) -> str:
    """Complete the provider's login form as a citizen would; the redirect back to us."""
    url = auth_url
    with httpx.Client(follow_redirects=False, timeout=10) as client:
        for _step in range(12):
            if url.startswith(stop_at):
                return url
            response = client.get(url)
            if response.status_code in (302, 303):
                url = httpx.URL(url).join(response.headers["location"]).__str__()
                continue
            assert response.status_code == 200, response.text
            assert 'name="login"' in response.text, response.text
            form_url = url
            response = client.post(form_url, data=claims)
            assert response.status_code in (302, 303), response.text
            url = httpx.URL(url).join(response.headers["location"]).__str__()
    raise AssertionError("the provider never redirected back")
