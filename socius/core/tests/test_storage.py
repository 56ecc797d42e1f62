"""The media storage writes a file whole or not at all, and never over an accepted file (the
full disk itself: socius/whistleblowing/tests/test_media_full.py and
socius/deliberation/tests/test_media_full.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile, File

from socius.core.storage import MediaStorage


class _Broken(File):
    """Content whose reading fails half-way, as a write on a full disk does."""

    def __init__(self) -> None:
        super().__init__(None, name="broken.pdf")

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        yield b"%PDF-1.4 first half"
        raise OSError(28, "No space left on device")


def test_it_saves_under_a_new_name_and_keeps_the_file_already_there(tmp_path: Path) -> None:
    storage = MediaStorage(location=tmp_path)
    first = storage.save("documents/rapport.pdf", ContentFile(b"%PDF- first"))
    second = storage.save("documents/rapport.pdf", ContentFile(b"%PDF- second"))
    assert first == "documents/rapport.pdf"
    assert second != first
    assert (tmp_path / first).read_bytes() == b"%PDF- first"
    assert (tmp_path / second).read_bytes() == b"%PDF- second"
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == sorted(
        [Path(first).name, Path(second).name]
    )


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    storage = MediaStorage(location=tmp_path)
    kept = storage.save("documents/rapport.pdf", ContentFile(b"%PDF- accepted"))
    with pytest.raises(OSError, match="No space left"):
        storage.save("documents/rapport.pdf", _Broken())
    assert [p.name for p in (tmp_path / "documents").iterdir()] == [Path(kept).name]
    assert (tmp_path / kept).read_bytes() == b"%PDF- accepted"
