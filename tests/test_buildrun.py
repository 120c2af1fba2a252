"""Starting a build: modules a build does not use are imported only when something reads from them."""

from __future__ import annotations

import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from generator.buildrun import defer_import

from .conftest import REPO


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package `lazypkg` whose module `heavy` counts how often it has run, in `lazypkg.runs`."""
    (tmp_path / "lazypkg").mkdir()
    (tmp_path / "lazypkg" / "__init__.py").write_text("runs = 0\n", encoding="utf-8")
    (tmp_path / "lazypkg" / "heavy.py").write_text(
        "import lazypkg\nlazypkg.runs += 1\nVALUE = 42\n", encoding="utf-8")
    (tmp_path / "lazypkg" / "broken.py").write_text("raise ImportError('broken on purpose')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [n for n in sys.modules if n == "lazypkg" or n.startswith("lazypkg.")]:
        del sys.modules[name]


def test_deferred_module_runs_when_first_read_not_when_imported(package: Path) -> None:
    import lazypkg

    defer_import("lazypkg.heavy")
    import lazypkg.heavy
    from lazypkg import heavy

    assert lazypkg.runs == 0
    assert heavy is lazypkg.heavy is sys.modules["lazypkg.heavy"]
    assert heavy.VALUE == 42
    assert lazypkg.runs == 1
    assert type(heavy) is types.ModuleType and heavy.__name__ == "lazypkg.heavy"
    assert heavy.__file__ == str(package / "lazypkg" / "heavy.py")
    heavy.OTHER = 1  # the deferred module is the module: what is set on it is there for everyone
    assert sys.modules["lazypkg.heavy"].OTHER == 1 and lazypkg.runs == 1


def test_deferring_an_imported_or_unknown_module_changes_nothing(package: Path) -> None:
    import lazypkg.heavy

    defer_import("lazypkg.heavy")
    defer_import("lazypkg.nothing_here")
    assert sys.modules["lazypkg.heavy"] is lazypkg.heavy and lazypkg.runs == 1
    assert "lazypkg.nothing_here" not in sys.modules


def test_deferred_module_that_fails_raises_when_read_and_can_be_imported_again(package: Path) -> None:
    defer_import("lazypkg.broken")
    from lazypkg import broken

    with pytest.raises(ImportError, match="broken on purpose"):
        broken.anything  # noqa: B018
    assert "lazypkg.broken" not in sys.modules
    with pytest.raises(ImportError, match="broken on purpose"):
        import lazypkg.broken  # noqa: F401
    with pytest.raises(ImportError, match="broken on purpose"):
        from lazypkg import broken  # noqa: F401, F811


def test_deferred_module_runs_once_after_a_reload_and_for_dir(package: Path) -> None:
    import importlib

    import lazypkg

    defer_import("lazypkg.heavy")
    from lazypkg import heavy

    importlib.reload(heavy)
    assert lazypkg.runs == 1
    assert not hasattr(heavy, "missing") and heavy.VALUE == 42 and lazypkg.runs == 1
    del sys.modules["lazypkg.heavy"], lazypkg.heavy
    defer_import("lazypkg.heavy")
    from lazypkg import heavy as again

    assert "VALUE" in dir(again) and lazypkg.runs == 2


PROBE = """
import sys
from generator.cli import main
try:
    main(sys.argv[1:])
finally:
    image = sys.modules.get("PIL.Image")
    print("http.client" in sys.modules, image is not None and "open" in vars(image),  # a deferred one is empty
          "PIL._imagingft" in sys.modules)
"""


def test_a_deck_without_pictures_does_not_load_http_pil_image_or_freetype(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", PROBE, "content/2019.yaml", "-o", str(tmp_path / "a.pptx")],
                         cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "False False False"


def test_a_deck_with_a_picture_loads_pil_image_when_it_needs_it(tmp_path: Path) -> None:
    Image.new("RGB", (40, 20), "teal").save(tmp_path / "map.png")
    (tmp_path / "deck.yaml").write_text(
        "slides:\n  - layout: picture\n    title: Kart\n    image: map.png\n"
        "    alt: Et kart over regionen\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", PROBE, "deck.yaml"], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "False True False"
    from pptx import Presentation

    pictures = [s for s in Presentation(str(tmp_path / "build" / "deck.pptx")).slides[0].shapes if s.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.size == (40, 20)
