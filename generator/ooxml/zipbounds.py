"""Zip archives checked under bounds before anything opens them: entries, sizes, compression, XML without DTDs."""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from generator.errors import DeckError, Location
from generator.ooxml.xml import parse_xml

MAX_ENTRIES = 20_000  # a deck of 2,000 slides has about 8,000 parts
MAX_ENTRY = 256 * 1024 * 1024  # uncompressed, one entry
MAX_TOTAL = 512 * 1024 * 1024  # uncompressed, all entries
# uncompressed to compressed, for an entry over RATIO_FROM bytes (XML packs about 10 to 1)
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024
_CHUNK = 1 << 20


def check_archive(data: bytes, where: Location, what: str = ".pptx") -> None:
    """Refuse `data` unless it is a zip within the bounds above whose every entry reads back whole (its CRC
    checked) and whose every XML entry parses without a DTD; a DeckError at `where` saying which bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, where, what)
            for info in infos:
                blob = _read(archive, info)
                if info.filename.endswith((".xml", ".rels")):
                    _check_xml(blob, info.filename, where, what)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
    ) as exc:
        raise DeckError(
            f"not a usable {what}: the zip archive is damaged ({exc})",
            where,
            hint="save it again from PowerPoint or LibreOffice",
        ) from None


def _check_sizes(infos: list[zipfile.ZipInfo], where: Location, what: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _bound(f"{len(infos):,} entries, more than {MAX_ENTRIES:,}", where, what)
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL:
        raise _bound(f"{_mib(total)} uncompressed, more than {_mib(MAX_TOTAL)}", where, what)
    for info in infos:
        if info.file_size > MAX_ENTRY:
            raise _bound(
                f"{info.filename} is {_mib(info.file_size)} uncompressed, more than {_mib(MAX_ENTRY)}",
                where,
                what,
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise _bound(
                f"{info.filename} unpacks {ratio:,.0f} times larger than it is stored (more than "
                f"{MAX_RATIO} times: a zip bomb)",
                where,
                what,
            )


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, read in pieces and never past its stated size."""
    pieces, left = [], info.file_size
    with archive.open(info) as handle:
        while piece := handle.read(min(_CHUNK, left + 1)):
            pieces.append(piece)
            left -= len(piece)
            if left < 0:
                raise zipfile.BadZipFile(f"{info.filename} is longer than its stated size")
    return b"".join(pieces)


def _check_xml(blob: bytes, name: str, where: Location, what: str) -> None:
    try:
        parse_xml(blob)
    except etree.XMLSyntaxError as exc:
        problem = (
            "declares a DTD (entities are not allowed)"
            if "DTD" in str(exc)
            else f"is not XML ({exc})"
        )
        raise DeckError(
            f"not a usable {what}: {name} {problem}",
            where,
            hint="save it again from PowerPoint or LibreOffice",
        ) from None


def _bound(problem: str, where: Location, what: str) -> DeckError:
    return DeckError(
        f"not a usable {what}: {problem}",
        where,
        hint="make-deck reads archives within the bounds in docs/checks.md",
    )


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MiB"
