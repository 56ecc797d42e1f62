"""Files in the media folder: written whole or not at all, and a full disk said plainly.

A write can fail half-way: the disk or the quota is full, the file system fails. Django's
``FileSystemStorage`` then leaves the part it wrote under the file's name, and a rolled-back
transaction leaves the files its rows would have pointed to. Nothing refers to such a file, but
it takes space on the full disk, and for the whistleblower scheme it is ciphertext of a report
that was never received, kept until the orphan sweep.

- ``MediaStorage`` (the default storage): Django's storage, but the file is written under a
  temporary name beside its final one and renamed into place only once complete; a failed
  write removes the partial file.
- ``file_new``: the same for code that writes a file itself (the scheme's encrypted
  attachments), and ``files_removed_on_error`` for files whose rows a failed transaction
  never stores.
- ``media_full_refused``: a full disk (``ENOSPC``, ``EDQUOT``) becomes a ``ValidationError``
  with a plain message, so the person's form comes back with it like any refusal, and the log
  gets one warning line without the traceback. Any other ``OSError`` stays an error.
"""

from __future__ import annotations

import errno
import logging
import os
import posixpath
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("socius.storage")

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
MEDIA_FULL_MESSAGE = _(
    "The server has no room for files just now, so nothing was saved. Please try again later."
)
PARTIAL_PREFIX = ".partial-"


def disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in DISK_FULL


@contextmanager
def media_full_refused(what: str) -> Iterator[None]:
    """Turn a full disk inside the block into a ``ValidationError`` (code ``media_full``) and
    log it as a warning. ``what`` names the kind of file for the log ("an encrypted
    attachment"); never a file name or anything a person wrote."""
    try:
        yield
    except OSError as exc:
        if not disk_full(exc):
            raise
        logger.warning(
            "The media folder is full: %s was not saved (%s).", what, os.strerror(exc.errno or 0)
        )
        raise ValidationError(MEDIA_FULL_MESSAGE, code="media_full") from None


@contextmanager
def file_new(path: Path) -> Iterator[IO[bytes]]:
    """A new file at ``path`` (an error if one exists), removed again if the block fails, so
    a failed write leaves nothing behind."""
    out = path.open("xb")
    try:
        with out:  # closing flushes, and can fail too
            yield out
    except BaseException:
        path.unlink(missing_ok=True)  # created by the open above: ours
        raise


@contextmanager
def files_removed_on_error() -> Iterator[list[Path]]:
    """Collect the paths of files written in the block (append them); if the block fails, they
    are removed. Put the transaction inside the block, so a failed commit removes them too."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


class MediaStorage(FileSystemStorage):
    """``FileSystemStorage`` that never leaves a partial file under a file's name."""

    def _save(self, name: str, content: Any) -> str:
        # Django writes to a fresh name (random, so it can only be ours) in the same folder,
        # with its own locking and permissions; a rename in one folder is atomic.
        partial = posixpath.join(posixpath.dirname(name), PARTIAL_PREFIX + secrets.token_hex(16))
        try:
            partial = super()._save(partial, content)  # type: ignore[misc]  # not in the stubs
            return self._rename_into_place(partial, name)
        except BaseException:
            Path(self.path(partial)).unlink(missing_ok=True)
            raise

    def _rename_into_place(self, partial: str, name: str) -> str:
        """Rename the complete file to ``name``, or to the next free name: never over an
        existing file (unless Django's ``allow_overwrite`` option says so, as for Django's)."""
        overwrite = bool(getattr(self, "_allow_overwrite", False))  # not in the stubs
        target = self.path(name) if overwrite else self._reserve(name)
        try:
            os.replace(self.path(partial), target)
        except BaseException:
            if not overwrite:
                os.unlink(target)  # the empty file _reserve made
            raise
        return os.path.relpath(target, self.location).replace(os.sep, "/")

    def _reserve(self, name: str) -> str:
        """Take ``name`` (or the next free name) with an empty file made with ``O_EXCL``; its
        path."""
        while True:
            target = self.path(name)
            try:
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            return target
