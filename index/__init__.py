"""The Whoosh index: schema, fields, ingest, the index on disk and its columnar facet files.

Start-up: Whoosh reads one property through the ``cached_property`` package, which imports
asyncio (about 40 ms of every command's start).  Before Whoosh loads, the package name is
given the standard library's ``functools.cached_property``, which does that job the same way
(nothing else installed imports the package).
"""

import functools
import sys
import types

if "cached_property" not in sys.modules:
    _stand_in = types.ModuleType("cached_property")
    _stand_in.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _stand_in
