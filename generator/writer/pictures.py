"""Picture files read under bounds: format, pixel size and resolution, as a slide places them."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import DeckError, Location, shown
from generator.fileio import read_regular

MAX_BYTES = 50 * 1024 * 1024  # a picture file
MAX_PIXELS = 50_000_000  # width x height: a 50-megapixel photo, far more than a slide can show
EMU_PER_INCH = 914400
# Pillow's format -> the extension and content type of the image part, as PowerPoint names them.
FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "GIF": ("gif", "image/gif"),
    "BMP": ("bmp", "image/bmp"),
    "TIFF": ("tiff", "image/tiff"),
}


@dataclass(frozen=True)
class PictureFile:
    """A picture's bytes, the part it becomes, and its size in pixels and dots per inch."""

    blob: bytes
    ext: str
    content_type: str
    pixels: tuple[int, int]
    dpi: tuple[int, int]

    @property
    def native_size(self) -> tuple[int, int]:
        """Width and height in EMU at the picture's own resolution (72 dpi when it states none)."""
        return (
            int(EMU_PER_INCH * self.pixels[0] / self.dpi[0]),
            int(EMU_PER_INCH * self.pixels[1] / self.dpi[1]),
        )


def read_picture(path: Path, loc: Location | None, field: str = "") -> PictureFile:
    """The picture at `path`, checked: a readable PNG, JPEG, GIF, BMP or TIFF within the bounds above."""
    where = loc or Location(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DeckError(
                f"'{shown(path)}' is {size // (1024 * 1024)} MiB, more than the "
                f"{MAX_BYTES // (1024 * 1024)} MiB a picture may be",
                where,
                path=field,
                hint="save it smaller (a slide needs at most about 4000 pixels across)",
            )
        return _read(path, size, path.stat().st_mtime_ns, where, field)
    except OSError as exc:
        raise DeckError(f"cannot read '{shown(path)}': {exc.strerror}", where, path=field) from None


@lru_cache(maxsize=32)
def _read(path: Path, size: int, mtime: int, where: Location, field: str) -> PictureFile:
    """Read and check a picture once per process for the same file (size and time)."""
    from PIL import Image, UnidentifiedImageError

    blob = read_regular(path, where, MAX_BYTES, "picture")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(blob)) as image:
                kind, pixels, dpi = image.format, image.size, image.info.get("dpi")
                if pixels[0] * pixels[1] > MAX_PIXELS:
                    raise _TooLarge(pixels)
                image.verify()
    except (_TooLarge, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise DeckError(
            f"'{shown(path)}' has too many pixels for a slide (more than {MAX_PIXELS // 1_000_000} megapixels)",
            where,
            path=field,
            hint="scale it down (a slide needs at most about 4000 pixels across)",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DeckError(
            f"'{shown(path)}' is not a readable image ({exc})", where, path=field
        ) from None
    if kind not in FORMATS:
        raise DeckError(f"'{shown(path)}' is a {kind} image; use PNG or JPEG", where, path=field)
    ext, content_type = FORMATS[kind]
    return PictureFile(blob, ext, content_type, pixels, _dpi(dpi))


class _TooLarge(Exception):
    """More pixels than MAX_PIXELS."""


def _dpi(value: object) -> tuple[int, int]:
    """Dots per inch as python-pptx reads them: whole numbers from 1 to 2048, else 72."""

    def one(dpi: object) -> int:
        try:
            number = int(round(float(dpi)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return 72
        return number if 1 <= number <= 2048 else 72

    if isinstance(value, tuple) and len(value) == 2:
        return one(value[0]), one(value[1])
    return 72, 72
