"""Which index files were verified (hashed in full) since they last changed: ``checked.json``.

A file is remembered by its size, times and inode; any write to it (a tool, a copy, a flipped
byte) changes its change time, so it no longer matches and is hashed again before it is read.
The Whoosh wing keeps the list as it opens an index (index/whoosh/integrity.py
``verify_changed``); the citation table (index/citetable.py) reads it so that `cables cite`
never answers from a segment file that changed since it was verified:

    stamp(Path("idx/MAIN_1pkn87kpnn70tljk.seg"))   # [29360128, 1764790000000000000, …, 4113]
    read_stamps(Path("idx"))                       # {"MAIN_1pkn87kpnn70tljk.seg": [29360128, …]}
"""

from __future__ import annotations

import json
import os
from pathlib import Path

STAMPS = "checked.json"  # (not MAIN_…: Whoosh deletes what looks like the file of an old segment)


def stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def read_stamps(folder: Path) -> dict[str, list[int]]:
    try:
        found = json.loads((folder / STAMPS).read_text(encoding="utf-8"))
        return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return {}


def write_stamps(folder: Path, stamps: dict[str, list[int]]) -> None:
    tmp = folder / f".{STAMPS}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(stamps), encoding="utf-8")
        os.replace(tmp, folder / STAMPS)
    except OSError:
        pass  # a read-only index: verified again next time


def all_verified(folder: Path, names: list[str]) -> bool:
    """Whether every file named was verified since it last changed (a missing file is not)."""
    stamps = read_stamps(folder)
    try:
        return all(stamps.get(name) == stamp(folder / name) for name in names)
    except OSError:
        return False
