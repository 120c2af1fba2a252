"""The deck model on a master written as OOXML parts: slides, charts, tables, pictures, provenance."""
