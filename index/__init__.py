"""The Whoosh index: schema, fields, ingest, the index on disk and its columnar facet files.

Start-up: two of Whoosh's imports cost every command time for something it never does here.

- Whoosh reads one property through the ``cached_property`` package, which imports asyncio
  (about 40 ms).  Before Whoosh loads, the package name is given the standard library's
  ``functools.cached_property``, which does that job the same way (nothing else installed
  imports the package).
- ``whoosh.compat`` imports ``urllib.request`` for ``urlretrieve`` (which nothing in Whoosh
  calls), and with it ``http.client``, ``email`` and ``ssl``: about 40 ms of every command
  that opens an index.  While ``whoosh.compat`` runs, the name stands for a module whose
  ``urlretrieve`` imports the real one when called; the stand-in is removed as soon as
  ``whoosh.compat`` has run, so anything importing ``urllib.request`` later gets the real
  module.  (A finder on ``sys.meta_path`` does it when Whoosh is first imported, whoever
  imports it: importing ``index`` itself imports no Whoosh.)
"""

import functools
import sys
import types
from importlib.machinery import PathFinder

if "cached_property" not in sys.modules:
    _stand_in = types.ModuleType("cached_property")
    _stand_in.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _stand_in


def _urlretrieve(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - urllib.request.urlretrieve, on demand
    from importlib import import_module

    return import_module("urllib.request").urlretrieve(*args, **kwargs)


class _WithoutUrllib:
    """Runs a module (``whoosh.compat``) with a stand-in for ``urllib.request``."""

    def __init__(self, loader) -> None:  # noqa: ANN001 - the module's own loader
        self.loader = loader

    def create_module(self, spec):  # noqa: ANN001, ANN201
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:  # noqa: ANN001
        if "urllib.request" in sys.modules:
            self.loader.exec_module(module)
            return
        stand_in = types.ModuleType("urllib.request")
        stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
        sys.modules["urllib.request"] = stand_in
        try:
            self.loader.exec_module(module)
        finally:
            if sys.modules.get("urllib.request") is stand_in:
                del sys.modules["urllib.request"]


class _WhooshCompatFinder:
    """Finds ``whoosh.compat`` as Python would, and has it run by :class:`_WithoutUrllib`."""

    @staticmethod
    def find_spec(name, path=None, target=None):  # noqa: ANN001, ANN205
        if name != "whoosh.compat":
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _WithoutUrllib(spec.loader)
        return spec


if "whoosh.compat" not in sys.modules and _WhooshCompatFinder not in sys.meta_path:
    sys.meta_path.insert(0, _WhooshCompatFinder)
