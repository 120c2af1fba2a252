"""Edit decks in LibreOffice Impress itself, as a speaker would, then save them as .pptx with its own filter.

Run by the system Python that has LibreOffice's `uno` module (python3-uno), not the project's:
    python3 tests/office_edit.py jobs.json
jobs.json is a list of {"src": path, "dst": path, "edits": [...]}; one headless soffice serves them all. Edits:
    {"op": "replace", "slide": n, "old": text, "new": text}     in a shape of slide n (from 0), run by run
    {"op": "notes", "slide": n, "old": text, "new": text}       in the slide's notes
    {"op": "delete", "slide": n}
    {"op": "duplicate", "slide": n}                             the copy follows the slide
    {"op": "swap", "slide": n}                                  slide n and the next change places (cut and paste)
    {"op": "textbox", "slide": n, "text": text}
    {"op": "cell", "slide": n, "row": r, "column": c, "text": text}
Slide numbers count the slides as they are when the edit runs.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.awt import Point, Size
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - soffice is still starting
            time.sleep(0.1)
    raise RuntimeError("soffice did not answer")


def shapes(page):
    return [page.getByIndex(i) for i in range(page.getCount())]


def replace_in(shape, old, new):
    """`old` replaced by `new` inside one text portion (its formatting kept), else in the paragraph's text."""
    if not hasattr(shape, "getText") or old not in shape.getString():
        return False
    paragraphs = shape.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        portions = paragraph.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if old in portion.getString():
                portion.setString(portion.getString().replace(old, new))
                return True
        if old in paragraph.getString():
            paragraph.setString(paragraph.getString().replace(old, new))
            return True
    return False


def edit(doc, step, context):
    pages = doc.getDrawPages()
    page = pages.getByIndex(step.get("slide", 0))
    op = step["op"]
    if op == "replace":
        if not any(replace_in(s, step["old"], step["new"]) for s in shapes(page)):
            raise RuntimeError(f"not found on slide {step['slide']}: {step['old']}")
    elif op == "notes":
        notes = page.getNotesPage()
        if not any(replace_in(s, step["old"], step["new"]) for s in shapes(notes)):
            raise RuntimeError(f"not found in notes: {step['old']}")
    elif op == "delete":
        pages.remove(page)
    elif op == "duplicate":
        doc.duplicate(page)
    elif op == "swap":
        swap(doc, step["slide"], context)
    elif op == "textbox":
        box = doc.createInstance("com.sun.star.drawing.TextShape")
        page.add(box)
        box.setPosition(Point(2000, 2000))
        box.setSize(Size(12000, 1500))
        box.setString(step["text"])
    elif op == "cell":
        table = next(s for s in shapes(page) if s.getShapeType().endswith("TableShape"))
        cell = table.Model.getCellByPosition(step["column"], step["row"])
        cell.setString(step["text"])
    else:
        raise RuntimeError(f"unknown edit {op}")


def swap(doc, n, context):
    """Slide n and the next change places, as the slide sorter's Move Slide Down does (asked again until the
    view has done it: a command dispatched right after loading may find no view yet)."""
    pages = doc.getDrawPages()
    moving = text_of(pages.getByIndex(n))
    dispatcher = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", context
    )
    for _ in range(40):
        controller = doc.getCurrentController()
        controller.setCurrentPage(pages.getByIndex(n))
        dispatcher.executeDispatch(controller.getFrame(), ".uno:MovePageDown", "", 0, ())
        if text_of(pages.getByIndex(n + 1)) == moving:
            return
        time.sleep(0.25)
    raise RuntimeError(f"slide {n} did not move")


def text_of(page):
    return "\n".join(s.getString() for s in shapes(page) if hasattr(s, "getString"))


def main():
    with open(sys.argv[1], encoding="utf-8") as listing:
        jobs = json.load(listing)
    pipe = f"makedeck{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="lo-uno-") as profile:
        office = subprocess.Popen(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                f"--accept=pipe,name={pipe};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # soffice starts soffice.bin: the group is ended together
        )
        desktop = None
        try:
            context = connect(pipe)
            desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
            for job in jobs:
                run(desktop, job, context)
        finally:
            if desktop is not None:
                with contextlib.suppress(Exception):  # the bridge closes as soffice quits
                    desktop.terminate()
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(office.pid, signal.SIGKILL)
                office.wait()


def run(desktop, job, context):
    """One deck opened, edited and saved as .pptx by LibreOffice; closed whatever happens."""
    url = uno.systemPathToFileUrl(os.path.abspath(job["src"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, ())  # with a view: Move Slide needs one
    if doc is None:
        raise RuntimeError(f"LibreOffice cannot open {job['src']}")
    try:
        for step in job["edits"]:
            edit(doc, step, context)
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(job["dst"])),
            (prop("FilterName", "Impress MS PowerPoint 2007 XML"),),
        )
    finally:
        doc.close(True)


if __name__ == "__main__":
    main()
