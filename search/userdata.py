"""The user's own data (marks, tags, notes; saved searches): one SQLite file beside the index.

    store = UserData.beside("/home/ana/cables/idx")     # -> /home/ana/cables/idx.userdata.sqlite
    store = UserData.beside("solr://127.0.0.1:8983/solr/cables")
    #   -> ~/.local/share/cablesearch/solr/127.0.0.1_8983-cables-<hash>.userdata.sqlite
    store.mark("07LIMA2313", "7", tags=["peru-mil"], note="Coulter on the SOFA")
    store.mark("09LIMA1661", None, tags=["peru-mil"])   # None: the whole cable
    [m.citation_key for m in store.marks(tag="peru-mil")]   # ["09LIMA1661", "07LIMA2313 ¶7"], newest first
    store.marked_ids("peru-mil")                          # {"07LIMA2313", "09LIMA1661"}
    store.unmark("07LIMA2313", "7", tag="peru-mil")       # drops the tag; without tag=, the whole mark

Where: beside the index folder, never inside it (``idx`` -> ``idx.userdata.sqlite`` in the same
parent folder), so deleting and rebuilding an index keeps what the user kept.  A Solr collection
has no folder: its store is in the platform's user data folder, under ``solr/``, named after the
collection URL (``solr://h1:8983,h2:8983/solr/cables`` and ``solr://h2:8983,h1:8983/solr/cables``
are the same collection: the hosts are sorted).  :func:`store_path` says where.

What: marks are keyed by the document's canonical id and the paragraph number *as cited*
(``"7"``, ``"2.1.3"``; ``""`` in the table, ``None`` here, for the whole document), never by an
index-internal number, so they survive re-ingest, a newer release and a rebuilt index.  The store
never deletes a mark on its own: a mark whose document is no longer in the index is still listed
(search.marks says it is missing).

How: stdlib ``sqlite3`` in WAL mode with foreign keys on and a busy timeout (a second writer
waits its turn instead of failing: the TUI and ``cables mark`` may write at the same moment).
Every write is one ``BEGIN IMMEDIATE`` transaction, rolled back on any exception, Ctrl-C
included, so an interrupted command leaves the store as it was.  A store that stays locked
past the timeout raises :class:`StoreLocked`; a file that is not a SQLite database, or a schema
from a newer cablesearch, raises :class:`StoreDamaged`: both one line naming the file.

Schema versions: ``PRAGMA user_version`` is the number of migrations applied; ``MIGRATIONS`` is
the ordered list of them, each a tuple of SQL statements.  Opening a store applies the missing
ones in one transaction.  To extend the schema (saved searches, …), APPEND a migration at the end
of ``MIGRATIONS`` (never edit or reorder one that has shipped: stores in the field have run it):

    MIGRATIONS.append((                       # version 2
        "CREATE TABLE saved_searches(name TEXT PRIMARY KEY, query TEXT NOT NULL, ...)",
    ))

and build on :meth:`UserData.reading` / :meth:`UserData.writing`, which give a connection inside
a read or a write transaction (``with store.writing() as db: db.execute(...)``).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from corpus.errors import CablesError

SUFFIX = ".userdata.sqlite"
BUSY_TIMEOUT_MS = 10_000

# Version N of the schema is MIGRATIONS[:N] applied in order (see the module docstring).
MIGRATIONS: list[tuple[str, ...]] = [
    (  # 1: marks with tags and a note
        """CREATE TABLE marks(
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL,                 -- canonical id: 07LIMA2313, UNGDC-PER-2003
            paragraph TEXT NOT NULL DEFAULT '',   -- as cited: '7', '2.1.3'; '' = the whole document
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,                -- ISO UTC with microseconds
            updated TEXT NOT NULL,
            UNIQUE(doc_id, paragraph))""",
        """CREATE TABLE mark_tags(
            mark_id INTEGER NOT NULL REFERENCES marks(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY(mark_id, tag))""",
        "CREATE INDEX mark_tags_by_tag ON mark_tags(tag)",
    ),
    (  # 2: saved searches, and the version of each hit the user has seen (search/watches.py)
        """CREATE TABLE saved_searches(
            name TEXT PRIMARY KEY,                -- as the user typed it: 'humala'
            query TEXT NOT NULL,                  -- the query language of search/query.py
            filters TEXT NOT NULL DEFAULT '{}',   -- JSON {key: [values]}, Library.search's filters
            created TEXT NOT NULL,                -- ISO UTC with microseconds
            seen TEXT NOT NULL)                   -- when its hits were last marked seen""",
        """CREATE TABLE saved_search_seen(
            search TEXT NOT NULL REFERENCES saved_searches(name) ON DELETE CASCADE,
            doc_id TEXT NOT NULL,                 -- canonical id of a hit when last seen
            content_hash TEXT NOT NULL,           -- the version of it seen (sha256 of its source bytes)
            PRIMARY KEY(search, doc_id)) WITHOUT ROWID""",
    ),
]


class UserDataError(CablesError):
    """The store of marks cannot be used; the message names the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"the marks store {path} {problem}")
        self.path = str(path)


class StoreLocked(UserDataError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, f"is locked by another program (waited {BUSY_TIMEOUT_MS / 1000:g} s); try again")


class StoreDamaged(UserDataError):
    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(path, f"is damaged ({why}); move it aside to start a new one")


@dataclass
class Mark:
    """One kept item: a document (``paragraph is None``) or one of its paragraphs, as cited."""

    doc_id: str
    paragraph: str | None
    tags: list[str] = field(default_factory=list)
    note: str = ""
    created: str = ""
    updated: str = ""

    @property
    def citation_key(self) -> str:
        """What ``cables cite`` reads back: ``07LIMA2313 ¶7`` (``§`` is accepted alike), or the id."""
        return f"{self.doc_id} ¶{self.paragraph}" if self.paragraph else self.doc_id


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner blanks made one dash (``"peru mil "`` -> ``"peru-mil"``), kept in case."""
    return re.sub(r"\s+", "-", tag.strip())


def store_path(target: str | Path) -> Path:
    """Where the store of ``target`` (an index folder or a solr:// URL) lives; nothing is created."""
    text = str(target)
    if text.startswith(("solr://", "solrs://")):
        import hashlib
        from urllib.parse import urlsplit

        from platformdirs import user_data_dir

        from index.location import APP_NAME

        parts = urlsplit(text)
        hosts = sorted(h.lower() for h in parts.netloc.split(",") if h)
        collection = parts.path.strip("/").rpartition("/")[2] or "collection"
        key = f"{parts.scheme}://{','.join(hosts)}/{parts.path.strip('/')}"
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        readable = re.sub(r"[^A-Za-z0-9.-]+", "_", f"{hosts[0] if hosts else 'solr'}-{collection}")
        return Path(user_data_dir(APP_NAME)) / "solr" / f"{readable}-{digest}{SUFFIX}"
    folder = Path(target).expanduser().resolve()
    return folder.parent / f"{folder.name}{SUFFIX}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _key(paragraph: str | None) -> str:
    return (paragraph or "").strip()


class UserData:
    """One store (see the module docstring).  Thread-safe: one connection behind a lock."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    @classmethod
    def beside(cls, target: str | Path) -> UserData:
        return cls(store_path(target))

    # -- connection and transactions --------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        if not self.path.exists():
            if not create:
                return None  # reading a store never written: nothing kept yet, no file made
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.Error as error:
            raise UserDataError(self.path, f"cannot be opened ({error})") from None
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            self._migrate(db)
        except BaseException as error:
            db.close()
            if isinstance(error, sqlite3.Error):
                raise self._error(error) from None
            raise
        self._db = db
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreDamaged(self.path, f"schema version {version}, made by a newer cablesearch")
        if version == len(MIGRATIONS):
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have just done it
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _error(self, error: sqlite3.Error) -> UserDataError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return StoreLocked(self.path)
        return StoreDamaged(self.path, text)

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on any exception."""
        with self._lock:
            db = self._connect(create=True)
            assert db is not None  # create=True makes the file
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise self._error(error) from None
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as error:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self._error(error) from None
                raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection | None]:
        """A read transaction over one snapshot; None when the store was never written."""
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                yield None
                return
            try:
                db.execute("BEGIN")
                yield db
            except sqlite3.Error as error:
                raise self._error(error) from None
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> UserData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- marks -------------------------------------------------------------------------------

    def mark(self, doc_id: str, paragraph: str | None, *, tags: Iterable[str] = (),
             note: str | None = None, replace_tags: bool = False) -> Mark:
        """Marks (or re-marks) an item: ``tags`` are added to its tags (``replace_tags``: become its
        tags), ``note`` (when given) replaces its note."""
        tags = [t for t in dict.fromkeys(map(clean_tag, tags)) if t]
        now = _now()
        with self.writing() as db:
            db.execute(
                "INSERT INTO marks(doc_id, paragraph, note, created, updated) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(doc_id, paragraph) DO UPDATE SET updated = excluded.updated",
                (doc_id, _key(paragraph), note or "", now, now),
            )
            (mark_id,) = db.execute("SELECT id FROM marks WHERE doc_id = ? AND paragraph = ?",
                                    (doc_id, _key(paragraph))).fetchone()
            if note is not None:
                db.execute("UPDATE marks SET note = ? WHERE id = ?", (note, mark_id))
            if replace_tags:
                db.execute(f"DELETE FROM mark_tags WHERE mark_id = ? AND tag NOT IN ({','.join('?' * len(tags))})",
                           (mark_id, *tags))
            for tag in tags:
                db.execute("INSERT OR IGNORE INTO mark_tags(mark_id, tag) VALUES (?, ?)", (mark_id, tag))
            return self._load(db, "m.id = ?", (mark_id,))[0]

    def unmark(self, doc_id: str, paragraph: str | None, *, tag: str | None = None) -> Mark | None:
        """Removes ``tag`` from the mark, or (no tag) the whole mark; the mark as it was, None if there was none."""
        with self.writing() as db:
            found = self._load(db, "m.doc_id = ? AND m.paragraph = ?", (doc_id, _key(paragraph)))
            if not found:
                return None
            mark = found[0]
            if tag is None:
                db.execute("DELETE FROM marks WHERE doc_id = ? AND paragraph = ?", (doc_id, _key(paragraph)))
            else:
                db.execute("DELETE FROM mark_tags WHERE tag = ? AND mark_id ="
                           " (SELECT id FROM marks WHERE doc_id = ? AND paragraph = ?)",
                           (clean_tag(tag), doc_id, _key(paragraph)))
            return mark

    def get(self, doc_id: str, paragraph: str | None) -> Mark | None:
        with self.reading() as db:
            found = self._load(db, "m.doc_id = ? AND m.paragraph = ?", (doc_id, _key(paragraph))) if db else []
        return found[0] if found else None

    def marks(self, tag: str | None = None, doc_id: str | None = None) -> list[Mark]:
        """Every mark (with ``tag``; of ``doc_id``), newest first."""
        where, params = ["1"], []
        if tag is not None:
            where.append("m.id IN (SELECT mark_id FROM mark_tags WHERE tag = ?)")
            params.append(clean_tag(tag))
        if doc_id is not None:
            where.append("m.doc_id = ?")
            params.append(doc_id)
        with self.reading() as db:
            return self._load(db, " AND ".join(where), tuple(params)) if db else []

    def marked_ids(self, tag: str | None = None) -> set[str]:
        """The canonical ids with at least one mark (with ``tag``): what ``marked:yes`` / ``mytag:`` filter to."""
        with self.reading() as db:
            if db is None:
                return set()
            if tag is None:
                return {d for (d,) in db.execute("SELECT DISTINCT doc_id FROM marks")}
            return {d for (d,) in db.execute("SELECT DISTINCT m.doc_id FROM marks m JOIN mark_tags t"
                                             " ON t.mark_id = m.id WHERE t.tag = ?", (clean_tag(tag),))}

    def tag_counts(self, ids: Iterable[str] | None = None) -> dict[str, int]:
        """Documents per tag (among ``ids`` when given), most first: the "my tags" facet."""
        wanted = set(ids) if ids is not None else None
        docs: dict[str, set[str]] = {}
        with self.reading() as db:
            pairs = db.execute("SELECT t.tag, m.doc_id FROM mark_tags t JOIN marks m ON m.id = t.mark_id") if db else []
            for tag, doc_id in pairs:
                if wanted is None or doc_id in wanted:
                    docs.setdefault(tag, set()).add(doc_id)
        return dict(sorted(((t, len(d)) for t, d in docs.items()), key=lambda kv: (-kv[1], kv[0].lower())))

    @staticmethod
    def _load(db: sqlite3.Connection, where: str, params: tuple[object, ...]) -> list[Mark]:
        rows = db.execute(
            "SELECT m.id, m.doc_id, m.paragraph, m.note, m.created, m.updated,"
            " (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM mark_tags WHERE mark_id = m.id ORDER BY tag))"
            f" FROM marks m WHERE {where} ORDER BY m.created DESC, m.id DESC",
            params,
        ).fetchall()
        return [Mark(doc_id=d, paragraph=p or None, tags=t.split("\x1f") if t else [], note=n, created=c, updated=u)
                for _, d, p, n, c, u, t in rows]
