"""The package: zip bytes as zipfile writes them with a fixed date, parts in python-pptx's order, atomic writes."""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import DeckError
from generator.fileio import write_atomic
from generator.ooxml.package import (
    ZIP_DATE,
    Part,
    Rel,
    entries,
    next_rid,
    relate,
    rels_xml,
    zip_bytes,
)
from generator.ooxml.xml import parse_xml

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def test_zip_is_byte_for_byte_what_zipfile_writes_with_a_fixed_date_and_mode() -> None:
    members = {
        "[Content_Types].xml": b"<Types/>",
        "ppt/empty.xml": b"",
        "ppt/\u00e6\u00f8.xml": "Sámi ŋ".encode(),
        "ppt/media/big.bin": bytes(range(256)) * 400,
        "ppt/again.xml": b"<Types/>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    assert zip_bytes(members) == out.getvalue()
    infos = zipfile.ZipFile(io.BytesIO(zip_bytes(members))).infolist()
    assert {(i.date_time, i.create_system, i.external_attr >> 16) for i in infos} == {
        (ZIP_DATE, 3, 0o644)
    }


def zipfile_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return out.getvalue()


@given(
    st.dictionaries(
        st.text(alphabet="abø/_.[]", min_size=1, max_size=12),
        st.binary(max_size=300) | st.sampled_from([b"<a/>" * 50, bytes(2000)]),
        max_size=8,
    )
)
def test_any_members_zip_to_the_bytes_zipfile_writes(members: dict[str, bytes]) -> None:
    assert zip_bytes(members) == zipfile_bytes(members)


@pytest.mark.slow
def test_a_zip_of_more_entries_than_a_plain_directory_holds_is_zipfile_s() -> None:
    members = {f"p/{n}.xml": b"" for n in range(0x10000)}  # 65,536: ZIP64's directory
    assert zip_bytes(members) == zipfile_bytes(members)


def test_zip_entries_of_a_deck_carry_a_fixed_date(deck_2019: Path) -> None:
    assert {info.date_time for info in zipfile.ZipFile(deck_2019).infolist()} == {ZIP_DATE}


def test_parts_are_listed_depth_first_along_relationships_each_once() -> None:
    parts = {
        "/a.xml": Part(
            "/a.xml",
            "application/vnd.a+xml",
            b"<a/>",
            (Rel("rId1", _RT + "x", "/b/c.xml"), Rel("rId2", _RT + "x", "/d.png")),
        ),
        "/b/c.xml": Part(
            "/b/c.xml", "application/vnd.c+xml", b"<c/>", (Rel("rId1", _RT + "x", "/a.xml"),)
        ),
        "/d.png": Part("/d.png", "image/png", b"png"),
        "/orphan.xml": Part("/orphan.xml", "application/xml", b"<o/>"),
    }
    members = entries((Rel("rId1", _RT + "officeDocument", "/a.xml"),), parts)
    assert list(members) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "a.xml",
        "_rels/a.xml.rels",
        "b/c.xml",
        "b/_rels/c.xml.rels",
        "d.png",
    ]
    assert b'Target="../a.xml"' in members["b/_rels/c.xml.rels"]
    types = members["[Content_Types].xml"].decode()
    assert '<Default Extension="png" ContentType="image/png"/>' in types
    assert '<Override PartName="/a.xml" ContentType="application/vnd.a+xml"/>' in types
    assert "orphan" not in types


def test_a_new_relationship_fills_the_highest_gap_as_python_pptx_does() -> None:
    rels = {"rId1": Rel("rId1", "t", "/a"), "rId3": Rel("rId3", "t", "/b")}
    assert next_rid(rels) == "rId2"
    assert relate(rels, "t", "/c") == "rId2"
    assert next_rid(rels) == "rId4"
    assert next_rid(set()) == "rId1"


_FOLDERS = st.lists(st.sampled_from(["ppt", "slides", "slideLayouts", "media", "a"]), max_size=3)


@given(
    # part names: no part is a folder of another (OPC's rule)
    source=st.tuples(_FOLDERS, st.sampled_from(["x.xml", "presentation.xml"])),
    target=st.tuples(_FOLDERS, st.sampled_from(["y.xml", "slide1.xml"])),
)
def test_a_relationship_targets_its_part_as_relpath_names_it(source, target) -> None:  # noqa: ANN001
    source_name, target_name = ("/" + "/".join([*s[0], s[1]]) for s in (source, target))
    rels = rels_xml(source_name, [Rel("rId1", "t", target_name)]).decode()
    expected = posixpath.relpath(target_name, posixpath.dirname(source_name))
    assert f'Target="{expected}"' in rels
    assert f'Target="{target_name[1:]}"' in rels_xml("/", [Rel("rId1", "t", target_name)]).decode()


def test_package_xml_with_a_dtd_or_an_entity_is_refused() -> None:
    with pytest.raises(Exception, match="DTD"):
        parse_xml(
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'
        )


def test_failed_write_leaves_the_old_deck_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old deck")
    with pytest.raises(DeckError, match="folder"):
        write_atomic(b"new", tmp_path)
    write_atomic(b"new deck", target)
    assert target.read_bytes() == b"new deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_the_deck_goes_only_to_a_regular_file_in_a_folder_that_exists(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(DeckError, match="not a regular file"):
        write_atomic(b"deck", tmp_path / "fifo")
    with pytest.raises(DeckError, match="does not exist"):
        write_atomic(b"deck", tmp_path / "no" / "such" / "deck.pptx")
    assert not (tmp_path / "no").exists()
    (tmp_path / "file").write_text("x")
    with pytest.raises(DeckError, match="is a file, not a folder"):
        write_atomic(b"deck", tmp_path / "file" / "deck.pptx")
