"""Serialising records for the index's stored ``record`` field.

A compact, versioned JSON form: ``{"v": 1, "t": "Cable", "r": {...}}`` where
``r`` holds only the fields that differ from their defaults (most cable
fields are empty lists or None, and leaving them out keeps the index small).
Dates and date-times are ISO strings; nested dataclasses (Paragraph,
Addressee, Tag, Reference, Classification) are objects.  The decoder is
driven by the dataclasses' type hints, so a field added to corpus/records.py
later round-trips without touching this module; unknown keys (a field that
was removed since the index was built) are ignored rather than failing.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from corpus.errors import CablesError
from corpus.records import Cable, Document, Record

FORMAT_VERSION = 1

# The record classes a stored record may name, by class name.
RECORD_TYPES: dict[str, type[Record]] = {cls.__name__: cls for cls in (Record, Cable, Document)}

_MISSING = dataclasses.MISSING


class StoreError(CablesError, ValueError):
    """A stored record could not be decoded (corrupt, or written by a newer version)."""


def dump_record(record: Record) -> str:
    """The record as compact JSON text (see the module docstring for the layout)."""
    name = type(record).__name__
    if name not in RECORD_TYPES:
        raise TypeError(f"cannot store a {name}: not a Record, Cable or Document")
    payload = {"v": FORMAT_VERSION, "t": name, "r": _encode(record)}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def load_record(data: str) -> Record:
    """The record that :func:`dump_record` wrote.  Raises :class:`StoreError` on bad data."""
    try:
        payload = json.loads(data)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"stored record is not JSON: {exc}") from None
    if not isinstance(payload, dict) or payload.get("v") != FORMAT_VERSION:
        version = payload.get("v") if isinstance(payload, dict) else None
        raise StoreError(f"stored record has format version {version!r}; this program reads {FORMAT_VERSION}")
    cls = RECORD_TYPES.get(payload.get("t", ""))
    if cls is None:
        raise StoreError(f"stored record has unknown type {payload.get('t')!r}")
    try:
        return _decode_dataclass(cls, payload.get("r") or {})
    except (TypeError, ValueError, KeyError) as exc:
        raise StoreError(f"stored {cls.__name__} cannot be decoded: {exc}") from None


# Decoding a stored record costs about 1 ms; the result page and the reader ask for the same
# records again and again (each keystroke re-runs a query whose top hits barely change).  Keyed
# by the stored text itself, so a record changed by a later ingest is never served stale.
@lru_cache(maxsize=2048)
def load_record_shared(data: str) -> Record:
    """:func:`load_record`, cached: callers share the returned records and must not change them."""
    return load_record(data)


# --- encoding -----------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in _fields(type(value)):
            v = getattr(value, f.name)
            if _is_default(f, v):
                continue
            out[f.name] = _encode(v)
        return out
    # datetime before date: a datetime is a date too.
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _is_default(f: dataclasses.Field, value: Any) -> bool:
    if f.default is not _MISSING:
        return value == f.default
    if f.default_factory is not _MISSING:
        return value == f.default_factory()
    return False  # a required field is always written


# --- decoding -----------------------------------------------------------------------------------


@cache
def _fields(cls: type) -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(cls)


@cache
def _hints(cls: type) -> dict[str, Any]:
    # The records module uses `from __future__ import annotations`: hints are strings until resolved.
    return typing.get_type_hints(cls)


def _decode_dataclass(cls: type, data: dict) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__} expects an object, got {type(data).__name__}")
    hints = _hints(cls)
    kwargs = {}
    for f in _fields(cls):
        if f.name in data and f.init:
            kwargs[f.name] = _decode(hints[f.name], data[f.name])
    return cls(**kwargs)


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return _decode(options[0], value)
        return value  # a union of plain types (none in the records today): JSON already has it right
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return [_decode(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(hint) or (Any, Any)
        return {k: _decode(item, v) for k, v in value.items()}
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        # A parser may have put a datetime where a date was declared: give back what was stored.
        return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, value)
    return value
