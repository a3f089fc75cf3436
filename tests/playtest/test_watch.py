"""The invariant watch gives exactly the answers of evaluating every invariant on every state,
while evaluating again only the invariants whose reads changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bonds.content import load_pack
from bonds.engine import Ctx, State, World, legal_actions, start, step
from bonds.engine.world import Invariant
from bonds.playtest.bots import make_bot
from bonds.playtest.watch import Memo, Watch

PACKS = Path(__file__).resolve().parent.parent / "packs"


def _world(*invariants: Invariant) -> World:
    return World(manifest=None, scenes={}, endings={}, initial_values={},  # type: ignore[arg-type]
                 content_hash="", invariants=invariants)


def _counting(test: Callable[[Ctx], Any]) -> tuple[Invariant, list[int]]:
    calls = [0]

    def holds(ctx: Ctx) -> Any:
        calls[0] += 1
        return test(ctx)

    return Invariant("inv", holds, "broken"), calls


def _plain(world: World, state: State) -> Invariant | None:
    ctx = Ctx(world, state.values, state.rng, state.scene)
    return next((i for i in world.invariants if not i.holds(ctx)), None)


CAMPAIGN = PACKS.parent.parent / "campaigns" / "unbreakable_bonds"


@pytest.mark.parametrize("remember", [False, True])
@pytest.mark.parametrize("pack", ["tiny", "faulty", "campaign"])
def test_the_watch_agrees_with_evaluating_everything_on_every_state(pack: str,
                                                                   remember: bool) -> None:
    world = load_pack(CAMPAIGN if pack == "campaign" else PACKS / pack)
    assert world.invariants
    if pack == "campaign":  # its ranges are watched part by part
        assert any(len(i.parts) > 1 for i in world.invariants)
    checked = broken = 0
    memo = Memo(world) if remember else None  # one memo for all the runs, as a playtest has
    for seed in range(100):
        bot, watch = make_bot("random", world, seed), Watch(world, memo)
        state, _ = start(world, seed)
        for _ in range(40):
            found = watch.first_broken(state)
            assert found is _plain(world, state)
            checked += 1
            broken += found is not None
            options = legal_actions(world, state)
            if found is not None or state.ending is not None or not options:
                break
            try:
                state, _ = step(world, state, bot.choose(state, options))
            except Exception:
                break
    assert checked > 350
    assert broken > 0 or pack != "faulty"


def test_an_invariant_is_evaluated_again_only_when_a_key_it_read_changes() -> None:
    invariant, calls = _counting(lambda ctx: int(ctx.values.get("oil", 0)) <= 5)
    watch = Watch(_world(invariant))
    assert watch.first_broken(State("a", {"oil": 1, "other": 1}, 0)) is None
    assert calls == [1]
    assert watch.first_broken(State("b", {"oil": 1, "other": 2}, 9)) is None
    assert calls == [1]  # neither the key it read, nor a scene or RNG it never asked for
    assert watch.first_broken(State("b", {"oil": True, "other": 2}, 9)) is None
    assert calls == [2]  # True equals 1, but it is not the same value
    assert watch.first_broken(State("b", {"oil": 6}, 9)) is invariant
    assert calls == [3]


def test_an_absent_key_that_appears_is_a_change() -> None:
    invariant, calls = _counting(lambda ctx: "flag.x" not in ctx.values)
    watch = Watch(_world(invariant))
    assert watch.first_broken(State("a", {}, 0)) is None
    assert watch.first_broken(State("a", {"y": 1}, 0)) is None
    assert calls == [1]
    assert watch.first_broken(State("a", {"flag.x": False}, 0)) is invariant
    assert calls == [2]


def test_the_scene_counts_only_for_an_invariant_that_asked_for_it() -> None:
    asks, asks_calls = _counting(lambda ctx: ctx.scene != "forbidden")
    never, never_calls = _counting(lambda ctx: True)
    watch = Watch(_world(asks, never))
    for scene in ("a", "a", "b", "c"):
        assert watch.first_broken(State(scene, {}, 0)) is None
    assert asks_calls == [3]
    assert never_calls == [1]
    assert watch.first_broken(State("forbidden", {}, 0)) is asks


def test_an_invariant_that_walks_the_whole_table_is_evaluated_every_time() -> None:
    invariant, calls = _counting(lambda ctx: all(v != -1 for v in ctx.values.values()))
    watch = Watch(_world(invariant))
    for _ in range(3):
        assert watch.first_broken(State("a", {"x": 1}, 0)) is None
    assert calls == [3]


def test_the_first_broken_invariant_in_the_pack_order_is_named() -> None:
    first, _ = _counting(lambda ctx: ctx.values.get("a", 0) < 1)
    second, _ = _counting(lambda ctx: ctx.values.get("b", 0) < 1)
    watch = Watch(_world(first, second))
    assert watch.first_broken(State("s", {}, 0)) is None
    assert watch.first_broken(State("s", {"b": 1}, 0)) is second
    assert watch.first_broken(State("s", {"a": 1, "b": 1}, 0)) is first


def test_an_error_is_raised_as_a_plain_evaluation_raises_it() -> None:
    def holds(ctx: Ctx) -> bool:
        return ctx.values["missing"] == 1

    world = _world(Invariant("inv", holds, "broken"))
    with pytest.raises(KeyError) as plain:
        _plain(world, State("s", {}, 0))
    with pytest.raises(KeyError) as watched:
        Watch(world).first_broken(State("s", {}, 0))
    assert watched.value.args == plain.value.args == ("missing",)
    assert watched.traceback[-1].name == plain.traceback[-1].name == "holds"


def test_a_memo_remembers_values_an_invariant_held_on_in_another_run() -> None:
    invariant, calls = _counting(lambda ctx: int(ctx.values.get("oil", 0)) <= 5)
    world = _world(invariant)
    memo = Memo(world)
    first = Watch(world, memo)
    for oil in (1, 2, 3):
        assert first.first_broken(State("a", {"oil": oil}, 0)) is None
    assert calls == [3]
    second = Watch(world, memo)  # a later run meets values the first one held on
    for oil in (3, 1, 2, 1):
        assert second.first_broken(State("a", {"oil": oil}, 0)) is None
    assert calls == [3]
    assert second.first_broken(State("a", {"oil": True}, 0)) is None
    assert calls == [4]  # True equals 1, but it is not a value it held on
    assert second.first_broken(State("a", {"oil": 6}, 0)) is invariant
    assert second.first_broken(State("a", {"oil": 6}, 0)) is invariant
    assert calls == [6]  # a broken invariant is never remembered


def test_a_memo_belongs_to_one_world() -> None:
    invariant, _ = _counting(lambda ctx: True)
    with pytest.raises(ValueError, match="its own world"):
        Watch(_world(invariant), Memo(_world(invariant)))


def _parted(*parts: Callable[[Ctx], Any]) -> Invariant:
    """An invariant of ``a and b and ...`` as the compiler keeps it: whole, and in parts."""
    def whole(ctx: Ctx) -> Any:
        result: Any = True
        for part in parts:
            result = part(ctx)
            if not result:
                return result
        return result

    return Invariant("ranges", whole, "out of range", parts)


def test_a_part_is_evaluated_again_only_when_a_key_it_read_changes() -> None:
    calls = {"a": 0, "b": 0}

    def part(key: str) -> Callable[[Ctx], bool]:
        def holds(ctx: Ctx) -> bool:
            calls[key] += 1
            return 0 <= int(ctx.values.get(key, 0)) <= 100
        return holds

    invariant = _parted(part("a"), part("b"))
    watch = Watch(_world(invariant))
    assert watch.first_broken(State("s", {"a": 1, "b": 1}, 0)) is None
    assert watch.first_broken(State("s", {"a": 2, "b": 1}, 0)) is None
    assert calls == {"a": 2, "b": 1}
    assert watch.first_broken(State("s", {"a": 2, "b": 101}, 0)) is invariant
    assert calls == {"a": 2, "b": 2}
    assert watch.first_broken(State("s", {"a": 3, "b": 5}, 0)) is None


def test_a_part_that_raises_raises_as_the_whole_invariant_does() -> None:
    def first(ctx: Ctx) -> bool:
        return True

    def second(ctx: Ctx) -> bool:
        return ctx.values["missing"] == 1

    world = _world(_parted(first, second))
    with pytest.raises(KeyError) as plain:
        _plain(world, State("s", {}, 0))
    with pytest.raises(KeyError) as watched:
        Watch(world).first_broken(State("s", {}, 0))
    assert watched.value.args == plain.value.args == ("missing",)


def test_the_compiler_keeps_the_parts_of_an_and() -> None:
    world = load_pack(CAMPAIGN)
    ranges = next(i for i in world.invariants if i.id == "suspicion_in_range")
    assert len(ranges.parts) == 4
    single = next(i for i in world.invariants if i.id == "mission_never_overdue")
    assert single.parts == ()
