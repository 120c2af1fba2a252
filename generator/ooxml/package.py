"""The deterministic package: parts and relationships to zip bytes, content types and .rels; atomic writes."""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.ooxml.names import NS
from generator.ooxml.xml import element, sub_element, xml_bytes

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
# Extensions that take a <Default> content type in [Content_Types].xml, with that type, as python-pptx writes them
# (pptx.opc.spec.default_content_types); every other part gets an <Override>.
DEFAULT_TYPES = frozenset(
    {
        ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
        ("bmp", "image/bmp"),
        ("emf", "image/x-emf"),
        ("fntdata", "application/x-fontdata"),
        ("gif", "image/gif"),
        ("jpe", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("mov", "video/quicktime"),
        ("mp4", "video/mp4"),
        ("mpg", "video/mpeg"),
        ("png", "image/png"),
        ("rels", RELS_TYPE),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("vid", "video/unknown"),
        ("wdp", "image/vnd.ms-photo"),
        ("wmf", "image/x-wmf"),
        ("wmv", "video/x-ms-wmv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("xml", "application/xml"),
    }
)


@dataclass(frozen=True)
class Rel:
    """A relationship: its id, type, and target (a part name, or a URL when external)."""

    rid: str
    type: str
    target: str
    external: bool = False


@dataclass(frozen=True)
class Part:
    """A package part: its name (`/ppt/slides/slide1.xml`), content type, bytes and relationships."""

    name: str
    content_type: str
    blob: bytes
    rels: tuple[Rel, ...] = ()


def next_rid(used: Collection[str]) -> str:
    """The id python-pptx gives a new relationship beside those with the ids `used` (a set, or
    relationships by id): the highest free `rIdN` with N at most one more than their number (so
    gaps are filled from the top)."""
    return next(f"rId{n}" for n in range(len(used) + 1, 0, -1) if f"rId{n}" not in used)


def relate(rels: dict[str, Rel], type_: str, target: str) -> str:
    """A new relationship in `rels` (relationships by id) under the id python-pptx gives it; the id."""
    rid = next_rid(rels)
    rels[rid] = Rel(rid, type_, target)
    return rid


def rels_name(part_name: str) -> str:
    """The zip entry of a part's relationships: `/ppt/slides/slide1.xml` -> `ppt/slides/_rels/slide1.xml.rels`."""
    folder, base = posixpath.split(part_name)
    return posixpath.join(folder, "_rels", base + ".rels").lstrip("/")


def rels_xml(source: str, rels: Sequence[Rel]) -> bytes:
    """A .rels part: relationships in numerical id order, targets relative to `source` (a part name, or "/")."""
    root = element("pr:Relationships", {None: NS["pr"]})
    start = posixpath.dirname(source).rstrip("/").split("/")
    for rel in sorted(rels, key=_rid_order):
        target = rel.target if rel.external else _relative(rel.target, start)
        made = sub_element(root, "pr:Relationship", Id=rel.rid, Type=rel.type, Target=target)
        if rel.external:
            made.set("TargetMode", "External")
    return xml_bytes(root)


def _relative(target: str, start: list[str]) -> str:
    """A part name as a reference from the folder whose steps are `start` (`["", "ppt", "slides"]`
    for /ppt/slides): `../slideLayouts/slideLayout1.xml`. What `posixpath.relpath` gives for part
    names, which are normalised already, without the work of normalising them again."""
    steps = target.split("/")
    common = 0
    while common < min(len(start), len(steps) - 1) and start[common] == steps[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + steps[common:])


def _rid_order(rel: Rel) -> tuple[int, str]:
    number = rel.rid[3:]
    return (int(number) if rel.rid.startswith("rId") and number.isdigit() else 0, rel.rid)


def content_types_xml(parts: Sequence[Part]) -> bytes:
    """`[Content_Types].xml`: a Default for each known extension, an Override for every other part."""
    defaults = {"rels": RELS_TYPE, "xml": "application/xml"}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = posixpath.splitext(part.name)[1][1:].lower()
        if (ext, part.content_type) in DEFAULT_TYPES:
            defaults[ext] = part.content_type
        else:
            overrides[part.name] = part.content_type
    root = element("ct:Types", {None: NS["ct"]})
    for ext, content_type in sorted(defaults.items()):
        sub_element(root, "ct:Default", Extension=ext, ContentType=content_type)
    for name, content_type in sorted(overrides.items()):
        sub_element(root, "ct:Override", PartName=name, ContentType=content_type)
    return xml_bytes(root)


def walk(root_rels: Sequence[Rel], parts: Mapping[str, Part]) -> Iterator[Part]:
    """Every part reachable from the package's relationships, once, depth first in relationship order: the
    order python-pptx writes them in."""
    seen: set[str] = set()
    stack: list[Iterator[Rel]] = [iter(root_rels)]
    while stack:
        rel = next(stack[-1], None)
        if rel is None:
            stack.pop()
            continue
        if rel.external or rel.target in seen or rel.target not in parts:
            continue
        seen.add(rel.target)
        part = parts[rel.target]
        yield part
        stack.append(iter(part.rels))


def entries(root_rels: Sequence[Rel], parts: Mapping[str, Part]) -> dict[str, bytes]:
    """The package's zip entries in order: content types, package rels, then each part and its rels."""
    ordered = list(walk(root_rels, parts))
    out = {
        "[Content_Types].xml": content_types_xml(ordered),
        "_rels/.rels": rels_xml("/", root_rels),
    }
    for part in ordered:
        out[part.name[1:]] = part.blob
        if part.rels:
            out[rels_name(part.name)] = rels_xml(part.name, part.rels)
    return out


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    """A zip of `members` in order, deflated, with a fixed date and mode: equal members give equal
    bytes, the bytes `zipfile` writes for them (`_zipfile_bytes`). The headers are packed here:
    zipfile's work per entry (a header written twice, a seek back, a lock) was a third of zipping
    a deck of many slides. An archive that needs ZIP64 is left to zipfile."""
    if len(members) > _MAX_ENTRIES or sum(map(len, members.values())) > _MAX_BYTES:
        return _zipfile_bytes(members)
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in members.items():
        raw, flags = _zip_name(name)
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
        crc = zlib.crc32(data)
        fields = (flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data))
        local += (_LOCAL.pack(b"PK\x03\x04", 20, 0, *fields, len(raw), 0), raw, packed)
        # made by zipfile 2.0 on Unix (3), needs 2.0; no extra, comment, disk or internal attributes
        head = _CENTRAL.pack(
            b"PK\x01\x02", 20, 3, 20, 0, *fields, len(raw), 0, 0, 0, 0, _MODE, offset
        )
        central += (head, raw)
        offset += _LOCAL.size + len(raw) + len(packed)
    directory = b"".join(central)
    count = len(members)
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join((*local, directory, end))


# zipfile's structFileHeader, structCentralDir and structEndArchive
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
_MODE = 0o644 << 16  # -rw-r--r--
_MAX_ENTRIES = 0xFFFF  # more, and zipfile writes a ZIP64 directory
# contents past which an entry or an offset might need ZIP64 (zipfile.ZIP64_LIMIT, 2 GiB, halved)
_MAX_BYTES = 1 << 30


def _zip_name(name: str) -> tuple[bytes, int]:
    """An entry's name as zipfile stores it: ASCII, else UTF-8 with the flag that says so."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800


def _zipfile_bytes(members: Mapping[str, bytes]) -> bytes:
    """`zip_bytes` written by zipfile itself."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # as zipfile writes on POSIX, on every system
            info.external_attr = _MODE
            archive.writestr(info, data)
    return buffer.getvalue()
