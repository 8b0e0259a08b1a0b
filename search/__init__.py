"""Queries, facets, snippets and citations over the index (see search/library.py)."""

import index  # noqa: F401 - before Whoosh loads: its start-up shortcut (index/__init__.py)
