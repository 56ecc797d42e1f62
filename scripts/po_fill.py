#!/usr/bin/env python
"""Fill empty entries of a .po file from a Python file that defines ``T = {msgid: msgstr}``
(plural entries as ``(singular, plural): (form0, form1)``). Maintainer tool for `make messages`:
it never overwrites an existing translation. Usage: po_fill.py CATALOGUE.po TRANSLATIONS.py"""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


def _unquote(lines: list[str]) -> str:
    joined = "".join(re.findall(r'^"(.*)"$', ln.strip())[0] for ln in lines)
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), joined)


def main(po_path: str, table_path: str) -> int:
    table = runpy.run_path(table_path)["T"]
    blocks = Path(po_path).read_text(encoding="utf-8").split("\n\n")
    filled = missing = 0
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        if fuzzy:
            # makemessages guessed from a similar message: treat it as untranslated.
            lines = [ln for ln in lines if not ln.startswith("#|")]
            lines = [re.sub(r",?\s*fuzzy", "", ln) if ln.startswith("#,") else ln for ln in lines]
            lines = [ln for ln in lines if ln.strip() != "#,"]
        fields: dict[str, list[str]] = {}
        key = None
        for ln in lines:
            m = re.match(r"^(msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", ln)
            if m:
                key = m.group(1)
                fields[key] = [m.group(2)]
            elif ln.startswith('"') and key:
                fields[key].append(ln)
        if "msgid" not in fields or _unquote(fields["msgid"]) == "":
            continue
        msgid = _unquote(fields["msgid"])
        if "msgid_plural" in fields:
            lookup = (msgid, _unquote(fields["msgid_plural"]))
            if not fuzzy and all(_unquote(fields[f"msgstr[{i}]"]) for i in (0, 1)):
                continue
            if lookup not in table:
                missing += 1
                continue
            forms = table[lookup]
            head = lines[: next(i for i, ln in enumerate(lines) if ln.startswith("msgstr"))]
            blocks[index] = "\n".join(
                [*head, *(f"msgstr[{i}] {_quote(f)}" for i, f in enumerate(forms))]
            )
        else:
            if _unquote(fields["msgstr"]) and not fuzzy:
                continue
            if msgid not in table:
                missing += 1
                continue
            head = lines[: next(i for i, ln in enumerate(lines) if ln.startswith("msgstr"))]
            blocks[index] = "\n".join([*head, f"msgstr {_quote(table[msgid])}"])
        filled += 1
    Path(po_path).write_text("\n\n".join(blocks), encoding="utf-8")
    print(f"filled {filled}, still missing {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
