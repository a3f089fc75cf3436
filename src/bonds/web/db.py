"""The saves database: every player's autosave and named slots, with SQLAlchemy.

SQLite in the user's data folder by default; any SQLAlchemy URL (PostgreSQL for a host)
with ``--db``. A row holds a save document of :mod:`bonds.saves` (JSON) and a little
summary for the list. Every query is scoped to its owner (the browser session's player
id): one player can never read, change or delete another's rows.

The autosave is the slot with the empty name. Its ``revision`` grows by one on every write
(from a random start, so a page of a deleted game never matches a new one), and a step is
only written over the revision it was computed from, so two tabs (or two server workers)
can never silently overwrite each other's progress, and a page of one game never acts on
another. The revision is the choice form's version.

Named slots are written in one transaction that holds the owner's lock (PostgreSQL: an
advisory lock; SQLite: the write lock taken at ``BEGIN``), so concurrent "save as" never
breaks the unique name or the slot limit. A player's rows can be deleted all at once
("forget me"), and the rows of a player idle longer than a set time expire.

A player's own row (``bonds_players``) keeps what is theirs rather than a save's: the
numbers setting (``words``, ``brief``, ``full``). It goes with the player: "forget me"
deletes it, and it expires with their saves.

The schema's version is kept in ``bonds_meta`` (``schema``). Opening a database brings it
up to :data:`SCHEMA` one step at a time (:data:`MIGRATIONS`), each step in its own
transaction and each safe to run twice (two workers may open an old database at once):
1 the saves and the meta table; 2 the players' table and its ``numbers`` column.

The store's methods are synchronous; handlers call them through :meth:`SaveStore.run`,
which keeps them off the event loop and within a deadline (:mod:`._offload`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bonds.engine import BondsError

from ._engine import (
    DEFAULT_TIMEOUT,
    POOL_SIZE,
    default_db_url,
    describe,
    is_memory,
    make_engine,
    normalise_url,
    safe_url,
)
from ._offload import Offload, Unavailable

__all__ = ["AUTOSAVE", "MAX_SLOTS", "SCHEMA", "Conflict", "SaveStore", "Slot", "StoreError",
           "Unavailable", "default_db_url"]

T = TypeVar("T")

AUTOSAVE = ""
"""The slot name of the autosave."""
MAX_SLOTS = 30
"""Named slots a player may keep per pack."""

metadata = MetaData()
meta_table = Table(
    "bonds_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
saves_table = Table(
    "bonds_saves", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(64), nullable=False, index=True),
    Column("pack_id", String(64), nullable=False),
    Column("slot", String(64), nullable=False),
    Column("revision", Integer, nullable=False, default=1),
    Column("turn", Integer, nullable=False, default=0),
    Column("place", String(200), nullable=False, default=""),
    Column("ending", String(200), nullable=True),
    Column("updated", Integer, nullable=False),
    Column("document", Text, nullable=False),
    UniqueConstraint("owner", "pack_id", "slot", name="uq_owner_pack_slot"),
)
players_table = Table(
    "bonds_players", metadata,
    Column("owner", String(64), primary_key=True),
    Column("numbers", String(16), nullable=True),
    Column("updated", Integer, nullable=False),
)

SCHEMA = 2
"""The schema version this code writes (see the module's docstring for each step)."""


def _add_players(conn: Connection) -> None:
    """Version 2: the players' own rows, with the numbers setting."""
    players_table.create(conn, checkfirst=True)
    columns = {c["name"] for c in inspect(conn).get_columns("bonds_players")}
    if "numbers" not in columns:  # a players' table from before the setting
        conn.execute(text("ALTER TABLE bonds_players ADD COLUMN numbers VARCHAR(16)"))


MIGRATIONS = {2: _add_players}
"""The step that brings the schema to each version from the one before."""

STALE = "your game moved on in another window; this is where it stands now"


class StoreError(BondsError):
    """The saves database cannot be opened (a bad URL, a missing driver, no access)."""


class Conflict(BondsError):
    """The autosave moved on since the page was drawn (another tab or worker wrote it)."""


@dataclass(frozen=True, slots=True)
class Slot:
    """A saved run as the saves page lists it."""

    id: int
    """The row id (only meaningful together with its owner)."""
    name: str
    """The slot's name; empty for the autosave."""
    revision: int
    """Grows by one at every write (from a random start): the version a page was drawn at."""
    turn: int
    """How many actions the run has taken."""
    place: str
    """Where the run stands (the scene's heading or the chapter)."""
    ending: str | None
    """The ending's title once reached."""
    updated: int
    """When it was last written (seconds since the epoch)."""
    document: dict[str, Any] | None = None
    """The save document, when asked for."""

    @property
    def auto(self) -> bool:
        """Whether this is the autosave."""
        return self.name == AUTOSAVE


class SaveStore:
    """The saves of every player, behind one SQLAlchemy engine."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Open (and if need be create) the database at ``url``.

        Args:
            url: a SQLAlchemy URL.
            timeout: seconds a statement, a connection or a turn in the pool may take; a
                whole call gives up after twice that (see :meth:`run`).

        Raises:
            StoreError: the database cannot be opened (one line, no password).
        """
        self.url = url
        self.timeout = timeout
        try:
            parsed = normalise_url(url)
            self.memory = is_memory(parsed)
            self.postgres = parsed.get_backend_name() == "postgresql"
            self.engine = make_engine(parsed, timeout)
            self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
            metadata.create_all(self.engine, tables=[meta_table, saves_table])
            self._migrate()
        except (SQLAlchemyError, ImportError, OSError, ValueError) as exc:
            raise StoreError(f"cannot open the saves database {safe_url(url)}: "
                             f"{str(exc).splitlines()[0]}") from None
        size = 1 if self.memory else (POOL_SIZE * 2 if self.postgres else POOL_SIZE)
        self.offload = Offload(size, 2 * timeout + 0.5, describe)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Call one of this store's methods off the event loop, within its deadline.

        Raises:
            Unavailable: the database is down, stalled or overloaded (one line).
        """
        return await self.offload.run(fn, *args)

    def secret(self) -> str:
        """The key that signs session cookies, made once and kept in the database.

        Raises:
            StoreError: the database cannot be read (one line).
        """
        query = select(meta_table.c.value).where(meta_table.c.key == "secret")
        try:
            with self.engine.connect() as conn:
                found = conn.execute(query).scalar()
            if found is None:
                try:
                    with self._writing() as conn:
                        conn.execute(insert(meta_table).values(
                            key="secret", value=secrets.token_urlsafe(48)))
                except IntegrityError:
                    pass  # another worker made it first; read theirs
                with self.engine.connect() as conn:
                    found = conn.execute(query).scalar_one()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the saves database {safe_url(self.url)}: "
                             f"{describe(exc) or type(exc).__name__}") from None
        return str(found)

    def _migrate(self) -> None:
        """Bring the schema up to :data:`SCHEMA`, one recorded step at a time."""
        query = select(meta_table.c.value).where(meta_table.c.key == "schema")
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        version = int(found) if found is not None else 1
        for target in range(version + 1, SCHEMA + 1):
            with self._writing() as conn:
                MIGRATIONS[target](conn)
                done = conn.execute(update(meta_table).where(meta_table.c.key == "schema")
                                    .values(value=str(target))).rowcount
                if not done:
                    conn.execute(insert(meta_table).values(key="schema", value=str(target)))

    def numbers(self, owner: str) -> str | None:
        """The player's numbers setting, or None when they never chose one."""
        with self._one_statement() as conn:
            return conn.execute(select(players_table.c.numbers).where(
                players_table.c.owner == owner)).scalar()

    def set_numbers(self, owner: str, value: str) -> None:
        """Keep the player's numbers setting on their row (made if need be)."""
        for attempt in range(2):
            now = int(time.time())
            try:
                with self._writing() as conn:
                    done = conn.execute(update(players_table).where(
                        players_table.c.owner == owner).values(numbers=value,
                                                               updated=now)).rowcount
                    if not done:
                        conn.execute(insert(players_table).values(owner=owner, numbers=value,
                                                                  updated=now))
                return
            except IntegrityError:  # another request of this player made it first: update
                if attempt:
                    raise

    def revision(self, owner: str, pack_id: str) -> int | None:
        """The autosave's revision, or None when there is none."""
        with self._one_statement() as conn:
            return conn.execute(select(saves_table.c.revision).where(
                self._slot(owner, pack_id, AUTOSAVE))).scalar()

    def load(self, owner: str, pack_id: str, name: str = AUTOSAVE) -> Slot | None:
        """A slot by name, with its document."""
        with self._one_statement() as conn:
            row = conn.execute(select(saves_table).where(
                self._slot(owner, pack_id, name))).first()
        return None if row is None else _slot(row, with_document=True)

    def write_autosave(self, owner: str, pack_id: str, document: dict[str, Any], turn: int,
                       place: str, ending: str | None, expected: int | None) -> int:
        """Write the autosave over revision ``expected`` (None: whatever is there).

        Returns the new revision. Raises Conflict when the autosave is not at ``expected``
        (0: when one exists at all).
        """
        values = self._values(document, turn, place, ending)
        for _ in range(2):
            if expected != 0:
                revision = self._update_autosave(owner, pack_id, values, expected)
                if revision is not None:
                    return revision
                if expected is not None:
                    raise Conflict(STALE)
            first = _first_revision()
            try:
                with self._writing() as conn:
                    conn.execute(insert(saves_table).values(
                        owner=owner, pack_id=pack_id, slot=AUTOSAVE, revision=first, **values))
                return first
            except IntegrityError:
                if expected is not None:
                    raise Conflict(STALE) from None
        raise Conflict(STALE)

    def _update_autosave(self, owner: str, pack_id: str, values: dict[str, Any],
                         expected: int | None) -> int | None:
        # The statement is built once (below the class): a step's write is the server's
        # most frequent query.
        params = {"b_owner": owner, "b_pack": pack_id, "b_expected": expected,
                  **{f"b_{k}": v for k, v in values.items()}}
        statement = _UPDATE_AUTOSAVE_ANY if expected is None else _UPDATE_AUTOSAVE
        with self._one_statement(write=True) as conn:
            row = conn.execute(statement, params).first()
        return None if row is None else int(row[0])

    def list(self, owner: str, pack_id: str) -> list[Slot]:
        """The autosave first, then the named slots, newest first."""
        with self._one_statement() as conn:
            rows = conn.execute(select(*_SUMMARY).where(and_(
                saves_table.c.owner == owner, saves_table.c.pack_id == pack_id)).order_by(
                (saves_table.c.slot != AUTOSAVE), saves_table.c.updated.desc(),
                saves_table.c.id.desc())).all()
        return [_slot(r) for r in rows]

    def save_as(self, owner: str, pack_id: str, name: str, document: dict[str, Any],
                turn: int, place: str, ending: str | None) -> None:
        """Write a named slot (replacing one of the same name), atomically.

        One transaction holds the owner's lock while it replaces the slot or counts the
        slots and adds one, so parallel saves never break the name or the limit.

        Raises:
            BondsError: the player already keeps :data:`MAX_SLOTS` slots.
        """
        values = self._values(document, turn, place, ending)
        for attempt in range(3):
            try:
                with self._writing() as conn:
                    self._lock_owner(conn, owner, pack_id)
                    done = conn.execute(update(saves_table).where(
                        self._slot(owner, pack_id, name)).values(
                        revision=saves_table.c.revision + 1, **values)).rowcount
                    if done:
                        return
                    count = conn.execute(select(func.count()).select_from(saves_table).where(
                        and_(saves_table.c.owner == owner, saves_table.c.pack_id == pack_id,
                             saves_table.c.slot != AUTOSAVE))).scalar_one()
                    if count >= MAX_SLOTS:
                        raise BondsError(f"you already keep {MAX_SLOTS} saves; delete one "
                                         f"first")
                    conn.execute(insert(saves_table).values(
                        owner=owner, pack_id=pack_id, slot=name, revision=_first_revision(),
                        **values))
                return
            except IntegrityError:  # a writer that took no lock (an older server) was first
                if attempt == 2:
                    raise

    def _lock_owner(self, conn: Connection, owner: str, pack_id: str) -> None:
        """Serialise this owner's slot writes until the transaction ends."""
        if self.postgres:
            digest = hashlib.blake2b(f"{owner}\0{pack_id}".encode(), digest_size=8).digest()
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                         {"key": int.from_bytes(digest, "big", signed=True)})
        # SQLite: BEGIN IMMEDIATE already holds the database's write lock.

    def forget(self, owner: str) -> int:
        """Delete every row of ``owner`` (every pack, and their own row); how many saves
        were deleted."""
        with self._writing() as conn:
            conn.execute(delete(players_table).where(players_table.c.owner == owner))
            return int(conn.execute(delete(saves_table).where(
                saves_table.c.owner == owner)).rowcount or 0)

    def expire(self, idle_seconds: float, now: float | None = None) -> int:
        """Delete the rows of every player who wrote nothing for ``idle_seconds``.

        A player's idle time is counted from their latest write to any of their rows, so a
        slot kept untouched by a player who still plays does not expire. Returns how many
        rows were deleted.
        """
        cutoff = int((time.time() if now is None else now) - idle_seconds)
        idle = select(saves_table.c.owner).group_by(saves_table.c.owner).having(
            func.max(saves_table.c.updated) < cutoff)
        with self._writing() as conn:
            gone = int(conn.execute(delete(saves_table).where(
                saves_table.c.owner.in_(idle))).rowcount or 0)
            # A player's own row goes once they have no saves left and were idle as long.
            conn.execute(delete(players_table).where(and_(
                players_table.c.updated < cutoff,
                players_table.c.owner.not_in(select(saves_table.c.owner)))))
            return gone

    def get(self, owner: str, slot_id: int) -> Slot | None:
        """A slot by id, with its document, only if ``owner`` owns it."""
        with self._one_statement() as conn:
            row = conn.execute(select(saves_table).where(and_(
                saves_table.c.id == slot_id, saves_table.c.owner == owner))).first()
        return None if row is None else _slot(row, with_document=True)

    def delete(self, owner: str, slot_id: int) -> bool:
        """Delete a slot ``owner`` owns; whether one was deleted."""
        with self._writing() as conn:
            return bool(conn.execute(delete(saves_table).where(and_(
                saves_table.c.id == slot_id, saves_table.c.owner == owner))).rowcount)

    def close(self) -> None:
        """Release the database's connections."""
        self.engine.dispose()

    @contextmanager
    def _one_statement(self, write: bool = False) -> Iterator[Connection]:
        """A connection for a single statement. On PostgreSQL it runs as its own
        transaction (autocommit): one round trip instead of three (BEGIN, the statement,
        COMMIT or ROLLBACK). SQLite has no round trips, and keeps its write lock rule."""
        if self.postgres:
            with self._autocommit.connect() as conn:
                yield conn
        elif write:
            with self._writing() as conn:
                yield conn
        else:
            with self.engine.connect() as conn:
                yield conn

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A transaction that will write (SQLite takes its write lock at the start)."""
        with self.engine.connect() as conn:
            conn.execution_options(bonds_write=True)
            with conn.begin():
                yield conn

    @staticmethod
    def _slot(owner: str, pack_id: str, name: str) -> Any:
        return and_(saves_table.c.owner == owner, saves_table.c.pack_id == pack_id,
                    saves_table.c.slot == name)

    @staticmethod
    def _values(document: dict[str, Any], turn: int, place: str, ending: str | None
                ) -> dict[str, Any]:
        return {"turn": turn, "place": place[:200], "ending": ending and ending[:200],
                "updated": int(time.time()),
                "document": json.dumps(document, separators=(",", ":"))}


def _autosave_update(check_revision: bool) -> Any:
    """The autosave's UPDATE (bound parameters ``b_*``), over a given revision or any."""
    where = and_(saves_table.c.owner == bindparam("b_owner"),
                 saves_table.c.pack_id == bindparam("b_pack"),
                 saves_table.c.slot == AUTOSAVE)
    if check_revision:
        where = and_(where, saves_table.c.revision == bindparam("b_expected"))
    return update(saves_table).where(where).values(
        revision=saves_table.c.revision + 1,
        **{k: bindparam(f"b_{k}") for k in ("turn", "place", "ending", "updated", "document")},
    ).returning(saves_table.c.revision)


_UPDATE_AUTOSAVE = _autosave_update(check_revision=True)
_UPDATE_AUTOSAVE_ANY = _autosave_update(check_revision=False)

_SUMMARY = (saves_table.c.id, saves_table.c.slot, saves_table.c.revision, saves_table.c.turn,
            saves_table.c.place, saves_table.c.ending, saves_table.c.updated)


def _slot(row: Any, with_document: bool = False) -> Slot:
    m = row._mapping
    return Slot(int(m["id"]), str(m["slot"]), int(m["revision"]), int(m["turn"]),
                str(m["place"]), m["ending"], int(m["updated"]),
                json.loads(m["document"]) if with_document else None)


def _first_revision() -> int:
    """Where a new row's revisions start: random, so no page of a deleted row matches."""
    return 1 + secrets.randbelow(1 << 30)
