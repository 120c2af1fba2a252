"""The live preview: every slide drawn as SVG from the model the deck is written from, served and kept fresh."""
