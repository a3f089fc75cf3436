"""The qualities report: a key the rules keep for themselves is not 'read, never written'."""

from __future__ import annotations

from types import SimpleNamespace

from bonds.playtest.findings import _qualities


def _world(reads: set[str], writes: set[str], initial: dict[str, int] | None = None):
    return SimpleNamespace(data={"reads": frozenset(reads), "writes": frozenset(writes)},
                           initial_values=initial or {})


def test_read_never_written_skips_keys_a_run_held():
    world = _world({"intel.rumour", "flag.never", "gold"}, {"flag.spent"}, {"gold": 0})
    report = _qualities(world, held={"intel.rumour"})
    assert report["read_never_written"] == ["flag.never"]
    assert report["written_never_read"] == ["flag.spent"]


def test_visit_counters_are_not_reported():
    report = _qualities(_world({"seen.a"}, {"seen.b"}), held=set())
    assert report == {"written_never_read": [], "read_never_written": []}
