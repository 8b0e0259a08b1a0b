"""The Whoosh wing: everything that knows Whoosh's on-disk format.

- :mod:`index.whoosh.engine`: the index in a folder (``Index``: open, read, write batches, stats);
- :mod:`index.whoosh.search`: search over it (match sets, facets, ranking, the page);
- :mod:`index.whoosh.segment`: the bulk segment writer (Whoosh's format byte for byte);
- :mod:`index.whoosh.postings`, :mod:`index.whoosh.docarrays`, :mod:`index.whoosh.columns`:
  posting lists, flat document arrays and facet columns read with numpy;
- :mod:`index.whoosh.compat`: the one module that names Whoosh's private internals; it checks
  the Whoosh version and puts the restricted unpickler where Whoosh reads pickles (imported
  here, so no Whoosh index is read before it is in place);
- :mod:`index.whoosh.integrity`: checksum footers, the check on open, `cables check`;
- :mod:`index.whoosh.matchset`, :mod:`index.whoosh.facets`, :mod:`index.whoosh.ranking`: the
  query evaluated as set operations, facet counts, re-ranking by word positions.

The engine boundary (:mod:`index.engines`) imports none of it; ``open_engine`` picks it lazily.
"""

from index.whoosh import compat  # noqa: F401,E402 - the door, before any Whoosh index is read
