"""Findings about a deck: accessibility, spelling, the Open XML SDK, LibreOffice's render."""
