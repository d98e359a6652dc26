"""The search backend for the database in use, chosen once per connection alias.

Each database keeps its text index its own way (``sqlite.py``: an FTS5 table;
``postgres.py``: a tsvector column with a GIN index) behind one interface
(``base.SearchBackend``); the rest of the app never asks which database it is on.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

from cophub.search.backends.base import SearchBackend

_CLASSES = {
    "sqlite": "cophub.search.backends.sqlite.SQLiteFTS5Backend",
    "postgresql": "cophub.search.backends.postgres.PostgresTsvectorBackend",
}
_chosen: dict[str, SearchBackend] = {}


def get_backend(alias: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    backend = _chosen.get(alias)
    if backend is None:
        from django.utils.module_loading import import_string

        vendor = connections[alias].vendor
        if vendor not in _CLASSES:
            raise NotImplementedError(f"no search backend for {vendor}")
        backend = _chosen[alias] = import_string(_CLASSES[vendor])(alias)
    return backend


__all__ = ["SearchBackend", "get_backend"]
