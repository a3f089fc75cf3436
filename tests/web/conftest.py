"""Fixtures for the web tests: a pack per parameter, an app on an in-memory database, clients."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import World
from bonds.web.app import create_app
from bonds.web.db import SaveStore

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
