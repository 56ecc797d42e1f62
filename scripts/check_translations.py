#!/usr/bin/env python
"""Fail when the Danish catalogue is stale, or has untranslated or fuzzy messages.

Stale means the catalogue's messages differ from those in the code: the script extracts the
messages afresh into a temporary copy of locale/ and compares the two sets of ids.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"


def parse(path: Path) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """(context, id) -> (translations, fuzzy) for every live entry of a .po file."""
    entries: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [ln for ln in block.strip().splitlines() if not ln.startswith("#~")]
        if not any(ln.startswith("msgid ") for ln in lines):
            continue
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        fields: dict[str, str] = {}
        key = None
        for ln in lines:
            if ln.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', ln)
            if m:
                key = m.group(1)
                fields[key] = m.group(2)
            elif ln.startswith('"') and key:
                fields[key] += ln[1:-1]
        if fields.get("msgid", "") == "":
            continue  # the header
        strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        entries[(fields.get("msgctxt", ""), fields["msgid"])] = (strs, fuzzy)
    return entries


def extract_fresh() -> Path:
    tmp = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "locale", tmp / "locale")
    env = {**os.environ, "SOCIUS_DEBUG": "1", "SOCIUS_LOCALE_DIR": str(tmp / "locale")}
    subprocess.run(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "da",
            "--ignore=.venv",
            "--ignore=bench",
            "--no-location",
            "--no-obsolete",
            "-v0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return tmp / "locale" / "da" / "LC_MESSAGES" / "django.po"


def main() -> int:
    if not CATALOGUE.exists():
        print(f"Missing {CATALOGUE}")
        return 1
    committed = parse(CATALOGUE)
    fresh = parse(extract_fresh())
    problems = []
    for key in sorted(set(fresh) - set(committed)):
        problems.append(f"not in the catalogue (run `make messages`): {key[1]!r}")
    for key in sorted(set(committed) - set(fresh)):
        problems.append(f"stale, no longer in the code: {key[1]!r}")
    for key, (strs, fuzzy) in sorted(committed.items()):
        if fuzzy:
            problems.append(f"fuzzy: {key[1]!r}")
        elif not strs or any(s == "" for s in strs):
            problems.append(f"untranslated: {key[1]!r}")
    if "#~" in CATALOGUE.read_text(encoding="utf-8"):
        problems.append("obsolete (#~) entries remain: run `make messages`")
    for problem in problems:
        print(problem)
    print(f"Danish catalogue: {len(committed)} messages, {len(problems)} problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
