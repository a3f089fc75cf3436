"""The saves database: every player's autosave and named slots, with SQLAlchemy.

SQLite in the user's data folder by default; any SQLAlchemy URL (PostgreSQL for a host)
with ``--db``. A row holds a save document of :mod:`bonds.saves` (JSON) and a little
summary for the list. Every query is scoped to its owner (the browser session's player
id): one player can never read, change or delete another's rows.

The autosave is the slot with the empty name. Its ``revision`` grows by one on every write,
and a step is only written over the revision it was computed from, so two tabs (or two
server workers) can never silently overwrite each other's progress.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from bonds.engine import BondsError

__all__ = ["AUTOSAVE", "MAX_SLOTS", "Conflict", "SaveStore", "Slot", "StoreError",
           "default_db_url"]

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
    """How many times it has been written."""
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


def default_db_url() -> str:
    """SQLite in the user's data folder (created if missing)."""
    folder = Path(user_data_dir("unbreakable-bonds", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'saves.sqlite3'}"


class SaveStore:
    """The saves of every player, behind one SQLAlchemy engine."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine = _engine(url)
            metadata.create_all(self.engine)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open the saves database {_safe(url)}: "
                             f"{str(exc).splitlines()[0]}") from None

    def secret(self) -> str:
        """The key that signs session cookies, made once and kept in the database."""
        query = select(meta_table.c.value).where(meta_table.c.key == "secret")
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        if found is None:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(meta_table).values(key="secret",
                                                           value=secrets.token_urlsafe(48)))
            except IntegrityError:
                pass  # another worker made it first; read theirs
            with self.engine.connect() as conn:
                found = conn.execute(query).scalar_one()
        return str(found)

    def revision(self, owner: str, pack_id: str) -> int | None:
        """The autosave's revision, or None when there is none."""
        with self.engine.connect() as conn:
            return conn.execute(select(saves_table.c.revision).where(
                self._slot(owner, pack_id, AUTOSAVE))).scalar()

    def load(self, owner: str, pack_id: str, name: str = AUTOSAVE) -> Slot | None:
        """A slot by name, with its document."""
        with self.engine.connect() as conn:
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
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(saves_table).values(
                        owner=owner, pack_id=pack_id, slot=AUTOSAVE, revision=1, **values))
                return 1
            except IntegrityError:
                if expected is not None:
                    raise Conflict(STALE) from None
        raise Conflict(STALE)

    def _update_autosave(self, owner: str, pack_id: str, values: dict[str, Any],
                         expected: int | None) -> int | None:
        where = self._slot(owner, pack_id, AUTOSAVE)
        if expected is not None:
            where = and_(where, saves_table.c.revision == expected)
        with self.engine.begin() as conn:
            row = conn.execute(update(saves_table).where(where).values(
                revision=saves_table.c.revision + 1, **values).returning(
                saves_table.c.revision)).first()
        return None if row is None else int(row[0])

    def list(self, owner: str, pack_id: str) -> list[Slot]:
        """The autosave first, then the named slots, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(*_SUMMARY).where(and_(
                saves_table.c.owner == owner, saves_table.c.pack_id == pack_id)).order_by(
                (saves_table.c.slot != AUTOSAVE), saves_table.c.updated.desc(),
                saves_table.c.id.desc())).all()
        return [_slot(r) for r in rows]

    def save_as(self, owner: str, pack_id: str, name: str, document: dict[str, Any],
                turn: int, place: str, ending: str | None) -> None:
        """Write a named slot (replacing one of the same name). Raises BondsError when full."""
        values = self._values(document, turn, place, ending)
        with self.engine.begin() as conn:
            done = conn.execute(update(saves_table).where(
                self._slot(owner, pack_id, name)).values(
                revision=saves_table.c.revision + 1, **values)).rowcount
            if done:
                return
            count = conn.execute(select(func.count()).select_from(saves_table).where(and_(
                saves_table.c.owner == owner, saves_table.c.pack_id == pack_id,
                saves_table.c.slot != AUTOSAVE))).scalar_one()
            if count >= MAX_SLOTS:
                raise BondsError(f"you already keep {MAX_SLOTS} saves; delete one first")
            conn.execute(insert(saves_table).values(owner=owner, pack_id=pack_id, slot=name,
                                                    revision=1, **values))

    def get(self, owner: str, slot_id: int) -> Slot | None:
        """A slot by id, with its document, only if ``owner`` owns it."""
        with self.engine.connect() as conn:
            row = conn.execute(select(saves_table).where(and_(
                saves_table.c.id == slot_id, saves_table.c.owner == owner))).first()
        return None if row is None else _slot(row, with_document=True)

    def delete(self, owner: str, slot_id: int) -> bool:
        """Delete a slot ``owner`` owns; whether one was deleted."""
        with self.engine.begin() as conn:
            return bool(conn.execute(delete(saves_table).where(and_(
                saves_table.c.id == slot_id, saves_table.c.owner == owner))).rowcount)

    def close(self) -> None:
        """Release the database's connections."""
        self.engine.dispose()

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


_SUMMARY = (saves_table.c.id, saves_table.c.slot, saves_table.c.revision, saves_table.c.turn,
            saves_table.c.place, saves_table.c.ending, saves_table.c.updated)


def _slot(row: Any, with_document: bool = False) -> Slot:
    m = row._mapping
    return Slot(int(m["id"]), str(m["slot"]), int(m["revision"]), int(m["turn"]),
                str(m["place"]), m["ending"], int(m["updated"]),
                json.loads(m["document"]) if with_document else None)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return "(unreadable URL)"


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
    if memory:
        engine = create_engine(url, connect_args={"check_same_thread": False},
                               poolclass=StaticPool)
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine
