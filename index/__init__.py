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
  module.
- ``whoosh.query.terms`` imports ``whoosh.lang.morph_en`` for ``variations`` (English word
  forms, for a query type never built here), whose import compiles some 200 regular
  expressions: 9 ms of every search.  It gets a stand-in the same way.

(A finder on ``sys.meta_path`` does both when Whoosh is first imported, whoever imports it:
importing ``index`` itself imports no Whoosh.)
"""

import functools
import sys
import types
from importlib.machinery import PathFinder

if "cached_property" not in sys.modules:
    _stand_in = types.ModuleType("cached_property")
    _stand_in.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _stand_in


def _on_demand(module: str, name: str):  # noqa: ANN202 - the real function, imported when first called
    def call(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        from importlib import import_module

        return getattr(import_module(module), name)(*args, **kwargs)

    return call


# module run with a stand-in -> (the module stood in for, the names it gives on demand)
_STAND_INS = {
    "whoosh.compat": ("urllib.request", ("urlretrieve",)),
    "whoosh.query.terms": ("whoosh.lang.morph_en", ("variations",)),
}


class _WithStandIn:
    """Runs a module (``whoosh.compat``) with a stand-in for a module it imports (``urllib.request``)."""

    def __init__(self, loader, heavy: str, names: tuple[str, ...]) -> None:  # noqa: ANN001 - the module's own loader
        self.loader, self.heavy, self.names = loader, heavy, names

    def create_module(self, spec):  # noqa: ANN001, ANN201
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:  # noqa: ANN001
        if self.heavy in sys.modules:
            self.loader.exec_module(module)
            return
        stand_in = types.ModuleType(self.heavy)
        for name in self.names:
            setattr(stand_in, name, _on_demand(self.heavy, name))
        sys.modules[self.heavy] = stand_in
        try:
            self.loader.exec_module(module)
        finally:
            if sys.modules.get(self.heavy) is stand_in:
                del sys.modules[self.heavy]


class _WhooshFinder:
    """Finds ``whoosh.compat`` and ``whoosh.query.terms`` as Python would, and has them run by
    :class:`_WithStandIn`."""

    @staticmethod
    def find_spec(name, path=None, target=None):  # noqa: ANN001, ANN205
        if name not in _STAND_INS:
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _WithStandIn(spec.loader, *_STAND_INS[name])
        return spec


if "whoosh.compat" not in sys.modules and _WhooshFinder not in sys.meta_path:
    sys.meta_path.insert(0, _WhooshFinder)
