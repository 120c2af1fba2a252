"""Masters other than the shipped one, made from code when a test runs, for tests that take any corporate master.

Each function writes one master into `folder` and returns its path:

- `python_pptx_default`: python-pptx's own default template as `Presentation().save()` writes it: 4:3
  (10 x 7.5 in, `type="screen4x3"`), the eleven layouts with English names, Calibri, the Office colours,
  date, footer and slide number placeholders on master and layouts. The smallest foreign master.
- `norwegian_names`: a 16:9 master (13.333 x 7.5 in, no size type, as PowerPoint writes it) whose nine
  layouts carry the names a Norwegian PowerPoint gives them (Tittellysbilde, Tittel og innhold, ...) and
  their right `type`s, in a corporate look: another colour scheme and Arial for headings, a face
  make-deck ships no metrics for (unknown-font fallback) beside Calibri for body text. Layouts found
  by type rather than by English name; placeholder boxes scaled from 4:3 to the wider slide.
- `potx`: the same master as a PowerPoint template (.potx): `ppt/presentation.xml` has the content type
  `...presentationml.template.main+xml`, which python-pptx 1.0 refuses to open ("not a PowerPoint
  file"); it opens once that content type reads `...presentation.main+xml` again.
- `libreoffice_saved`: templates/base.pptx opened and saved by LibreOffice (None without `soffice`).
  LibreOffice takes a master in only through slides that use it (saved without slides, base.pptx comes
  back as LibreOffice's default: 28 x 15.75 cm, Arial), so base.pptx goes in with one slide per
  layout; out comes one slide master per slide, each with LibreOffice's own twelve layouts ("Title
  Slide" of type `tx`, "Title, Content", "Title Only", "Blank Slide", ...), make-deck's layout names
  gone, example slides to drop, the size and colours kept, and (LibreOffice 7.4) a theme whose font
  scheme says Arial while the master's text styles name Calibri.
- `sixteen_ten`: python-pptx's default made 16:10 (10 x 6.25 in, `type="screen16x10"` as PowerPoint
  writes it): a slide neither 4:3 nor 16:9, with the English layout names.
- `busy_picture`: templates/base.pptx whose slide master's background is a picture, as LibreOffice's
  Nature Illustration has one: a pale sky over most of it, read as one colour on average, with dark trees
  and pale grass along its foot and up its right edge, where a chart's axis, a source line and a map's
  credit lie.
- `footers_high`: templates/base.pptx whose body placeholders reach down to the slide's foot while its
  date, footer and slide number sit higher, over the body's foot (as LibreOffice's Vivid has them).
- `dark_slide`: templates/base.pptx on a black slide (its master's background) with its theme's text
  colours as they were, tx1 dark: where a map sets names beside the region, on its sea, the slide is black.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A, "p": P, "ct": CT}
BASE = Path(__file__).resolve().parent.parent / "templates" / "base.pptx"

PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"

# python-pptx's default layout -> the name a Norwegian (bokmål) PowerPoint gives it, and its type
NORWEGIAN_LAYOUTS = {
    "Title Slide": ("Tittellysbilde", "title"),
    "Title and Content": ("Tittel og innhold", "obj"),
    "Section Header": ("Deloverskrift", "secHead"),
    "Two Content": ("To innholdsdeler", "twoObj"),
    "Comparison": ("Sammenligning", "twoTxTwoObj"),
    "Title Only": ("Bare tittel", "titleOnly"),
    "Blank": ("Tomt", "blank"),
    "Content with Caption": ("Innhold med bildetekst", "objTx"),
    "Picture with Caption": ("Bilde med bildetekst", "picTx"),
}
CORPORATE_COLORS = {
    "dk1": "222222",
    "lt1": "FFFFFF",
    "dk2": "003B5C",
    "lt2": "F2F2F2",
    "accent1": "E4002B",
    "accent2": "0077C8",
    "accent3": "FFB81C",
    "accent4": "44883E",
    "accent5": "8A8D8F",
    "accent6": "5C068C",
    "hlink": "0077C8",
    "folHlink": "5C068C",
}
CORPORATE_FONTS = ("Arial", "Calibri")  # headings, body

WIDE = (12192000, 6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
SIXTEEN_TEN = (9144000, 5715000)  # 10 x 6.25 in: PowerPoint's 16:10


def python_pptx_default(folder: Path) -> Path:
    path = Path(folder) / "python-pptx-default.pptx"
    Presentation().save(path)
    return path


def norwegian_names(folder: Path) -> Path:
    path = Path(folder) / "norske-navn.pptx"
    path.write_bytes(_norwegian())
    return path


def potx(folder: Path) -> Path:
    path = Path(folder) / "norske-navn.potx"
    path.write_bytes(rewritten(_norwegian(), {"[Content_Types].xml": _template_content_type}))
    return path


def libreoffice_saved(folder: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    prs = Presentation(str(BASE))
    for layout in prs.slide_layouts:
        prs.slides.add_slide(layout)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in" / "libreoffice.pptx"
        source.parent.mkdir()
        prs.save(source)
        # a fresh profile: no lock or settings shared with other runs
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pptx",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    path = Path(folder) / "libreoffice.pptx"
    if not path.is_file():
        raise RuntimeError(f"LibreOffice wrote no {path.name} into {folder}")
    return path


def sixteen_ten(folder: Path) -> Path:
    path = Path(folder) / "sixteen-ten.pptx"
    prs = Presentation()
    _resize(prs, SIXTEEN_TEN, "screen16x10")
    prs.save(path)
    return path


def busy_picture(folder: Path) -> Path:
    path = Path(folder) / "busy-picture.pptx"
    prs = Presentation(str(BASE))
    master = prs.slide_master
    _, rid = master.part.get_or_add_image_part(io.BytesIO(_trees()))
    c_sld = master.element.find("p:cSld", NS)
    for old in c_sld.findall("p:bg", NS):
        c_sld.remove(old)
    c_sld.insert(
        0,
        etree.fromstring(
            f'<p:bg xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:bgPr><a:blipFill>'
            f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill><a:effectLst/>'
            "</p:bgPr></p:bg>"
        ),
    )
    prs.save(path)
    return path


FOOTERS_TOP = 440.0  # points: where footers_high puts its date, footer and slide number


def footers_high(folder: Path) -> Path:
    path = Path(folder) / "footers-high.pptx"
    prs = Presentation(str(BASE))
    furniture = ("DATE", "FOOTER", "SLIDE_NUMBER")
    for holder in [prs.slide_master, *prs.slide_layouts]:
        for ph in holder.placeholders:
            kind = ph.placeholder_format.type.name
            x, y, w = ph.left, ph.top, ph.width  # read before writing: a layout's are its master's
            if kind in furniture:
                ph.left, ph.top, ph.width, ph.height = x, int(FOOTERS_TOP * 12700), w, 20 * 12700
            elif kind in ("BODY", "OBJECT") and y is not None and y < 200 * 12700:
                ph.left, ph.top, ph.width = x, y, w
                ph.height = prs.slide_height - y - 10 * 12700
    prs.save(path)
    return path


def dark_slide(folder: Path) -> Path:
    path = Path(folder) / "dark-slide.pptx"
    prs = Presentation(str(BASE))
    c_sld = prs.slide_master.element.find("p:cSld", NS)
    for old in c_sld.findall("p:bg", NS):
        c_sld.remove(old)
    c_sld.insert(
        0,
        etree.fromstring(
            f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr><a:solidFill><a:srgbClr val="000000"/>'
            "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
        ),
    )
    prs.save(path)
    return path


def _trees() -> bytes:
    """A 160 x 90 picture: a pale sky; along its foot and up its right edge, columns of dark green, brown and
    pale green, 4 pixels each (a word or two wide on the slide)."""
    from PIL import Image

    sky, trees = (218, 237, 214), ((24, 163, 2), (90, 48, 5), (150, 210, 120))
    picture = Image.new("RGB", (160, 90), sky)
    for x in range(160):
        for y in range(90):
            if y >= 75 or (x >= 136 and y >= 40):
                picture.putpixel((x, y), trees[x // 4 % 3])
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _norwegian() -> bytes:
    """python-pptx's default at 16:9, its layouts named and typed as a Norwegian PowerPoint does, recoloured."""
    prs = Presentation()
    _resize(prs, WIDE, None)
    for layout in list(prs.slide_layouts):
        if layout.name not in NORWEGIAN_LAYOUTS:
            prs.slide_layouts.remove(layout)
            continue
        name, kind = NORWEGIAN_LAYOUTS[layout.name]
        layout.element.find("p:cSld", NS).set("name", name)
        layout.element.set("type", kind)
    theme = prs.slide_master.part.part_related_by(RT.THEME).partname.membername
    out = io.BytesIO()
    prs.save(out)
    return rewritten(out.getvalue(), {theme: _corporate_theme})


def _resize(prs: Presentation, size: tuple[int, int], kind: str | None) -> None:
    """A new slide size (its type attribute as PowerPoint writes it), every box of master and layouts scaled."""
    sx, sy = size[0] / prs.slide_width, size[1] / prs.slide_height
    prs.slide_width, prs.slide_height = size
    sld_sz = prs.element.find("p:sldSz", NS)
    if kind is None:
        sld_sz.attrib.pop("type", None)
    else:
        sld_sz.set("type", kind)
    for tree in (prs.slide_master.element, *(layout.element for layout in prs.slide_layouts)):
        for xfrm in tree.iterfind("p:cSld/p:spTree/*/p:spPr/a:xfrm", NS):
            for child, (x, y) in (
                (xfrm.find("a:off", NS), ("x", "y")),
                (xfrm.find("a:ext", NS), ("cx", "cy")),
            ):
                child.set(x, str(round(int(child.get(x)) * sx)))
                child.set(y, str(round(int(child.get(y)) * sy)))


def _corporate_theme(data: bytes) -> bytes:
    theme = etree.fromstring(data)
    theme.set("name", "Bedrift")
    scheme = theme.find("a:themeElements/a:clrScheme", NS)
    scheme.set("name", "Bedrift")
    for slot, value in CORPORATE_COLORS.items():
        color = scheme.find(f"a:{slot}", NS)
        color.clear()
        etree.SubElement(color, f"{{{A}}}srgbClr", val=value)
    fonts = theme.find("a:themeElements/a:fontScheme", NS)
    fonts.set("name", "Bedrift")
    for which, face in zip(("a:majorFont", "a:minorFont"), CORPORATE_FONTS, strict=True):
        fonts.find(f"{which}/a:latin", NS).set("typeface", face)
    return etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _template_content_type(data: bytes) -> bytes:
    types = etree.fromstring(data)
    override = types.find("ct:Override[@PartName='/ppt/presentation.xml']", NS)
    override.set("ContentType", TEMPLATE_MAIN)
    return etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


def rewritten(data: bytes, edits: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The zip in `data` with some members passed through a function; every other member as it was."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            blob = src.read(info)
            dst.writestr(info, edits[info.filename](blob) if info.filename in edits else blob)
    return out.getvalue()


MAKERS: dict[str, Callable[[Path], Path | None]] = {
    "python_pptx_default": python_pptx_default,
    "norwegian_names": norwegian_names,
    "potx": potx,
    "libreoffice_saved": libreoffice_saved,
    "sixteen_ten": sixteen_ten,
    "busy_picture": busy_picture,
    "footers_high": footers_high,
    "dark_slide": dark_slide,
}


class Made:
    """The masters of this module, each written into `folder` the first time it is asked for (LibreOffice's takes
    a LibreOffice run: tests that ask for it are marked `office`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: dict[str, Path] = {}

    def __getitem__(self, name: str) -> Path:
        if name not in self._paths:
            path = MAKERS[name](self.folder)
            if path is None:
                raise RuntimeError(f"{name}: LibreOffice (soffice) is not installed")
            self._paths[name] = path
        return self._paths[name]


# Masters that carry what no deck should: each is base.pptx with one thing added to its package.
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MACRO_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
TRACKER = "file://attacker.example/share/track.png"
_MASTER = "ppt/slideMasters/slideMaster1.xml"
_MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"


def _rel(rid: str, kind: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'.encode()


def _added(data: bytes, edits: dict[str, Callable[[bytes], bytes]], new: dict[str, bytes]) -> bytes:
    """The zip in `data` with members edited and new members added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(rewritten(data, edits))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, blob in new.items():
            dst.writestr(name, blob)
    return out.getvalue()


def _before(marker: bytes, added: bytes) -> Callable[[bytes], bytes]:
    return lambda blob: blob.replace(marker, added + marker, 1)


def _with_macros() -> bytes:
    return _added(
        BASE.read_bytes(),
        {
            "[Content_Types].xml": _before(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
            ),
            "ppt/_rels/presentation.xml.rels": _before(
                b"</Relationships>", _rel("rId99", VBA_REL, "vbaProject.bin")
            ),
        },
        {"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0 a VBA project"},
    )


def with_macros(folder: Path) -> Path:
    """base.pptx with a VBA project related from its presentation part, still typed as a .pptx."""
    path = Path(folder) / "macros.pptx"
    path.write_bytes(_with_macros())
    return path


def macro_enabled(folder: Path) -> Path:
    """A .pptm (its main part typed macro-enabled, with its VBA project) under a .pptx name."""
    path = Path(folder) / "renamed-pptm.pptx"
    main = PRESENTATION_MAIN.encode()
    path.write_bytes(
        rewritten(
            _with_macros(), {"[Content_Types].xml": lambda b: b.replace(main, MACRO_MAIN.encode())}
        )
    )
    return path


_PICTURE = (
    b'<p:pic><p:nvPicPr><p:cNvPr id="990" name="Tracker"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    b'<p:blipFill><a:blip r:link="rId90"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
    b'<a:xfrm><a:off x="0" y="0"/><a:ext cx="12700" cy="12700"/></a:xfrm><a:prstGeom prst="rect">'
    b"<a:avLst/></a:prstGeom></p:spPr></p:pic>"
)
_LINKED_SHAPE = (
    b'<p:sp><p:nvSpPr><p:cNvPr id="991" name="Brand link"><a:hlinkClick r:id="rId91"/></p:cNvPr>'
    b'<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="127000" cy="127000"/>'
    b'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"/>'
    b"</a:solidFill></p:spPr></p:sp>"
)
_OLE = (
    b'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="992" name="Embedded"/><p:cNvGraphicFramePr/><p:nvPr/>'
    b'</p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="127000" cy="127000"/></p:xfrm><a:graphic>'
    b'<a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
    b'<p:oleObj name="Package" r:id="rId92" progId="Package"><p:embed/></p:oleObj></a:graphicData>'
    b"</a:graphic></p:graphicFrame>"
)


def linked_and_embedded(folder: Path) -> Path:
    """base.pptx whose slide master shows a picture linked from outside the file, a rectangle that links to a
    web page when clicked, and an OLE object (a packaged program)."""
    path = Path(folder) / "linked.pptx"
    rels = b"".join(
        (
            _rel("rId90", _RELS + "image", TRACKER, external=True),
            _rel("rId91", _RELS + "hyperlink", "https://attacker.example/", external=True),
            _rel("rId92", _RELS + "oleObject", "../embeddings/oleObject1.bin"),
        )
    )
    path.write_bytes(
        _added(
            BASE.read_bytes(),
            {
                _MASTER: _before(b"</p:spTree>", _PICTURE + _LINKED_SHAPE + _OLE),
                _MASTER_RELS: _before(b"</Relationships>", rels),
            },
            {"ppt/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 a program"},
        )
    )
    return path


def slide_sized(folder: Path, cx: int, cy: int) -> Path:
    """base.pptx with its p:sldSz set to `cx` x `cy` EMU (nothing else moved)."""
    path = Path(folder) / f"size-{cx}x{cy}.pptx"
    size = b'<p:sldSz cx="12192000" cy="6858000"/>'
    new = f'<p:sldSz cx="{cx}" cy="{cy}"/>'.encode()
    path.write_bytes(
        rewritten(BASE.read_bytes(), {"ppt/presentation.xml": lambda b: b.replace(size, new)})
    )
    return path


def placeholders_off_the_slide(folder: Path) -> Path:
    """python-pptx's default with every placeholder of its master and layouts at -50,000,000 EMU."""
    path = Path(folder) / "off-the-slide.pptx"
    prs = Presentation()
    for tree in (prs.slide_master.element, *(layout.element for layout in prs.slide_layouts)):
        for off in tree.iterfind("p:cSld/p:spTree/p:sp/p:spPr/a:xfrm/a:off", NS):
            off.set("x", "-50000000")
            off.set("y", "-50000000")
    prs.save(path)
    return path


def python_pptx_arial(folder: Path) -> Path:
    """python-pptx's default (4:3) with Arial for headings and body, as a company's 4:3 master often has."""
    path = Path(folder) / "arial-4x3.pptx"
    prs = Presentation()
    theme = prs.slide_master.part.part_related_by(RT.THEME).partname.membername
    out = io.BytesIO()
    prs.save(out)
    path.write_bytes(rewritten(out.getvalue(), {theme: _arial_theme}))
    return path


def _arial_theme(data: bytes) -> bytes:
    theme = etree.fromstring(data)
    for which in ("a:majorFont", "a:minorFont"):
        theme.find(f"a:themeElements/a:fontScheme/{which}/a:latin", NS).set("typeface", "Arial")
    return etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


# A blank LibreOffice Impress presentation, 28 x 17.5 cm (LibreOffice's 16:10), as flat ODF: no master
# page content and no styles, so LibreOffice gives it its own default master and styles when it opens it.
BLANK_16_10 = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:styles/>
 <office:automatic-styles>
  <style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="0cm"
   fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm" fo:page-width="28cm"
   fo:page-height="17.5cm" style:print-orientation="landscape"/></style:page-layout>
  <style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties
   draw:background-size="border" draw:fill="none"/></style:style>
  <style:style style:name="dp3" style:family="drawing-page"><style:drawing-page-properties
   presentation:background-visible="true" presentation:background-objects-visible="true"/></style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Default" style:page-layout-name="PM1" draw:style-name="dp1"/>
 </office:master-styles>
 <office:body><office:presentation><draw:page draw:name="page1" draw:style-name="dp3"
  draw:master-page-name="Default" presentation:presentation-page-layout-name="AL1T0"/>
 </office:presentation></office:body>
</office:document>
"""


def libreoffice_templates() -> list[Path]:
    """LibreOffice's own presentation templates (.otp files in share/template/*/presnt, where its program
    lives); [] without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return []
    folder = Path(soffice).resolve().parent.parent / "share" / "template"
    return sorted(folder.glob("*/presnt/*.otp"))


def libreoffice_masters(folder: Path, templates: list[str] | None = None) -> dict[str, Path]:
    """Masters made by LibreOffice, in one run of it (converting is slow): a blank presentation saved as
    16:10 .pptx ("blank-16-10") and each of LibreOffice's presentation templates named (all of them for
    None), each converted to .pptx with `soffice --convert-to pptx`; {} without LibreOffice."""
    if shutil.which("soffice") is None:
        return {}
    sources = libreoffice_templates()
    if templates is not None:
        sources = [p for p in sources if p.stem in templates]
    folder = Path(folder)
    blank = folder / "in" / "blank-16-10.fodp"
    blank.parent.mkdir(parents=True, exist_ok=True)
    blank.write_text(BLANK_16_10, encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            [
                shutil.which("soffice") or "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pptx",
                "--outdir",
                str(folder),
                str(blank),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    made = {p.stem: folder / f"{p.stem}.pptx" for p in [blank, *sources]}
    missing = [name for name, path in made.items() if not path.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no .pptx for {', '.join(missing)} into {folder}")
    return made
