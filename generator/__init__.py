"""make-deck: YAML content and Jinja layouts in, native PowerPoint decks out."""

__version__ = "0.1.0"
