"""The documented deployment keeps no reporter metadata (docs/whistleblowing.md, section 3).

The commands and configurations in the documentation are what operators copy. This reads
their code blocks: the web server writes no access log, and for every nginx server in them the
location nginx would choose for a page of the scheme has its access log off, as nginx
chooses (exact, longest prefix, ``^~``, then regular expressions in order). Where a log is
written, its format has no user agent, referrer or cookie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

DOCS = [
    settings.BASE_DIR / "docs" / "operations.md",
    settings.BASE_DIR / "docs" / "whistleblowing.md",
    settings.BASE_DIR / "README.md",
]
_FENCE = re.compile(r"^[ \t]*```([\w-]*)\n(.*?)^[ \t]*```", re.M | re.S)
_TOKEN = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[{};]|[^\s{};]+")


@dataclass
class Directive:
    name: str
    args: list[str]
    children: list[Directive] = field(default_factory=list)

    def all(self, name: str) -> list[Directive]:
        return [d for d in self.children if d.name == name]


def _code_blocks(path: Path) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _FENCE.finditer(path.read_text())]


def _parse(text: str) -> Directive:
    """nginx's configuration syntax: directives end in ``;`` or carry a ``{ }`` block."""
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    root = Directive("", [])
    stack, words = [root], []
    for token in _TOKEN.findall(text):
        if token == ";":
            stack[-1].children.append(Directive(words[0], words[1:]))
            words = []
        elif token == "{":
            block = Directive(words[0], words[1:])
            stack[-1].children.append(block)
            stack.append(block)
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token.strip("\"'"))
    assert len(stack) == 1, "unbalanced nginx block in the docs"
    assert not words, "an nginx directive without its semicolon in the docs"
    return root


def _nginx_configs() -> list[Directive]:
    configs = []
    for path in DOCS:
        for language, text in _code_blocks(path):
            if language == "nginx" or re.search(r"^\s*server\s*\{", text, re.M):
                configs.append(_parse(text))
    return configs


def _location_for(server: Directive, uri: str) -> Directive | None:
    """The location nginx gives ``uri`` (top-level locations of one server)."""
    exact, prefixes, regexes = None, [], []
    for location in server.all("location"):
        if location.args[0] == "=":
            if location.args[1] == uri:
                exact = location
        elif location.args[0] in {"~", "~*"}:
            regexes.append(location)
        else:
            prefix = location.args[-1]
            if uri.startswith(prefix):
                prefixes.append((len(prefix), location))
    if exact is not None:
        return exact
    best = max(prefixes, key=lambda p: p[0])[1] if prefixes else None
    if best is not None and best.args[0] == "^~":
        return best
    for location in regexes:
        flags = re.I if location.args[0] == "~*" else 0
        if re.search(location.args[1], uri, flags):
            return location
    return best


def _access_logs(*levels: Directive | None) -> list[list[str]]:
    """The access_log directives in force: the innermost level that has any."""
    for level in levels:
        if level is not None and level.all("access_log"):
            return [d.args for d in level.all("access_log")]
    return [["logs/access.log", "combined"]]  # nginx's default


def _scheme_uris() -> list[str]:
    home = reverse("whistleblowing:information")
    return [
        home.rstrip("/"),
        home,
        reverse("whistleblowing:report-new", args=["medarbejdere"]),
        reverse("whistleblowing:inbox"),
        reverse("whistleblowing:inbox-login"),
        reverse("whistleblowing:handler-home"),
        static("whistleblowing/pow.js"),
    ]


def test_the_docs_hold_nginx_servers_to_check():
    servers = [s for config in _nginx_configs() for s in config.all("server")]
    assert len(servers) >= 3


@pytest.mark.parametrize("uri", _scheme_uris())
def test_no_documented_proxy_logs_a_page_of_the_scheme(uri):
    for config in _nginx_configs():
        for server in config.all("server"):
            # A server-level return answers before any location is chosen.
            location = None if server.all("return") else _location_for(server, uri)
            logs = _access_logs(location, server, config)
            assert logs == [["off"]], (uri, server.args, logs)


def test_where_the_documented_proxy_logs_it_logs_no_user_agent_referrer_or_cookie():
    for config in _nginx_configs():
        formats = {d.args[0]: " ".join(d.args[1:]) for d in config.all("log_format")}
        for server in config.all("server"):
            for level in [server, *server.all("location")]:
                for args in _access_logs(level, server, config):
                    if args == ["off"]:
                        continue
                    name = args[1] if len(args) > 1 else "combined"
                    assert name in formats, f"access log with nginx's {name} format"
                    assert not re.search(r"\$http_(user_agent|referer|cookie)", formats[name])


def test_the_web_server_writes_no_access_log_in_any_documented_command():
    commands = [
        text
        for path in DOCS
        for _lang, text in _code_blocks(path)
        if re.search(r"\b(socius\.serve|gunicorn|granian)\b", text)
    ]
    assert len(commands) >= 2  # the command line and the systemd unit
    for text in commands:
        assert not re.search(r"--(access-log|access-logfile|log-access)", text)
        assert "accesslog" not in text


def test_the_launcher_has_no_way_to_write_an_access_log():
    from socius import serve

    with pytest.raises(SystemExit):
        serve._parser().parse_args(["--access-log"])
    assert not any("access" in action.dest for action in serve._parser()._actions)
