"""Fixtures for the web tests: a pack per parameter, an app on an in-memory database, clients,
and databases on each backend: a SQLite file, and a throwaway PostgreSQL cluster (see
:mod:`.pg`), made once per test process when a test asks for it.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import World
from bonds.web.app import create_app
from bonds.web.db import SaveStore

from .pg import Cluster, why_not
from .support import PACKS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture(scope="session", params=PACKS, ids=[p.name for p in PACKS])
def world(request: pytest.FixtureRequest) -> World:
    """Each pack the UI tests play, compiled once."""
    path: Path = request.param
    return load_pack(path)


@pytest.fixture
def store() -> Iterator[SaveStore]:
    """A fresh in-memory saves database."""
    db = SaveStore("sqlite://")
    yield db
    db.close()


@pytest.fixture
def app(world: World, store: SaveStore):
    """The app for ``world`` on ``store``."""
    return create_app(world, store=store)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """A browser session on the app."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def other(app) -> Iterator[TestClient]:
    """A second, separate browser session on the same app."""
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster for this test process (skipped only where none can be made;
    under CI, where scripts/setup installs PostgreSQL, its absence fails the test)."""
    reason = why_not()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed under CI: {reason}")
        pytest.skip(reason)
    cluster = Cluster()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A fresh database in the test cluster."""
    return pg_cluster.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh saves database on each backend: a SQLite file, and PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'saves.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))
