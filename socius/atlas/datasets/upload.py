"""Taking in a researcher's upload: one zip holding a Data Package, or CSV files whose Table
Schema is inferred. Every check runs before anything is stored; a refusal lists every reason
with the file (and the cells) named, and nothing of the upload is kept.

Threat model. The uploader is a logged-in researcher, but the file may be hostile (a stolen
account, a file passed on by someone else) or simply wrong. What we defend against:

- *Size.* The whole request is at most ``MAX_REQUEST_BYTES`` (50 MB; the platform's
  ``RequestSizeLimitMiddleware`` refuses larger bodies before Django reads them, at
  ``SOCIUS_MAX_UPLOAD_MB``, and we check again here), at most ``MAX_FILES`` files.
- *Zip bombs and zip tricks.* Before anything is extracted: at most ``MAX_ZIP_ENTRIES``
  entries, the declared uncompressed total at most ``MAX_UNCOMPRESSED_BYTES``, no entry
  compressed more than ``MAX_RATIO`` times, no encrypted entries, no symbolic links, no
  nested archives, no absolute names, ``..``, backslashes or drive letters. While
  extracting, the bytes actually read are counted against the declared size (a lying header
  stops the extraction). Entries are written under names we choose, in a private temporary
  folder that is removed afterwards.
- *The descriptor.* ``datapackage.json`` (at most ``MAX_DESCRIPTOR_BYTES``) is read by us,
  never handed to frictionless as a whole: a resource's ``path`` must be one relative file
  name inside the zip (no URL, no ``..``, no absolute path, no list of parts); its ``schema``
  and ``dialect`` must be written inline (a string would make frictionless fetch it);
  ``profile`` and ``$schema`` may only name the standard profiles; ``pattern`` constraints
  are refused (a hostile regular expression could run for hours).
- *No network, ever.* frictionless only sees files in our temporary folder under names we
  chose, and runs with ``trusted=False`` and an HTTP session that refuses every request; the
  tests fail if it opens a socket.
- *Disguised content.* Only UTF-8 (with or without a byte-order mark) CSV text is accepted:
  HTML, XML, scripts, NUL bytes, known binary formats (zip, PDF, images, spreadsheets) and
  anything that does not decode as UTF-8 are refused, whatever the file is called. The files
  are served back only as downloads (``Content-Disposition: attachment``) with their own
  content type, so even a CSV cell holding markup is never rendered by the browser.
- *Content.* Each file is validated against its Table Schema (types, missing values,
  header) by frictionless, then scanned for small cells and personal data (``scans.py``).

Not defended here: what a well-formed, honest-looking file says (reviewers can take a
dataset down), and slow uploads (the web server in front bounds request time).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import posixpath
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socius.atlas.datasets import scans
from socius.atlas.datasets.validation import schema_clean, validate_csv

MAX_REQUEST_BYTES = 50 * 1024 * 1024
MAX_FILES = 20
MAX_ZIP_ENTRIES = 100
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small files may compress well; only larger ones are checked
MAX_DESCRIPTOR_BYTES = 1024 * 1024
SNIFF_BYTES = 8192
CHUNK = 64 * 1024
PREVIEW_ROWS = 10
DEFAULT_MISSING_VALUES = ["", ".."]
MAX_MESSAGES = 40

BOM = codecs.BOM_UTF8
_TEXT_EXTRA = frozenset({".md", ".txt"})  # allowed in a zip beside the package, not imported
_ARCHIVES = frozenset({".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".jar"})
_MARKUP = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|object|embed|svg|\?xml|meta|link|style)\b"
)
_BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")
_RESOURCE_NAME = re.compile(r"[^a-z0-9._-]+")
_STANDARD_PROFILES = frozenset(
    {"data-package", "tabular-data-package", "data-resource", "tabular-data-resource"}
)


def max_request_bytes() -> int:
    """The dataset limit, or the platform's request limit when that is lower."""
    return min(MAX_REQUEST_BYTES, settings.MAX_UPLOAD_MB * 1024 * 1024)


@dataclass
class CheckedFile:
    """One CSV resource that passed every check, in the temporary folder."""

    name: str  # the resource name in datapackage.json
    filename: str  # the file's name in the package ("kommuner.csv")
    path: Path
    size: int
    sha256: str
    delimiter: str
    encoding: str
    schema: dict[str, Any]
    rows: int = 0
    preview: list[list[str]] = field(default_factory=list)


class Refusal:
    """The reasons an upload is refused, collected so the researcher sees them all at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def extend(self, messages: Iterable[str]) -> None:
        self.messages.extend(messages)

    def raise_if_any(self) -> None:
        if not self.messages:
            return
        shown = self.messages[:MAX_MESSAGES]
        hidden = len(self.messages) - len(shown)
        if hidden:
            shown.append(
                ngettext("… and %(n)d more problem.", "… and %(n)d more problems.", hidden)
                % {"n": hidden}
            )
        raise ValidationError(shown, code="dataset_refused")


def refuse(message: str) -> ValidationError:
    return ValidationError(message, code="dataset_refused")


# --- The request ------------------------------------------------------------------------------


def uploads_unpack(uploads: list[Any], workdir: Path) -> list[CheckedFile]:
    """Unpack and check the uploaded files into ``workdir``; the files with their schemas
    (from the package's descriptor, or inferred). Raises ``ValidationError`` listing every
    problem; validation and the scans are ``files_check``'s."""
    if not uploads:
        raise refuse(_("Choose a zip file with a Data Package or one or more CSV files."))
    if len(uploads) > MAX_FILES:
        raise refuse(_("Upload at most %(n)d files at a time.") % {"n": MAX_FILES})
    limit = max_request_bytes()
    if sum(int(u.size or 0) for u in uploads) > limit:
        raise refuse(
            _("The upload is too large: at most %(mb)d MB in all.") % {"mb": limit // 2**20}
        )
    zips = [u for u in uploads if _is_zip(u)]
    if zips and len(uploads) > 1:
        raise refuse(_("Upload either one zip file or CSV files, not both."))
    if zips:
        return _from_zip(zips[0], workdir)
    return _from_csv_uploads(uploads, workdir)


def _is_zip(upload: Any) -> bool:
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    return bool(head == b"PK\x03\x04" or str(upload.name).lower().endswith(".zip"))


def _from_csv_uploads(uploads: list[Any], workdir: Path) -> list[CheckedFile]:
    refusal = Refusal()
    files: list[CheckedFile] = []
    names: set[str] = set()
    for upload in uploads:
        label = _display_name(upload.name)
        if not label.lower().endswith(".csv"):
            refusal.add(_("%(file)s: only CSV files can be uploaded.") % {"file": label})
            continue
        filename = _unique_filename(label, names)
        path = workdir / filename
        with path.open("xb") as out:
            for chunk in upload.chunks(CHUNK):
                out.write(chunk)
        problem = content_problem(path, label)
        if problem:
            refusal.add(problem)
            continue
        files.append(_described(path, filename))
    refusal.raise_if_any()
    return files


def _display_name(name: str) -> str:
    """The last part of an uploaded file's name, for messages (never used as a path)."""
    base = posixpath.basename(str(name).replace("\\", "/"))
    return base[:120] or "fil.csv"


def _unique_filename(label: str, taken: set[str]) -> str:
    """A safe file name for the package, made by us from the uploaded one."""
    stem = _RESOURCE_NAME.sub("-", label.lower().removesuffix(".csv")).strip("-.")[:60] or "data"
    filename, n = f"{stem}.csv", 2
    while filename in taken:
        filename, n = f"{stem}-{n}.csv", n + 1
    taken.add(filename)
    return filename


def _resource_name(filename: str) -> str:
    return _RESOURCE_NAME.sub("-", filename.lower().removesuffix(".csv")).strip("-.") or "data"


# --- Content --------------------------------------------------------------------------------


def content_problem(path: Path, label: str) -> str:
    """Why the file at ``path`` is not UTF-8 CSV text, or "" (see the module's threat model)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        return _("%(file)s is empty.") % {"file": label}
    body = head.removeprefix(BOM)
    if body.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return _("%(file)s is not a CSV file (it looks like another kind of file).") % {
            "file": label
        }
    if _MARKUP.search(body.lower()):
        return _("%(file)s contains HTML or other markup, not CSV data.") % {"file": label}
    if not _utf8(path):
        return _("%(file)s is not UTF-8 text. Save it as “CSV UTF-8” and try again.") % {
            "file": label
        }
    return ""


def _utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        return "utf-8-sig" if handle.read(3) == BOM else "utf-8"


def delimiter_of(path: Path) -> str:
    """The separator of the header line: the most frequent of comma, semicolon and tab."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        line = handle.readline(SNIFF_BYTES)
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _described(path: Path, filename: str) -> CheckedFile:
    """A CSV file with its inferred Table Schema: frictionless's guess of types, the missing
    values "" and "..", and the count-of-people mark on fields named like counts."""
    from socius.atlas.datasets.validation import schema_infer

    delimiter = delimiter_of(path)
    encoding = _encoding(path)
    schema = schema_infer(path, delimiter=delimiter, encoding=encoding)
    schema.setdefault("missingValues", list(DEFAULT_MISSING_VALUES))
    for f in schema.get("fields", []):
        f[scans.COUNTS_PEOPLE] = scans.counts_people(f)
    return _checked(path, filename, delimiter, encoding, schema)


def _checked(
    path: Path, filename: str, delimiter: str, encoding: str, schema: dict[str, Any]
) -> CheckedFile:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return CheckedFile(
        name=_resource_name(filename),
        filename=filename,
        path=path,
        size=path.stat().st_size,
        sha256=digest.hexdigest(),
        delimiter=delimiter,
        encoding=encoding,
        schema=schema,
    )


# --- Zip ----------------------------------------------------------------------------------


def _from_zip(upload: Any, workdir: Path) -> list[CheckedFile]:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(_("The zip file cannot be opened. It may be damaged.")) from None
    with archive:
        entries = _zip_entries(archive)
        descriptor_info = _descriptor_entry(entries)
        base = posixpath.dirname(descriptor_info.filename)
        descriptor = _descriptor_read(archive, descriptor_info)
        resources = _descriptor_resources(descriptor)
        by_name = {info.filename: info for info in entries}
        refusal = Refusal()
        files: list[CheckedFile] = []
        taken: set[str] = set()
        for resource in resources:
            inner = posixpath.join(base, resource["path"]) if base else resource["path"]
            info = by_name.get(inner)
            if info is None:
                refusal.add(
                    _("datapackage.json names the file %(path)s, which is not in the zip.")
                    % {"path": resource["path"]}
                )
                continue
            filename = _unique_filename(posixpath.basename(inner), taken)
            path = workdir / filename
            _extract(archive, info, path)
            problem = content_problem(path, resource["path"])
            if problem:
                refusal.add(problem)
                continue
            checked = _checked(
                path,
                filename,
                _dialect_delimiter(resource, path),
                _encoding(path),
                resource["schema"],
            )
            checked.name = resource["name"]
            files.append(checked)
        refusal.raise_if_any()
        return files


def _zip_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The entries, after the checks that need no extraction (see the threat model)."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise refuse(_("The zip file has too many files: at most %(n)d.") % {"n": MAX_ZIP_ENTRIES})
    total = 0
    files = []
    for info in infos:
        name = info.filename
        unsafe = (
            name.startswith("/")
            or "\\" in name
            or re.match(r"^[A-Za-z]:", name) is not None
            or ".." in name.split("/")
            or "\x00" in name
        )
        if unsafe:
            raise refuse(
                _("The zip file contains a file name that points outside the package: %(name)s")
                % {"name": name[:120]}
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refuse(_("The zip file contains a link, which is not allowed."))
        if info.flag_bits & 0x1:
            raise refuse(_("The zip file is encrypted. Upload it without a password."))
        if info.is_dir():
            continue
        suffix = posixpath.splitext(name.lower())[1]
        if suffix in _ARCHIVES:
            raise refuse(_("The zip file contains another archive (%(name)s).") % {"name": name})
        if suffix not in {".csv", ".json"} | _TEXT_EXTRA:
            raise refuse(
                _(
                    "The zip file may only hold datapackage.json, CSV files and text files, not %(name)s."
                )
                % {"name": name[:120]}
            )
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise refuse(_("The zip file is packed suspiciously tightly (a “zip bomb”)."))
        total += info.file_size
        files.append(info)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise refuse(
            _("Unpacked, the zip file would be larger than %(mb)d MB.")
            % {"mb": MAX_UNCOMPRESSED_BYTES // 2**20}
        )
    return files


def _descriptor_entry(entries: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    found = [i for i in entries if posixpath.basename(i.filename) == "datapackage.json"]
    if not found:
        raise refuse(_("The zip file has no datapackage.json."))
    found.sort(key=lambda i: i.filename.count("/"))
    if len(found) > 1 and found[0].filename.count("/") == found[1].filename.count("/"):
        raise refuse(_("The zip file has more than one datapackage.json."))
    return found[0]


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Copy one entry out, stopping as soon as it yields more than it declared."""
    written = 0
    with archive.open(info) as source, path.open("xb") as out:
        for chunk in _chunks(source):
            written += len(chunk)
            if written > info.file_size:
                raise refuse(_("The zip file is packed suspiciously tightly (a “zip bomb”)."))
            out.write(chunk)


def _chunks(source: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := source.read(CHUNK):
            yield chunk
    except (zipfile.BadZipFile, OSError, EOFError):
        raise refuse(_("The zip file cannot be opened. It may be damaged.")) from None


def _descriptor_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, Any]:
    if info.file_size > MAX_DESCRIPTOR_BYTES:
        raise refuse(_("datapackage.json is too large."))
    with archive.open(info) as source:
        raw = b"".join(_chunks(source))[: MAX_DESCRIPTOR_BYTES + 1]
    try:
        descriptor = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise refuse(_("datapackage.json is not valid JSON.")) from None
    if not isinstance(descriptor, dict):
        raise refuse(_("datapackage.json must describe a package (a JSON object)."))
    return descriptor


def _profile_ok(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value in _STANDARD_PROFILES)


def _descriptor_resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The package's resources, each with a safe relative ``path``, an inline schema and a
    name; refuses everything that could reach outside the zip (see the threat model)."""
    if not _profile_ok(descriptor.get("profile")) or "$schema" in descriptor:
        raise refuse(
            _("datapackage.json refers to a profile on the internet, which is not allowed.")
        )
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise refuse(_("datapackage.json lists no resources."))
    if len(resources) > MAX_FILES:
        raise refuse(_("A package may hold at most %(n)d files.") % {"n": MAX_FILES})
    refusal = Refusal()
    checked = []
    names: set[str] = set()
    for number, resource in enumerate(resources, start=1):
        try:
            checked.append(_resource_checked(resource, number, names))
        except ValidationError as exc:
            refusal.extend(exc.messages)
    refusal.raise_if_any()
    return checked


def _resource_checked(resource: Any, number: int, names: set[str]) -> dict[str, Any]:
    if not isinstance(resource, dict):
        raise refuse(_("Resource %(n)d in datapackage.json is not an object.") % {"n": number})
    path = resource.get("path")
    if not isinstance(path, str) or not path:
        raise refuse(
            _("Resource %(n)d in datapackage.json must name one file in “path”.") % {"n": number}
        )
    lowered = path.lower()
    if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) or lowered.startswith("//"):
        raise refuse(
            _("%(path)s: files on the internet are not allowed; put the file in the zip.")
            % {"path": path[:120]}
        )
    if path.startswith("/") or "\\" in path or ".." in path.split("/"):
        raise refuse(
            _("%(path)s: the path must be relative and stay inside the package.")
            % {"path": path[:120]}
        )
    if not lowered.endswith(".csv"):
        raise refuse(_("%(path)s: only CSV resources are supported.") % {"path": path[:120]})
    if not _profile_ok(resource.get("profile")) or "$schema" in resource:
        raise refuse(_("%(path)s refers to a profile on the internet.") % {"path": path[:120]})
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        raise refuse(
            _("%(path)s: the Table Schema must be written inside datapackage.json.")
            % {"path": path[:120]}
        )
    dialect = resource.get("dialect")
    if dialect is not None and not isinstance(dialect, dict):
        raise refuse(
            _("%(path)s: the dialect must be written inside datapackage.json.")
            % {"path": path[:120]}
        )
    encoding = str(resource.get("encoding") or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8", "utf-8-sig"):
        raise refuse(_("%(path)s: only UTF-8 files are accepted.") % {"path": path[:120]})
    name = _resource_name(str(resource.get("name") or posixpath.basename(path)))
    if name in names:
        raise refuse(_("Two resources are called “%(name)s”.") % {"name": name})
    names.add(name)
    return {
        "name": name,
        "path": path,
        "schema": schema_clean(schema, label=path[:120]),
        "dialect": dialect or {},
    }


def _dialect_delimiter(resource: dict[str, Any], path: Path) -> str:
    dialect = resource.get("dialect") or {}
    delimiter = dialect.get("delimiter") or (dialect.get("csv") or {}).get("delimiter")
    if isinstance(delimiter, str) and len(delimiter) == 1 and delimiter in ",;\t|":
        return delimiter
    return delimiter_of(path)


# --- Validation and scans -----------------------------------------------------------------


def files_check(files: list[CheckedFile]) -> None:
    """Validate every file against its schema, then scan it; fills in rows and preview.
    Raises ``ValidationError`` naming every problem (at most ``MAX_MESSAGES``)."""
    refusal = Refusal()
    for checked in files:
        errors = validate_csv(
            checked.path,
            schema=checked.schema,
            delimiter=checked.delimiter,
            encoding=checked.encoding,
            label=checked.filename,
        )
        if errors:
            refusal.extend(errors)
            continue
        refusal.extend(_scan(checked))
    refusal.raise_if_any()


def _scan(checked: CheckedFile) -> list[str]:
    import csv

    csv.field_size_limit(scans.MAX_CELL)
    with checked.path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=checked.delimiter)
        header = next(reader, [])
        counted = _Counted(reader, PREVIEW_ROWS)
        result = scans.scan_rows(
            file=checked.filename,
            header=header,
            rows=counted,
            fields=checked.schema.get("fields", []),
            missing_values=checked.schema.get("missingValues", [""]),
        )
    checked.rows = counted.count
    checked.preview = [list(header), *counted.preview]
    return findings_messages(result)


class _Counted:
    """Rows passed through while counting them and keeping the first few."""

    def __init__(self, rows: Iterable[list[str]], keep: int) -> None:
        self.rows = rows
        self.keep = keep
        self.count = 0
        self.preview: list[list[str]] = []

    def __iter__(self) -> Iterator[list[str]]:
        for row in self.rows:
            self.count += 1
            if len(self.preview) < self.keep:
                self.preview.append([cell[:200] for cell in row])
            yield row


def findings_messages(result: scans.ScanResult) -> list[str]:
    """One plain message per cell found (the value never repeated), and how many more."""
    texts = {
        scans.Kind.SMALL_CELL: _(
            "%(file)s, row %(row)d, column “%(column)s”: fewer than 5 people (1 to 4). "
            "Combine groups or hide the number before you upload."
        ),
        scans.Kind.CPR: _(
            "%(file)s, row %(row)d, column “%(column)s”: looks like a CPR number. "
            "Personal data cannot be published."
        ),
        scans.Kind.EMAIL: _(
            "%(file)s, row %(row)d, column “%(column)s”: contains an e-mail address. "
            "Personal data cannot be published."
        ),
        scans.Kind.PHONE: _(
            "%(file)s, row %(row)d, column “%(column)s”: looks like a phone number. "
            "Personal data cannot be published."
        ),
    }
    messages = [
        texts[f.kind] % {"file": f.file, "row": f.row, "column": f.column} for f in result.findings
    ]
    hidden = result.total - len(result.findings)
    if hidden > 0:
        messages.append(
            ngettext(
                "… and %(n)d more cell like these.", "… and %(n)d more cells like these.", hidden
            )
            % {"n": hidden}
        )
    return messages
