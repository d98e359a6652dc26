"""Where each kind of personal data is exported from and erased: a small registry.

Rights sits at the top of the layers (only the demo is above it), so it may read and
rewrite every app; the apps below cannot import it. Each app therefore gets its
section in this package (``rights/sections/<app>.py``), registered with ``section``:

    @section("registrations", title=_("Registrations and attendance"), order=20)
    class Registrations:
        def export(subject) -> list[dict]: ...     # rows for the download, or absent
        def erase(erasure) -> int: ...              # how many rows it anonymised, or absent
        erase_order = 900                           # optional: when its erasure runs

A new kind of personal data (certificates of #11, follow-up answers of #15) adds one
module here and one import in ``sections/__init__.py``; the export, the erasure and
the erasure test (``tests/test_erase_everywhere.py``, which demands a seed for every
section) pick it up from ``SECTIONS`` without other changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    name: str
    title: Promise
    order: int
    export: Callable | None = None  # (Subject) -> list[dict]
    erase: Callable | None = None  # (Erasure) -> int
    erase_order: int = 0  # erasures run in this order (the profile's goes last)


SECTIONS: dict[str, Section] = {}


def section(name: str, *, title: Promise, order: int) -> Callable:
    """Class decorator: register the class's ``export`` and ``erase`` functions."""

    def register(cls):
        export = getattr(cls, "export", None)
        erase = getattr(cls, "erase", None)
        found = Section(name, title, order, export, erase, getattr(cls, "erase_order", order))
        known = SECTIONS.get(name)
        if known is not None and (known.export, known.erase) != (export, erase):
            raise ValueError(f"personal-data section {name!r} is registered twice")
        SECTIONS[name] = found
        return cls

    return register


def for_export() -> list[Section]:
    return sorted((s for s in SECTIONS.values() if s.export), key=lambda s: (s.order, s.name))


def for_erasure() -> list[Section]:
    return sorted((s for s in SECTIONS.values() if s.erase), key=lambda s: (s.erase_order, s.name))
