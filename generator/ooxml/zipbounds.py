"""Zip archives checked under bounds before anything opens them: entries, sizes, compression, XML without DTDs."""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from generator.errors import DeckError, Location

MAX_ENTRIES = 20_000  # a deck of 2,000 slides has about 8,000 parts
MAX_ENTRY = 256 * 1024 * 1024  # uncompressed, one entry
MAX_TOTAL = 512 * 1024 * 1024  # uncompressed, all entries
# uncompressed to compressed, for an entry over RATIO_FROM bytes (XML packs about 10 to 1)
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024
_CHUNK = 1 << 20


def check_archive(data: bytes, where: Location, what: str = ".pptx") -> None:
    """Refuse `data` unless it is a zip within the bounds above, each entry name once, whose every entry reads
    back whole (its CRC checked) and whose every XML entry parses without a DTD. Entries are streamed: memory
    stays a few chunks whatever an entry holds. A DeckError at `where` saying which bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, where, what)
            _check_names(infos, where, what)
            for info in infos:
                xml = info.filename.endswith((".xml", ".rels"))
                _stream(archive, info, _XmlCheck(info.filename, where, what) if xml else None)
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


def _check_names(infos: list[zipfile.ZipInfo], where: Location, what: str) -> None:
    """Each entry named once: part names are compared without case (OPC), and a reader that took the first of
    two entries would see another package than one that took the last."""
    seen: set[str] = set()
    for info in infos:
        name = info.filename.casefold()
        if name in seen:
            raise _bound(
                f"the entry {info.filename!r} is in the archive twice (two parts of one name)",
                where,
                what,
            )
        seen.add(name)


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, check: _XmlCheck | None) -> None:
    """An entry read in pieces to its end (so zipfile checks its CRC), never past its stated size; each piece
    handed to `check` and dropped."""
    left = info.file_size
    with archive.open(info) as handle:
        while piece := handle.read(min(_CHUNK, left + 1)):
            left -= len(piece)
            if left < 0:
                raise zipfile.BadZipFile(f"{info.filename} is longer than its stated size")
            if check is not None:
                check.feed(piece)
    if check is not None:
        check.close()


class _XmlCheck:
    """An XML entry parsed as it streams, without a DTD, each element dropped once read: well-formedness at
    the memory of a chunk."""

    def __init__(self, name: str, where: Location, what: str) -> None:
        self.name, self.where, self.what = name, where, what
        self.parser = etree.XMLPullParser(
            events=("start", "end"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        )
        self.started = False

    def feed(self, piece: bytes) -> None:
        try:
            self.parser.feed(piece)
            self._drain()
        except etree.XMLSyntaxError as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        try:
            self.parser.close()
            self._drain()
        except etree.XMLSyntaxError as exc:
            raise self._error(exc) from None

    def _drain(self) -> None:
        for event, element in self.parser.read_events():
            if not self.started:
                self.started = True
                if element.getroottree().docinfo.doctype:
                    raise etree.XMLSyntaxError("a DTD is not allowed", None, 0, 0, "")
            if event == "end":
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    parent.remove(element)

    def _error(self, exc: etree.XMLSyntaxError) -> DeckError:
        problem = (
            "declares a DTD (entities are not allowed)"
            if "DTD" in str(exc)
            else f"is not XML ({exc})"
        )
        return DeckError(
            f"not a usable {self.what}: {self.name} {problem}",
            self.where,
            hint="save it again from PowerPoint or LibreOffice",
        )


def _bound(problem: str, where: Location, what: str) -> DeckError:
    return DeckError(
        f"not a usable {what}: {problem}",
        where,
        hint="make-deck reads archives within the bounds in docs/checks.md",
    )


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MiB"
