"""Findings about the master as a deck uses it: what was taken out of it before it was copied."""

from __future__ import annotations

from generator.errors import Location
from generator.findings import Check, Finding
from generator.master.reader import Master


def master_findings(master: Master) -> list[Finding]:
    """One finding for each thing taken out of the master's package (macros, links outside it ...)."""
    return [
        Finding(
            Location(master.path),
            0,
            "",
            Check.UNTRUSTED,
            f"took out {what}: make-deck never copies it from a master into a deck",
        )
        for what in master.removed
    ]
