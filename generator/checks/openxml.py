"""Valid OOXML: Microsoft's Open XML SDK validator (via Node.js) and the package checks it does not make."""

from __future__ import annotations

import io
import json
import os
import posixpath
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from generator.errors import DeckError, Location
from generator.findings import Check, Finding
from generator.ooxml.names import NS, qn, rel_type

# Where `npm ci` installs the validator in a checkout; MAKE_DECK_VALIDATOR names another folder.
VALIDATOR_DIR = Path(__file__).resolve().parents[2] / "tools" / "validator"
SDK_PACKAGE = "@ooxml-tools/validate"
OFFICE_VERSION = "Microsoft365"

_SLIDE_REL = rel_type("slide")
_CONTENT_TYPES = "[Content_Types].xml"


@dataclass(frozen=True)
class Validator:
    """How to run the SDK validator: the node program and the wrapper script."""

    node: str
    script: Path

    def command(self, files: Sequence[Path], office_version: str = OFFICE_VERSION) -> list[str]:
        return [
            self.node,
            str(self.script),
            "--office-version",
            office_version,
            *(str(f) for f in files),
        ]


def validator(folder: Path | None = None) -> Validator:
    """The installed validator; a DeckError naming what to install when node or the package is missing.

    Looked for in `folder`, else $MAKE_DECK_VALIDATOR, else tools/validator in the current folder, then in
    the checkout this module runs from.
    """
    if folder is None and os.environ.get("MAKE_DECK_VALIDATOR"):
        folder = Path(os.environ["MAKE_DECK_VALIDATOR"])
    if folder is None:
        here = Path.cwd() / "tools" / "validator"
        folder = here if (here / "validate.mjs").is_file() else VALIDATOR_DIR
    node = shutil.which("node")
    if node is None:
        raise DeckError(
            "the Open XML SDK validator needs Node.js, and 'node' is not on the PATH",
            hint="install it (Debian: apt-get install nodejs npm, or run tools/install-system-deps.sh)",
        )
    script = folder / "validate.mjs"
    package = folder / "node_modules" / SDK_PACKAGE / "package.json"
    if not script.is_file() or not package.is_file():
        raise DeckError(
            f"the npm package {SDK_PACKAGE} is not installed in {folder}",
            hint=f"run 'npm ci' in {folder} (tools/install-system-deps.sh does), "
            "or set MAKE_DECK_VALIDATOR to a folder where it is",
        )
    return Validator(node, script)


def sdk_errors(pptx: Path) -> list[str]:
    """The Open XML SDK's errors for one deck, one line each: `part xpath: id: description`; [] when valid."""
    return sdk_errors_all([pptx])[pptx]


def sdk_errors_all(decks: Sequence[Path], timeout: float = 60.0) -> dict[Path, list[str]]:
    """`sdk_errors` for several decks in one run: the SDK loads once (3-4 s), then 1-1.5 s a deck.

    `timeout` is for loading the SDK; each deck adds 30 s to it.
    """
    if not decks:
        return {}
    import subprocess  # here: a build, which runs the checks below and not the SDK, need not import it

    run = validator()
    files = [Path(d).resolve() for d in decks]
    limit = timeout + 30 * len(files)
    try:
        proc = subprocess.run(
            run.command(files), capture_output=True, text=True, timeout=limit, cwd=run.script.parent
        )
    except subprocess.TimeoutExpired:
        raise DeckError(
            f"the Open XML SDK validator took longer than {limit:.0f} s", Location(str(decks[0]))
        ) from None
    try:
        if proc.returncode not in (0, 1):
            raise ValueError
        results = json.loads(proc.stdout)
    except ValueError:
        reason = proc.stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        raise DeckError(
            f"the Open XML SDK validator failed: {reason[0]}", Location(str(decks[0]))
        ) from None
    return {
        deck: [_sdk_line(e) for e in results[str(file)]]
        for deck, file in zip(decks, files, strict=True)
    }


def _sdk_line(error: dict) -> str:
    path = error.get("path") or {}
    where = " ".join(p for p in (path.get("partUri", ""), path.get("xpath", "")) if p)
    description = " ".join(str(error.get("description", "")).split())
    return f"{where or 'package'}: {error.get('id', '')}: {description}"


def package_findings(pptx: bytes | Mapping[str, bytes], source: Location) -> list[Finding]:
    """Package problems the SDK does not report: shape ids, relationship targets, content types, table grids.

    `pptx` is a .pptx file's bytes, or its parts by name as the writer made them (then nothing is unzipped)."""
    try:
        package = _Package.read(pptx)
        return [
            Finding(source, package.slide_of(part), part, check, message)
            for part, check, message in (
                *package.content_type_problems(),
                *package.relationship_problems(),
                *package.slide_problems(),
            )
        ]
    except zipfile.BadZipFile as exc:
        return [Finding(source, 0, "", Check.PACKAGE, f"not a readable .pptx package: {exc}")]
    except _Unreadable as exc:
        return [Finding(source, 0, exc.part, Check.PACKAGE, f"/{exc.part}: {exc.reason}")]


class _Unreadable(Exception):
    """A part the checks cannot read; nothing else can be checked reliably."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(part, reason)
        self.part = part
        self.reason = reason


@dataclass(frozen=True)
class _Package:
    """A .pptx opened as plain parts: names (without the leading slash) to bytes, and slide numbers."""

    parts: dict[str, bytes]
    slides: dict[str, int]

    @classmethod
    def read(cls, data: bytes | Mapping[str, bytes]) -> _Package:
        if isinstance(data, bytes):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
        parts = dict(data)
        return cls(parts, cls(parts, {})._slide_numbers())

    def xml(self, name: str) -> etree._Element:
        if name not in self.parts:
            raise _Unreadable(name, "the part is missing")
        return _parse(self.parts[name], name)

    def rels(self, name: str) -> Iterator[Mapping[str, str]]:
        """The relationships of part `name` ("" for the package)."""
        folder, base = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels in self.parts:
            yield from _relationships(self.parts[rels], rels)

    def target(self, name: str, rel: Mapping[str, str]) -> str:
        """The part a relationship of `name` points at, as a part name."""
        return _target(posixpath.dirname(name), rel.get("Target", ""))

    def _slide_numbers(self) -> dict[str, int]:
        """Slide parts in presentation order, and each notes slide under its slide's number."""
        main = next(
            (
                self.target("", r)
                for r in self.rels("")
                if r.get("Type", "").endswith("/officeDocument")
            ),
            "ppt/presentation.xml",
        )
        if main not in self.parts:
            return {}
        by_id = {r.get("Id"): self.target(main, r) for r in self.rels(main)}
        ids = self.xml(main).iterfind("p:sldIdLst/p:sldId", NS)
        numbers = {by_id.get(s.get(qn("r:id")), ""): n for n, s in enumerate(ids, 1)}
        for name in [
            n for n in self.parts if n.startswith("ppt/notesSlides/") and n.endswith(".xml")
        ]:
            for rel in self.rels(name):
                if rel.get("Type") == _SLIDE_REL and self.target(name, rel) in numbers:
                    numbers[name] = numbers[self.target(name, rel)]
        return numbers

    def slide_of(self, name: str) -> int:
        """The slide a part (or its .rels part) belongs to; 0 for the rest of the package."""
        if "/_rels/" in name or name.startswith("_rels/"):
            folder, base = posixpath.split(name)
            name = posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))
        return self.slides.get(name, 0)

    def content_type_problems(self) -> Iterator[tuple[str, str, str]]:
        types = self.xml(_CONTENT_TYPES)
        defaults = {d.get("Extension", "").lower() for d in types.iterfind("ct:Default", NS)}
        overrides = [o.get("PartName", "") for o in types.iterfind("ct:Override", NS)]
        named = {o.lower() for o in overrides}
        present = {name.lower() for name in self.parts}
        for name in self.parts:
            base = posixpath.basename(name)
            extension = base.rsplit(".", 1)[1].lower() if "." in base else ""
            if (
                name != _CONTENT_TYPES
                and extension not in defaults
                and "/" + name.lower() not in named
            ):
                yield (
                    name,
                    Check.CONTENT_TYPE,
                    (
                        f"part /{name} has no content type (no Default for '.{extension}', no Override)"
                    ),
                )
        for part in overrides:
            if part.lstrip("/").lower() not in present:
                yield (
                    _CONTENT_TYPES,
                    Check.CONTENT_TYPE,
                    f"Override names part {part}, which is not in the package",
                )

    def relationship_problems(self) -> Iterator[tuple[str, str, str]]:
        present = {name.lower() for name in self.parts}
        for rels in [n for n in self.parts if n.endswith(".rels")]:
            folder, base = posixpath.split(rels)
            source = posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))
            for rel in self.rels(source):
                if rel.get("TargetMode") == "External":
                    continue
                target = self.target(source, rel)
                if target.lower() not in present:
                    kind = rel.get("Type", "").rsplit("/", 1)[-1]
                    yield (
                        rels,
                        Check.RELATIONSHIP,
                        (
                            f"{rel.get('Id')} ({kind}) points at /{target}, which is not in the package"
                        ),
                    )

    def slide_problems(self) -> Iterator[tuple[str, str, str]]:
        """Shape ids used twice, then table rows that do not fit their grids, slide by slide (one read each)."""
        names = [
            name
            for name in sorted(self.slides, key=self.slides.__getitem__)
            if name in self.parts and name.startswith("ppt/slides/")
        ]
        found = [(name, _slide_problems(self.parts[name], name)) for name in names]
        yield from ((name, Check.SHAPE_ID, message) for name, (ids, _) in found for message in ids)
        yield from (
            (name, Check.TABLE, message) for name, (_, tables) in found for message in tables
        )


@lru_cache(maxsize=4096)
def _target(folder: str, target: str) -> str:
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def _parse(data: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        raise _Unreadable(name, f"not well-formed XML: {exc}") from None


# The checks below are read from a part's bytes once per process: a batch of editions shares most of its parts.
@lru_cache(maxsize=512)
def _relationships(data: bytes, name: str) -> tuple[Mapping[str, str], ...]:
    """The attributes of each relationship in a .rels part."""
    return tuple(dict(rel.attrib) for rel in _parse(data, name).iterfind("pr:Relationship", NS))


@lru_cache(maxsize=512)
def _slide_problems(data: bytes, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A slide's shape ids used more than once, and its tables whose rows do not fit their grids."""
    root = _parse(data, name)
    shapes = root.findall(".//p:cNvPr", NS)
    counts = Counter(s.get("id") for s in shapes)
    ids = tuple(
        f"shape id {shape_id} is used by {count} shapes: "
        + ", ".join(f"'{s.get('name')}'" for s in shapes if s.get("id") == shape_id)
        for shape_id, count in counts.items()
        if count > 1
    )
    tables = []
    for frame in root.iterfind(".//p:graphicFrame", NS):
        table = frame.find(".//a:tbl", NS)
        if table is None:
            continue
        shape = frame.find("p:nvGraphicFramePr/p:cNvPr", NS)
        label = f"table '{shape.get('name') if shape is not None else '?'}'"
        columns = len(table.findall("a:tblGrid/a:gridCol", NS))
        for row_number, row in enumerate(table.iterfind("a:tr", NS), 1):
            tables.extend(f"{label} row {row_number}: {p}" for p in _row_problems(row, columns))
    return ids, tuple(tables)


def _row_problems(row: etree._Element, columns: int) -> Iterator[str]:
    """A DrawingML row has one a:tc per grid column, the cells a gridSpan covers included (marked hMerge)."""
    cells = row.findall("a:tc", NS)
    if len(cells) != columns:
        yield f"has {len(cells)} cells for a grid of {columns} columns"
        return
    for col, cell in enumerate(cells):
        span = int(cell.get("gridSpan", "1")) if cell.get("gridSpan", "1").isdigit() else 1
        if col + span > columns:
            yield f"cell {col + 1} spans {span} columns, past the grid's {columns}"
