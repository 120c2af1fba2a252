"""make-deck: YAML content and Jinja layouts in, native PowerPoint decks out."""

import sys

__version__ = "0.1.0"

# Before anything else of ours loads: a Ctrl-C or SIGTERM while make-deck starts is one line, not a
# traceback (a Python shell keeps its own handling).
if sys.excepthook is sys.__excepthook__ and not hasattr(sys, "ps1"):
    from generator import stops

    stops.install()
