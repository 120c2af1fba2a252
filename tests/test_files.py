"""Files and archives read under bounds: regular files only, never blocking, zips checked before they are opened."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from generator.content import datafiles, editions, layouts
from generator.content import located as loader
from generator.errors import DeckError, Location
from generator.fileio import looks_utf16, read_regular
from generator.ooxml import zipbounds as archive
from generator.ooxml.zipbounds import check_archive
from generator.templating import sandbox
from generator.writer import pictures

from .conftest import REPO

HERE = Location("x")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    # opening it would wait for a writer for ever: the run's timeout catches that
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(DeckError, match="is a named pipe, not a regular file"):
        read_regular(tmp_path / "pipe", HERE)


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="is a device"):
        read_regular(Path("/dev/zero"), HERE)
    with pytest.raises(DeckError, match="is a folder"):
        read_regular(tmp_path, HERE)


def test_a_file_over_its_bound_is_refused_with_both_sizes(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 2000)
    assert read_regular(tmp_path / "big", HERE, limit=2000) == b"x" * 2000
    with pytest.raises(DeckError, match="has 2 000 bytes, more than the 1 999 allowed"):
        read_regular(tmp_path / "big", HERE, limit=1999, what="file")


def test_a_missing_file_is_the_callers_to_word(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "nothing", HERE)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_recognised_with_or_without_a_mark(codec: str) -> None:
    assert looks_utf16("title: Åpning\nvars: {}\n".encode(codec))
    assert not looks_utf16("title: Åpning\nvars: {}\n".encode())


def _zip(entries: dict[str, bytes], level: int = 9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for name, data in entries.items():
            out.writestr(name, data)
    return buffer.getvalue()


def test_the_shipped_master_is_within_every_bound() -> None:
    check_archive((REPO / "templates" / "base.pptx").read_bytes(), HERE)


def test_an_entry_that_unpacks_far_larger_than_it_is_stored_is_a_bomb() -> None:
    with pytest.raises(DeckError, match=r"zeros\.bin unpacks [\d,]+ times larger"):
        check_archive(_zip({"zeros.bin": bytes(2 << 20)}), HERE)
    # small entries may pack as well as they like
    check_archive(_zip({"small.bin": bytes(1 << 20)}), HERE)


def test_too_many_entries_are_refused_before_any_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    with pytest.raises(DeckError, match="4 entries, more than 3"):
        check_archive(_zip({f"{n}.txt": b"x" for n in range(4)}), HERE)


def test_xml_with_a_dtd_is_refused_and_a_damaged_zip_is_named_as_such() -> None:
    evil = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'
    with pytest.raises(DeckError, match="a.xml declares a DTD"):
        check_archive(_zip({"a.xml": evil}), HERE)
    data = bytearray(_zip({"a.xml": b"<a>" + b"text " * 200 + b"</a>"}))
    data[60:64] = b"\xff\xff\xff\xff"  # inside the deflated data: the checksum no longer matches
    with pytest.raises(DeckError, match="damaged"):
        check_archive(bytes(data), HERE)


def _spaced(n: int) -> str:
    return f"{n:,}"


def test_the_bounds_in_the_docs_are_the_bounds_in_the_code() -> None:
    text = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    table = text[text.index("## Bounds on what make-deck reads") : text.index("## Valid OOXML")]
    mib = 1024 * 1024
    stated = [
        f"{loader.MAX_BYTES // mib} MiB, {_spaced(loader.MAX_NODES)} values, nesting {loader.MAX_DEPTH} deep",
        f"{layouts.MAX_LAYOUT_BYTES // mib} MiB, inside the layout folders",
        f"{datafiles.MAX_BYTES // mib} MB, {_spaced(datafiles.MAX_ROWS)} rows",
        f"{pictures.MAX_BYTES // mib} MiB, {pictures.MAX_PIXELS // 1_000_000} megapixels",
        f"{_spaced(archive.MAX_ENTRIES)} entries, {archive.MAX_TOTAL // mib} MiB unpacked in all, "
        f"{archive.MAX_ENTRY // mib} MiB for one entry, an entry over {archive.RATIO_FROM // mib} MiB at most "
        f"{archive.MAX_RATIO} times its packed size",
        f"{_spaced(sandbox.MAX_TEXT)} characters of text, {_spaced(sandbox.MAX_OUTPUT)} characters of layout output, "
        f"{_spaced(sandbox.MAX_STEPS)} loop steps, integers of {_spaced(sandbox.MAX_INT_BITS)} bits",
    ]
    for bound in stated:
        assert bound in table, bound
    assert sandbox.MAX_TEMPLATE_BYTES == layouts.MAX_LAYOUT_BYTES
    assert f"chains of {editions.MAX_CHAIN} files" in table
