"""Hostile input through the real command: a located error or warning, never a crash, a hang or a lost deck."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from .conftest import REPO
from .test_bad_inputs import GOOD, write

MAIN = "from generator.commands.app import main; main()"
MINE = "slides:\n  - layout: mine\n    title: x\n"  # a slide of the project's layout `mine`, at deck.yaml:2:5
LAYOUT_HEAD = """\
{#---
master: Title Only
fields:
  title: {type: text, required: true, help: The slide's title.}
---#}
shapes:
  - placeholder: title
    field: title
    text: {{ title | q }}
"""


def layout_writing(line: str, text: str = "hei") -> dict[str, str]:
    """A project layout `mine` whose second shape, a text box, has `line` (at line 11 of the layout)."""
    return {
        "templates/layouts/mine.yaml.j2": LAYOUT_HEAD
        + f"  - geometry: textbox\n    {line}\n    text: {text}\n"
    }


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of every run: the source tree, and a cache folder of the tests' own."""
    return {
        "PYTHONPATH": str(REPO),
        "PATH": "/usr/bin:/bin",
        "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")),
    }


def make_deck(
    cwd: Path,
    env: dict[str, str],
    *args: str,
    timeout: float = 30,
    prefix: tuple[str, ...] = (),
    code: str = MAIN,
) -> subprocess.CompletedProcess:
    """`make-deck ARGS` as a user runs it in `cwd`; a run that does not end in `timeout` seconds fails the test."""
    try:
        return subprocess.run(
            [*prefix, sys.executable, "-c", code, *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"make-deck {' '.join(args)} did not end within {timeout} s")


@dataclass(frozen=True)
class Project:
    """A project folder with a good deck already built from deck.yaml at deck.pptx."""

    root: Path
    env: dict[str, str]
    before: bytes

    def run(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return make_deck(self.root, self.env, *args, timeout=timeout)

    def untouched(self) -> None:
        assert (self.root / "deck.pptx").read_bytes() == self.before, "the previous deck changed"
        assert not list(self.root.rglob("*.tmp")), "a temporary file was left behind"


@pytest.fixture(scope="session")
def good_deck(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> bytes:
    """The deck make-deck builds from GOOD (the same bytes in any folder), built once."""
    root = tmp_path_factory.mktemp("good")
    write(root, {"deck.yaml": GOOD})
    built = make_deck(root, env, "deck.yaml", "-o", "deck.pptx")
    assert built.returncode == 0, built.stderr
    return (root / "deck.pptx").read_bytes()


@pytest.fixture
def project(tmp_path: Path, env: dict[str, str], good_deck: bytes) -> Project:
    root = tmp_path / "project"
    write(root, {"deck.yaml": GOOD})
    (root / "deck.pptx").write_bytes(good_deck)
    return Project(root, env, good_deck)


def no_crash(result: subprocess.CompletedProcess) -> None:
    said = result.stdout + result.stderr
    assert result.returncode != 3 and "internal error" not in said, said
    assert "Traceback" not in said, said


def located_error(result: subprocess.CompletedProcess, where: str, says: str = "") -> None:
    """Exit 1, and the first line of stderr is a located message at `where` (a regular expression)."""
    no_crash(result)
    assert result.returncode == 1, result.stderr
    first = result.stderr.splitlines()[0] if result.stderr else ""
    assert re.match(where, first), f"expected {where!r} first, got:\n{result.stderr}"
    assert says in result.stderr, result.stderr


def test_output_onto_a_fifo_is_refused_without_blocking(project: Project) -> None:
    os.mkfifo(project.root / "out.pptx")
    result = project.run("deck.yaml", "-o", "out.pptx")
    located_error(result, r"out\.pptx: ", "not a regular file")
    assert stat.S_ISFIFO((project.root / "out.pptx").lstat().st_mode)
    project.untouched()


def _unshare_works() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def test_output_onto_a_device_is_refused(project: Project) -> None:
    """As root the deck would be renamed over /dev/null, so the run gets a private /dev of its own."""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if os.geteuid() == 0:
        if not _unshare_works():
            pytest.skip(
                "as root, -o /dev/null is only safe in a private mount namespace, and unshare -m fails here"
            )
        script = (
            'mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 || exit 99; "$@"; rc=$?; '
            '[ -c /dev/null ] && echo "still a device" >&2; echo "in /dev: $(ls -A /dev)" >&2; exit $rc'
        )
        result = make_deck(
            project.root,
            project.env,
            "deck.yaml",
            "-o",
            "/dev/null",
            timeout=20,
            prefix=("unshare", "-m", "sh", "-c", script, "sh"),
        )
        assert result.returncode != 99, result.stderr
        assert "still a device" in result.stderr and "in /dev: null\n" in result.stderr, (
            result.stderr
        )
    else:
        result = project.run("deck.yaml", "-o", "/dev/null", timeout=20)
    located_error(result, r"/dev/null: ", "not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    project.untouched()


def test_output_onto_the_content_file_is_refused(project: Project) -> None:
    write(project.root, {"content/2019.yaml": GOOD})
    result = project.run("content/2019.yaml", "-o", "content/2019.yaml")
    no_crash(result)
    assert result.returncode in (1, 2) and "content file" in result.stderr, result.stderr
    assert (project.root / "content/2019.yaml").read_text(encoding="utf-8") == GOOD
    project.untouched()


def test_two_content_files_of_one_name_are_refused_before_anything_is_written(
    project: Project,
) -> None:
    # one project (its content/ folder), so both would be build/x.pptx
    write(project.root, {"content/a/x.yaml": GOOD, "content/b/x.yaml": GOOD})
    result = project.run("content/a/x.yaml", "content/b/x.yaml")
    no_crash(result)
    assert result.returncode == 2, result.stderr
    assert "a/x.yaml" in result.stderr and "b/x.yaml" in result.stderr, result.stderr
    assert not [p for p in project.root.rglob("*.pptx") if p.name != "deck.pptx"]
    project.untouched()


@dataclass(frozen=True)
class Bad:
    """Files that make one located error: where the first line starts (a pattern) and words it must say."""

    id: str
    content: str
    where: str
    says: str = ""
    files: dict[str, str | bytes] = field(default_factory=dict)


def _chain(length: int) -> dict[str, str]:
    files = {f"chain/e{i}.yaml": f"extends: e{i - 1}.yaml\n" for i in range(1, length)}
    return {**files, "chain/e0.yaml": GOOD}


LAYOUT_SLIDE = r"deck\.yaml:2:5: "
CASES = [
    Bad("title-over-255", GOOD.replace("A good deck", "x" * 300), r"deck\.yaml:1:8: ", "255"),
    Bad(
        "author-over-255",
        GOOD.replace("title: A good deck", "title: A\nauthor: " + "y" * 300),
        r"deck\.yaml:2:9: ",
        "255",
    ),
    Bad(
        "typo-in-a-list-expression",
        GOOD.replace("bullets: [a, b]", "bullets: \"{{ goals | map(attribute='txt') | list }}\""),
        r"deck\.yaml:12:14: ",
        "txt",
    ),
    Bad(
        "undefined-inside-a-list-literal",
        GOOD.replace('"{{ region }}"', '"{{ [regoin, region] }}"'),
        r"deck\.yaml:9:12: ",
        "regoin",
    ),
    Bad(
        "sandbox-attribute-through-map",
        GOOD.replace(
            "bullets: [a, b]", "bullets: \"{{ goals | map(attribute='__class__') | list }}\""
        ),
        r"deck\.yaml:12:14: ",
        "not allowed",
    ),
    Bad(
        "extends-chain-of-1000-files",
        "extends: chain/e999.yaml\n",
        r"(deck|chain/e\d+)\.yaml:\d+:\d+: ",
        "extends",
        files=_chain(1000),
    ),
    Bad(
        "nan-in-a-box",
        MINE,
        LAYOUT_SLIDE,
        "shapes[2].box",
        layout_writing("box: [.nan, 0, 100, 50]"),
    ),
    Bad(
        "inf-in-a-box", MINE, LAYOUT_SLIDE, "shapes[2].box", layout_writing("box: [0, 0, .inf, 50]")
    ),
    Bad(
        "nan-as-a-size",
        MINE,
        LAYOUT_SLIDE,
        "shapes[2].size",
        layout_writing("size: .nan\n    box: [60, 200, 200, 50]"),
    ),
    Bad(
        "inf-as-a-size",
        MINE,
        LAYOUT_SLIDE,
        "shapes[2].size",
        layout_writing("size: .inf\n    box: [60, 200, 200, 50]"),
    ),
    Bad(
        "negative-box",
        MINE,
        LAYOUT_SLIDE,
        "shapes[2].box",
        layout_writing("box: [100, 100, -50, -20]"),
    ),
    Bad(
        "box-far-off-the-slide",
        MINE,
        LAYOUT_SLIDE,
        "shapes[2].box",
        layout_writing("box: [1.0e+12, 0, 100, 50]"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_content_is_a_located_error_and_keeps_the_deck(project: Project, case: Bad) -> None:
    write(project.root, {**case.files, "deck.yaml": case.content})
    result = project.run("deck.yaml", "-o", "deck.pptx")
    located_error(result, case.where, case.says)
    assert "Undefined" not in result.stderr
    project.untouched()


def test_a_yaml_1_1_boolean_shown_on_a_slide_is_at_least_a_warning(project: Project) -> None:
    """`country: NO` is read as false; a slide saying "False" is not what the author wrote."""
    write(
        project.root,
        {
            "deck.yaml": GOOD.replace(
                "region: Telemark", "region: Telemark\n  country: NO"
            ).replace('"{{ region }}"', '"{{ region }}, {{ country }}"')
        },
    )
    result = project.run("deck.yaml", "-o", "deck.pptx")
    no_crash(result)
    assert result.returncode in (0, 1), result.stderr
    assert re.search(
        r"^(warning: )?deck\.yaml:(5|10):\d+: .*(country|NO|false|False)", result.stderr, re.M
    ), f"nothing says the slide shows False:\n{result.stderr}"
    if result.returncode == 1:
        project.untouched()


def _png_bomb() -> bytes:
    """A 30000 x 30000 one-bit PNG of zeros: 110 KB that decompress to 112 MB of pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    side, packer = 30000, zlib.compressobj(9)
    rows = b"\0" * (1 + side // 8) * 1000
    idat = b"".join(packer.compress(rows) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _jpeg(side: int) -> Callable[[], bytes]:
    def make() -> bytes:
        buffer = io.BytesIO()
        Image.new("L", (side, side)).save(buffer, "JPEG", quality=1)
        return buffer.getvalue()

    return make


@pytest.mark.parametrize(
    "make",
    [_jpeg(15000), _png_bomb, _jpeg(12000)],
    ids=["jpeg-15000x15000", "png-decompression-bomb", "jpeg-144-megapixels"],
)
def test_a_huge_picture_is_a_located_error_without_pillows_warning(
    project: Project, make: Callable[[], bytes]
) -> None:
    name = "big.png" if make is _png_bomb else "big.jpg"
    write(
        project.root,
        {
            name: make(),
            "deck.yaml": f"slides:\n  - layout: picture\n    title: x\n    image: {name}\n"
            "    alt: Et kart over regionen\n",
        },
    )
    result = project.run("deck.yaml", "-o", "deck.pptx")
    located_error(result, r"deck\.yaml:4:12: ", name)
    assert (
        "DecompressionBomb" not in result.stderr and "decompression bomb DOS" not in result.stderr
    )
    project.untouched()


def test_a_damaged_cache_gives_the_same_deck_without_a_word(
    tmp_path: Path, env: dict[str, str]
) -> None:
    own = {**env, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    content = GOOD.replace(
        "bullets: [a, b]", 'bullets: ["{{ deck.date | long_date }}", "{{ [1, 2] | and_list }}"]'
    )
    write(tmp_path, {"deck.yaml": content})
    first = make_deck(tmp_path, own, "deck.yaml", "-o", "first.pptx")
    assert first.returncode == 0, first.stderr
    for junk in ("{}", "[1]", ""):
        entries = [p for p in (tmp_path / "cache" / "make-deck").rglob("*") if p.is_file()]
        assert entries, "the build kept nothing in the cache folder"
        for entry in entries:
            entry.write_text(junk)
        again = make_deck(tmp_path, own, "deck.yaml", "-o", "again.pptx")
        no_crash(again)
        assert (again.returncode, again.stderr) == (0, ""), (
            f"with {junk!r} in the cache:\n{again.stderr}"
        )
        assert (tmp_path / "again.pptx").read_bytes() == (tmp_path / "first.pptx").read_bytes()


def test_an_include_through_a_linked_folder_outside_the_project_is_refused(
    project: Project,
) -> None:
    outside = project.root.parent / "outside"
    write(outside, {"part.txt": "SECRET-FROM-OUTSIDE"})
    write(
        project.root,
        {
            "deck.yaml": MINE,
            **layout_writing("box: [60, 200, 400, 50]", "\"{% include 'shared/part.txt' %}\""),
        },
    )
    (project.root / "templates" / "layouts" / "shared").symlink_to(
        outside, target_is_directory=True
    )
    result = project.run("deck.yaml", "-o", "deck.pptx")
    located_error(result, r"(deck\.yaml:2:5|templates/layouts/[\w./-]+:\d+:\d+): ")
    assert "SECRET" not in result.stdout + result.stderr
    project.untouched()


def test_a_build_folder_linked_outside_the_project_is_refused(project: Project) -> None:
    outside = project.root.parent / "elsewhere"
    outside.mkdir()
    (project.root / "build").symlink_to(outside, target_is_directory=True)
    result = project.run("deck.yaml")
    no_crash(result)
    assert result.returncode in (1, 2) and "outside the project" in result.stderr, result.stderr
    assert not list(outside.iterdir()), "a file was written outside the project"
    project.untouched()


@pytest.mark.parametrize(
    "fifo", ["brand.pptx", "templates/layouts/x.yaml.j2"], ids=["template", "layout-file"]
)
def test_a_named_pipe_read_as_a_file_ends_with_an_error(project: Project, fifo: str) -> None:
    (project.root / fifo).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(project.root / fifo)
    # refused without opening it (that would wait for a writer for ever); how fast: bench/limits.py
    template = ("--template", fifo) if fifo.endswith(".pptx") else ()
    result = project.run("deck.yaml", *template, "-o", "deck.pptx")
    no_crash(result)
    assert result.returncode in (1, 2) and re.match(
        re.escape(fifo) + r"(:\d+:\d+)?: ", result.stderr
    ), result.stderr
    project.untouched()


def template_with(
    target: Path, part: str, root: str, entity: str, use: Callable[[str], str]
) -> None:
    """templates/base.pptx copied to `target`, `part` declaring `entity` in a DTD and using it as `use` says."""
    with (
        zipfile.ZipFile(REPO / "templates" / "base.pptx") as source,
        zipfile.ZipFile(target, "w") as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename).decode()
            if info.filename == part:
                end = data.index("?>") + 2
                data = data[:end] + f"<!DOCTYPE {root} [{entity}]>" + use(data[end:])
            out.writestr(info, data.encode())


ENTITIES = {
    "internal-entity-in-the-theme": (
        "ppt/theme/theme1.xml",
        "a:theme",
        '<!ENTITY e "Evil Font">',
        lambda xml: re.sub(r'<a:latin typeface="[^"]*"', '<a:latin typeface="&e;"', xml, count=1),
    ),
    "external-entity-in-the-presentation": (
        "ppt/presentation.xml",
        "p:presentation",
        '<!ENTITY x SYSTEM "file:///etc/passwd">',
        lambda xml: xml.replace("</p:presentation>", "&x;</p:presentation>"),
    ),
}


@pytest.mark.parametrize("entity", ENTITIES.values(), ids=ENTITIES.keys())
def test_a_template_declaring_an_entity_is_refused(project: Project, entity: tuple) -> None:
    template_with(project.root / "brand.pptx", *entity)
    result = project.run("deck.yaml", "--template", "brand.pptx", "-o", "deck.pptx")
    located_error(result, r"[\w./-]*brand\.pptx(:\d+:\d+)?: ")
    assert "Evil Font" not in result.stderr and "root:" not in result.stdout + result.stderr
    project.untouched()


def bomb_template(target: Path, part: str) -> None:
    """templates/base.pptx with `part` made 1 GiB of zeros (4.5 MB deflated), written in 1 MiB pieces."""
    with (
        zipfile.ZipFile(REPO / "templates" / "base.pptx") as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in source.infolist():
            if info.filename != part:
                out.writestr(info, source.read(info.filename))
        with out.open(part, "w", force_zip64=True) as handle:
            zeros = bytes(1 << 20)
            for _ in range(1024):
                handle.write(zeros)


# the run's address space held to 2 GiB, and its peak memory (KiB) written to peak.txt as it exits: VmHWM, which
# starts anew at exec (ru_maxrss keeps the peak of the process that forked it: here, the test run's)
MEASURED = (
    "import atexit, re, resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); atexit.register("
    "lambda: open('peak.txt', 'w').write(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]));"
    " " + MAIN
)


# a part the build reads in the default run; one it never reads under --sweep
@pytest.mark.parametrize(
    "part",
    [
        pytest.param("ppt/presProps.xml", id="used-part"),
        pytest.param("ppt/media/zeros.bin", id="extra-part", marks=pytest.mark.sweep),
    ],
)
def test_a_template_holding_a_zip_bomb_is_refused_in_little_memory(
    project: Project, part: str
) -> None:
    # how fast: bench/limits.py ("zip-bomb master refused", at most 5 s)
    bomb_template(project.root / "brand.pptx", part)
    result = make_deck(
        project.root,
        project.env,
        "deck.yaml",
        "--template",
        "brand.pptx",
        "-o",
        "deck.pptx",
        timeout=20,
        code=MEASURED,
    )
    located_error(result, r"[\w./-]*brand\.pptx(:\d+:\d+)?: ")
    peak = int((project.root / "peak.txt").read_text()) >> 10
    assert peak < 400, f"used {peak} MiB"
    project.untouched()


def long_talk(region: str, slides: int) -> str:
    """A talk of `slides` slides, each with a text of its own to compile: 400 take about a second to build."""
    items = [
        f'  - layout: bullets\n    title: Punkt {i}\n    bullets: [en {i}, "{region} {{{{ region }}}} {i}", tre]'
        for i in range(slides)
    ]
    return (
        f"title: Stor\ndate: 2024-03-15\nvars:\n  region: {region}\nslides:\n"
        + "\n".join(items)
        + "\n"
    )


def opens(deck: Path) -> None:
    with zipfile.ZipFile(deck) as archive:
        assert archive.testzip() is None and "ppt/presentation.xml" in archive.namelist()


def _before_make_deck_ran(err: str) -> bool:
    """A KeyboardInterrupt raised while Python was still loading make-deck's first file, before any
    statement of it ran: every frame is the `-c` line or Python's own import machinery."""
    frames = re.findall(r'File "([^"]+)"', err)
    ours = [f for f in frames if f != "<string>" and not f.startswith("<frozen")]
    return bool(frames) and not ours and err.rstrip().endswith("KeyboardInterrupt")


def stopped_cleanly(child: subprocess.Popen, signum: int, when: str) -> None:
    """128 + the signal (or 1) and one line; or stopped by the signal before Python could hear it, saying nothing;
    or stopped while Python itself was starting (its own `Fatal Python error`, before any of make-deck ran)."""
    _, err = child.communicate(timeout=30)
    if (child.returncode == -signum and err == "") or err.startswith(
        "Fatal Python error: init_import_site"
    ):
        return
    if _before_make_deck_ran(err):
        return
    assert "Traceback" not in err and "internal error" not in err, f"{when}:\n{err}"
    assert child.returncode in (128 + signum, 1), f"{when}: exit {child.returncode}\n{err}"
    assert len(err.strip().splitlines()) == 1, f"{when}:\n{err}"


# while Python starts, while make-deck imports, while it builds; every tenth of a second or so under --sweep
MOMENTS = [
    pytest.param(400, (0.03, 0.3, 0.6), id="three-moments"),
    pytest.param(
        1200, (0.01, 0.03, 0.1, 0.3, 0.4, 0.5, 0.6, 0.8), id="every-moment", marks=pytest.mark.sweep
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("slides", "moments"), MOMENTS)
# Ctrl-C in the default run; SIGTERM (its one line and exit status: test_stops.py) under --sweep
@pytest.mark.parametrize(
    "signum",
    [
        pytest.param(signal.SIGINT, id="SIGINT"),
        pytest.param(signal.SIGTERM, id="SIGTERM", marks=pytest.mark.sweep),
    ],
)
def test_a_stopped_build_leaves_the_old_deck_or_a_complete_new_one(
    project: Project, signum: int, slides: int, moments: tuple[float, ...]
) -> None:
    # no cache folder: each run compiles anew
    uncached = {**project.env, "XDG_CACHE_HOME": "/dev/null/cache"}
    write(project.root, {"deck.yaml": long_talk("Telemark", slides)})
    assert project.run("deck.yaml", "-o", "deck.pptx").returncode == 0
    old = (project.root / "deck.pptx").read_bytes()
    write(project.root, {"deck.yaml": long_talk("Vestfold", slides)})
    decks = set()
    for delay in moments:
        child = subprocess.Popen(
            [sys.executable, "-c", MAIN, "deck.yaml", "-o", "deck.pptx"],
            cwd=project.root,
            env=uncached,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        child.send_signal(signum)
        stopped_cleanly(child, signum, f"{signal.Signals(signum).name} after {delay} s")
        decks.add((project.root / "deck.pptx").read_bytes())
        assert not list(project.root.rglob("*.tmp")), "a temporary file was left behind"
    assert make_deck(project.root, uncached, "deck.yaml", "-o", "new.pptx").returncode == 0
    assert decks <= {old, (project.root / "new.pptx").read_bytes()}, (
        "a deck neither old nor complete"
    )
    opens(project.root / "deck.pptx")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.mark.slow
@pytest.mark.parametrize(
    "slides", [300, pytest.param(600, marks=pytest.mark.sweep)], ids=["300-slides", "600-slides"]
)
# the whole process group, as Ctrl-C in a terminal stops it; the parent alone under --sweep
@pytest.mark.parametrize(
    "group",
    [
        pytest.param(False, id="parent-only", marks=pytest.mark.sweep),
        pytest.param(True, id="whole-group"),
    ],
)
def test_nothing_is_written_after_a_stopped_batch_has_exited(
    project: Project, group: bool, slides: int
) -> None:
    names = ["a.yaml", "b.yaml", "c.yaml"]
    write(project.root, {name: long_talk("Telemark", slides) for name in names})
    assert project.run(*names, "-j", "2").returncode == 0
    write(project.root, {name: long_talk("Vestfold", slides) for name in names})
    uncached = {**project.env, "XDG_CACHE_HOME": "/dev/null/cache"}
    child = subprocess.Popen(
        [sys.executable, "-c", MAIN, *names, "-j", "2"],
        cwd=project.root,
        env=uncached,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        time.sleep(0.4)
        (os.killpg if group else os.kill)(child.pid, signal.SIGINT)
        stopped_cleanly(child, signal.SIGINT, "the batch")
        build = project.root / "build"
        seen = snapshot(build)
        time.sleep(1)
        assert snapshot(build) == seen, "a deck was written after make-deck had exited"
        for deck in build.glob("*.pptx"):
            opens(deck)
        assert not list(build.glob("*.tmp")), "a temporary file was left behind"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # workers the stopped build left behind, if any


@pytest.mark.parametrize(
    ("bom", "codec"),
    [("", "utf-16"), ("\ufeff", "utf-16-be"), ("", "utf-16-le")],
    ids=["utf-16-bom-le", "utf-16-bom-be", "utf-16-le-no-bom"],
)
def test_a_utf16_file_is_named_as_such(project: Project, bom: str, codec: str) -> None:
    write(project.root, {"deck.yaml": (bom + GOOD).encode(codec)})
    result = project.run("deck.yaml", "-o", "deck.pptx")
    located_error(result, r"deck\.yaml:\d+:\d+: ", "UTF-16")
    assert "UTF-8" in result.stderr and "binary" not in result.stderr, result.stderr
    project.untouched()


def test_an_unknown_language_is_reported_once_at_its_line(project: Project) -> None:
    write(
        project.root,
        {
            "deck.yaml": "language: xx-YY\n"
            + GOOD.replace(
                "bullets: [a, b]",
                (
                    'bullets: ["{{ deck.date | long_date }}", "{{ [1, 2] | and_list }}", "{{ 1234.5 | number }}"]'
                ),
            )
        },
    )
    result = project.run("deck.yaml", "-o", "deck.pptx")
    no_crash(result)
    about = [line for line in result.stderr.splitlines() if "xx" in line.lower()]
    assert len(about) == 1 and re.match(r"(warning: )?deck\.yaml:1:11: ", about[0]), result.stderr


@pytest.mark.parametrize(
    "output", [("-o", "deck.pptx"), ()], ids=["given-output", "default-output"]
)
def test_a_read_only_folder_is_named_as_not_writable(
    project: Project, output: tuple[str, ...]
) -> None:
    args = ("deck.yaml", *output)
    # root writes through permissions: the folder becomes a read-only mount of its own
    if os.geteuid() == 0:
        if not _unshare_works():
            pytest.skip(
                "as root, a read-only folder needs a private mount namespace, and unshare -m fails here"
            )
        script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$0" || exit 99; exec "$@"'
        result = make_deck(
            project.root,
            project.env,
            *args,
            prefix=("unshare", "-m", "sh", "-c", script, str(project.root)),
        )
        assert result.returncode != 99, result.stderr
    else:
        project.root.chmod(0o555)
        try:
            result = project.run(*args)
        finally:
            project.root.chmod(0o755)
    located_error(result, r"[\w./-]+(:\d+:\d+)?: ")
    assert "another program" not in result.stderr, result.stderr
    assert re.search(r"not writable|read-only|permission denied", result.stderr, re.I), (
        result.stderr
    )
    project.untouched()
