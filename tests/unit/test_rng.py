"""The engine's RNG: SplitMix64 over a plain integer, rolls recorded as events."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from bonds.engine import rng
from bonds.engine.context import Chance, Ctx
from bonds.engine.world import World

SRC = Path(__file__).resolve().parents[2] / "src" / "bonds"


def test_next_u64_matches_the_splitmix64_reference_vectors() -> None:
    # Vigna's reference splitmix64.c seeded with 1234567 gives these first three outputs.
    position = 1234567
    outputs = []
    for _ in range(3):
        position, value = rng.next_u64(position)
        outputs.append(value)
    assert outputs == [6457827717110365317, 3203168211198807973, 9817491932198370423]


def test_next_u64_is_pure_and_advances_by_the_golden_gamma() -> None:
    assert rng.next_u64(42) == rng.next_u64(42)
    position, _ = rng.next_u64(42)
    assert position == 42 + 0x9E3779B97F4A7C15
    wrapped, _ = rng.next_u64(rng.MASK)
    assert wrapped == (rng.MASK + 0x9E3779B97F4A7C15) & rng.MASK


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        (0, 0x2545F4914F6CDD1D),
        (1, (0xD1342543DE82EF95 + 0x2545F4914F6CDD1D) & rng.MASK),
        (7, 15975105072182946352),
    ],
)
def test_seed_state_is_a_fixed_function_of_the_seed(seed: int, expected: int) -> None:
    assert rng.seed_state(seed) == expected


@pytest.mark.parametrize("seed", [-1, -(2**70), 2**64, 2**200 + 5, 0, 123456789])
def test_any_integer_seed_gives_a_64_bit_position(seed: int) -> None:
    position = rng.seed_state(seed)
    assert 0 <= position <= rng.MASK


def test_nearby_seeds_give_different_positions() -> None:
    positions = {rng.seed_state(seed) for seed in range(1000)}
    assert len(positions) == 1000


def test_percent_roll_covers_1_to_100_evenly() -> None:
    position = rng.seed_state(99)
    counts: Counter[int] = Counter()
    for _ in range(20_000):
        position, value = rng.percent_roll(position)
        counts[value] += 1
    assert set(counts) == set(range(1, 101))
    # 200 expected per value; a fair generator stays well inside this band.
    assert min(counts.values()) > 130
    assert max(counts.values()) < 270


def test_percent_roll_is_the_next_value_mod_100_plus_1() -> None:
    position, value = rng.next_u64(555)
    assert rng.percent_roll(555) == (position, value % 100 + 1)


def test_uniform_index_stays_in_range() -> None:
    position = rng.seed_state(3)
    seen = set()
    for _ in range(500):
        position, index = rng.uniform_index(position, 7)
        seen.add(index)
    assert seen == set(range(7))
    assert rng.uniform_index(10, 1)[1] == 0


def _ctx(position: int, forced: bool | None = None) -> Ctx:
    world = World(manifest=None, scenes={}, endings={}, initial_values={},  # type: ignore[arg-type]
                  content_hash="")
    return Ctx(world, {}, position, "nowhere", forced)


def test_ctx_roll_draws_once_and_records_the_roll_as_an_event() -> None:
    ctx = _ctx(1234567)
    chance = Chance(60, (("base", 50), ("a steady hand", 10)))
    success = ctx.roll(chance, "test/roll")
    expected_position, expected_value = rng.percent_roll(1234567)
    assert ctx.rng == expected_position
    assert success is (expected_value <= 60)
    assert [e.to_json() for e in ctx.events] == [{
        "kind": "roll", "what": "test/roll", "chance": 60,
        "parts": [["base", 50], ["a steady hand", 10]],
        "value": expected_value, "success": expected_value <= 60,
    }]


def test_ctx_roll_succeeds_exactly_at_or_under_the_chance() -> None:
    # 1234567's first roll is 6457827717110365317 % 100 + 1 == 18.
    assert rng.percent_roll(1234567)[1] == 18
    assert _ctx(1234567).roll(Chance(18, ()), "x") is True
    assert _ctx(1234567).roll(Chance(17, ()), "x") is False


@pytest.mark.parametrize(("forced", "value"), [(True, 1), (False, 100)])
def test_a_forced_roll_does_not_move_the_rng(forced: bool, value: int) -> None:
    ctx = _ctx(777, forced=forced)
    assert ctx.roll(Chance(50, ()), "preview") is forced
    assert ctx.rng == 777
    assert ctx.events[0].data["value"] == value


def test_ctx_pick_advances_the_rng_and_stays_in_range() -> None:
    ctx = _ctx(5)
    picks = [ctx.pick(3) for _ in range(50)]
    assert set(picks) == {0, 1, 2}
    position = 5
    for pick in picks:
        position, index = rng.uniform_index(position, 3)
        assert index == pick
    assert ctx.rng == position


def test_chance_plus_and_clamped() -> None:
    chance = Chance(90, (("base", 90),)).plus("luck", 20)
    assert chance == Chance(110, (("base", 90), ("luck", 20)))
    assert chance.clamped() == Chance(95, (("base", 90), ("luck", 20)))
    assert Chance(-40, ()).clamped() == Chance(5, ())
    assert Chance(50, ()).clamped(0, 100).percent == 50


FORBIDDEN_MODULES = {"random", "time", "datetime", "secrets", "uuid", "socket", "subprocess",
                     "threading", "asyncio", "os", "io", "pathlib", "shutil", "tempfile"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "path",
    sorted([*(SRC / "engine").glob("*.py"), *(SRC / "rules").rglob("*.py")]),
    ids=lambda p: p.relative_to(SRC).as_posix(),
)
def test_engine_and_rules_import_no_randomness_clock_or_io(path: Path) -> None:
    assert _imports(path) & FORBIDDEN_MODULES == set()


@pytest.mark.parametrize("path", sorted((SRC / "engine").glob("*.py")),
                         ids=lambda p: p.name)
def test_the_engine_depends_on_nothing_outside_it(path: Path) -> None:
    # Dependencies point inward: the engine never imports content, rules, the CLI or the web.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            assert not node.module.startswith("bonds."), node.module
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("bonds.") for a in node.names)
