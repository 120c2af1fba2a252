"""Looks before a build: a master judged against the content, two content files compared."""
