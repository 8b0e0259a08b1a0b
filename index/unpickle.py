"""The one restricted unpickler: every pickle the project reads goes through it.

An index folder is untrusted input (a colleague's copy on a network drive): Whoosh keeps its
table of contents, segment directories, posting blocks and stored fields as pickles, and a
pickle can name any callable.  Here a pickle may rebuild plain data (``_ALLOWED_NAMES``) and
the *classes* a Whoosh schema or segment list is made of (``_CLASS_MODULES``), nothing else:

    restricted_loads(pickle.dumps({"id": "09LIMA1661"}, 2))      # {"id": "09LIMA1661"}
    restricted_loads(crafted)    # UnsafeIndexData: refused to load posix.system from the index …

The ingest's parser processes send their results to the writer as pickles too: those are read
by the same rule (:func:`parser_results_loads`), with the ingest's own result classes allowed.

No Whoosh import here: the citation table (index/citetable.py) reads stored records through it
without loading Whoosh; the Whoosh wing reaches it through index/whoosh/compat.py, which puts it
where Whoosh itself reads pickles.
"""

from __future__ import annotations

import _compat_pickle
import pickle
import sys
import threading
import types
from typing import Any

from corpus.errors import EXIT_DAMAGED, CablesError


class UnsafeIndexData(CablesError):
    """A pickle in the index folder names something other than plain data: refused, nothing run."""

    exit_status = EXIT_DAMAGED

    def __init__(self, what: str, file: str | None = None) -> None:
        where = f"{file}: " if file else ""
        super().__init__(
            f"{where}refused to load {what} from the index (an index file holds data, never code); "
            f"do not use this index folder: rebuild it with `cables ingest` from your files"
        )
        self.what = what
        self.file = file


# Plain data a pickle may rebuild besides its own literals, by (module, name).
_ALLOWED_NAMES = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "object"), ("builtins", "bytearray"),
    ("builtins", "complex"), ("builtins", "slice"), ("builtins", "range"), ("builtins", "int"),
    ("builtins", "float"), ("builtins", "str"), ("builtins", "bytes"), ("builtins", "bool"),
    ("builtins", "list"), ("builtins", "tuple"), ("builtins", "dict"),
    ("copyreg", "_reconstructor"),
    ("_codecs", "encode"),  # bytes in a protocol-2 pickle (posting values)
    ("re", "_compile"),  # a tokenizer's compiled expression (pattern text and flags)
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "timedelta"),
    ("array", "array"), ("array", "_array_reconstructor"), ("collections", "defaultdict"),
}
# Modules whose *classes* a schema or a segment list is made of (fields, formats, analysers,
# codecs, columns, stemmers); a function or anything else from them is refused.
# Not whoosh.codec as a whole: the older codecs read their files with plain pickle.loads.
_CLASS_MODULES = (
    "whoosh.fields", "whoosh.formats", "whoosh.analysis", "whoosh.columns", "whoosh.codec.whoosh3",
    "whoosh.lang", "whoosh.idsets", "whoosh.util.numlists", "index.fields", "index.schema",
)
# Functions a schema refers to by name (a stemmer of whoosh.lang).
_FUNCTION_MODULES = ("whoosh.lang",)
# What a parser process of the ingest sends its writer besides plain data (index/ingest.py
# ``prepare_many``): the Parsed of each file, its postings.  Allowed in those pickles only.
_PARSER_RESULT_MODULES = ("index.ingest", "index.postings_format")


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _allowed(module: str, name: str, classes: tuple[str, ...] = _CLASS_MODULES) -> Any:
    """The object a pickle may name as ``module.name`` (a class only from ``classes``), or None."""
    if (module, name) in _compat_pickle.NAME_MAPPING:  # a protocol-2 pickle names Python 2's modules
        module, name = _compat_pickle.NAME_MAPPING[(module, name)]
    module = _compat_pickle.IMPORT_MAPPING.get(module, module)
    if (module, name) in _ALLOWED_NAMES:
        return getattr(sys.modules.get(module) or __import__(module), name)
    if not _within(module, classes):
        return None
    if "." in name or name.startswith("__"):
        return None
    __import__(module)
    found = getattr(sys.modules[module], name, None)
    if isinstance(found, type):
        return found
    if isinstance(found, types.FunctionType) and _within(module, _FUNCTION_MODULES):
        return found
    return None


class IndexUnpickler(pickle.Unpickler):
    """``pickle.Unpickler`` that rebuilds plain data and the classes of :data:`_CLASS_MODULES` only."""

    def find_class(self, module: str, name: str) -> Any:  # noqa: D102 - pickle's hook
        found = _allowed(module, name)
        if found is None:
            raise UnsafeIndexData(f"{module}.{name}")
        return found

    def persistent_load(self, pid: Any) -> Any:  # noqa: D102
        raise UnsafeIndexData(f"a persistent object {pid!r}")


def restricted_load(file: Any) -> Any:
    """``pickle.load`` through :class:`IndexUnpickler`."""
    return IndexUnpickler(file).load()


# The same rule for a pickle already in memory, at pickle.loads's speed.  A posting block is
# unpickled thousands of times a query, and an Unpickler object a call costs 4 to 6 times a
# small pickle's pickle.loads (measured in the commit that added this).  So restricted_loads
# calls pickle.loads with a flag up, and an audit hook (Python's "pickle.find_class" event,
# raised by the C unpickler before it resolves any name: GLOBAL, STACK_GLOBAL, INST and the
# extension registry all go through it) applies :func:`_allowed` to every name the pickle asks
# for.  A pickle with no name in it (a block of numbers) never reaches the hook.
_guarded = threading.local()


def _audit(event: str, args: tuple) -> None:
    classes = getattr(_guarded, "classes", None)
    if event == "pickle.find_class" and classes is not None and _allowed(args[0], args[1], classes) is None:
        raise UnsafeIndexData(f"{args[0]}.{args[1]}")


sys.addaudithook(_audit)


def restricted_loads(data: bytes | memoryview, classes: tuple[str, ...] = _CLASS_MODULES) -> Any:
    """``pickle.loads`` of index data: only the names :class:`IndexUnpickler` allows."""
    before = getattr(_guarded, "classes", None)
    _guarded.classes = classes
    try:
        return pickle.loads(data)
    finally:
        _guarded.classes = before


def parser_results_loads(data: bytes) -> Any:
    """The results an ingest's parser process pickled (index/ingest.py ``prepare_many``), by the
    same rule: plain data, and classes from the ingest's result modules only."""
    return restricted_loads(data, _PARSER_RESULT_MODULES)
