"""Bots that stand for kinds of players, each choosing among the legal actions.

Every bot is deterministic: its only chance comes from the engine's RNG functions over its
own seed, so a run is reproducible from (pack, bot, seed) alone.

- ``random`` picks uniformly.
- ``greedy`` looks one step ahead and takes what best serves the mission (objectives done,
  suspicion low, the fight won), ignoring the cost to the pair.
- ``cautious`` looks one step ahead and avoids risk: low-chance rolls, injuries, resources spent.
- ``romantic`` looks one step ahead and takes what most raises the bond.
- ``explorer`` prefers choices the run set has taken least, then scenes least entered.
- ``canon`` plays the pack's canonical run, then falls back to random.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bonds.engine import BondsError, State, World, check_chance, step
from bonds.engine.context import Ctx
from bonds.engine.core import ROLL_MARK, Tried
from bonds.engine.rng import next_u64, seed_state, uniform_index

__all__ = ["BOTS", "Bot", "Memory", "make_bot"]


@dataclass
class Memory:
    """What the run set knows so far: how often each action and scene has been seen."""

    actions: dict[str, int] = field(default_factory=dict)
    scenes: dict[str, int] = field(default_factory=dict)


class Bot:
    """A player model. ``choose`` returns one of ``actions``."""

    name = "random"
    remembers = False
    """Whether its choices read the run set's :class:`Memory` (then a batch hands on what
    each wave of runs saw before the next wave begins)."""

    def __init__(self, world: World, seed: int, memory: Memory | None = None) -> None:
        self.world = world
        self.rng = seed_state(seed ^ 0x5EED_B07)
        self.memory = memory if memory is not None else Memory()
        self.turn = 0
        self.pools = tuple(f"{r}." for r in world.data.get("resources", {}))
        """The value-key prefixes of the world's resources (what a cautious bot keeps)."""

    def pick(self, n: int) -> int:
        """A deterministic index in range(n)."""
        self.rng, i = uniform_index(self.rng, n)
        return i

    def choose(self, state: State, actions: list[str], tried: Tried | None = None) -> str:
        """The action this bot takes. A bot that steps actions to weigh them puts those
        steps in ``tried``, when given (the caller then need not take its pick again)."""
        self.turn += 1
        return actions[self.pick(len(actions))]


class _Lookahead(Bot):
    """A bot that scores the state each action leads to (one step ahead, ties at random)."""

    def __init__(self, world: World, seed: int, memory: Memory | None = None) -> None:
        super().__init__(world, seed, memory)
        self._groups: dict[tuple[str, ...], dict[str, list[str]]] = {}
        """For each set of keys met in this run, the keys under each prefix asked for."""

    def score(self, before: State, after: State, action: str) -> float:
        raise NotImplementedError

    def keys(self, values: Mapping[str, object], prefix: str) -> list[str]:
        """The keys of ``values`` that start with ``prefix``, in the table's order. Worked
        out once per set of keys: the states a run weighs mostly share theirs, and reading
        every key of every state weighed was most of a lookahead bot's time."""
        names = tuple(values)
        groups = self._groups.get(names)
        if groups is None:
            if len(self._groups) >= 64:
                self._groups.clear()
            groups = self._groups[names] = {}
        found = groups.get(prefix)
        if found is None:
            found = groups[prefix] = [k for k in names if k.startswith(prefix)]
        return found

    def total(self, values: Mapping[str, object], prefix: str,
            suffixes: tuple[str, ...] = ()) -> int:
        """The whole numbers held under ``prefix`` (only the keys ending in one of
        ``suffixes``, when given)."""
        total = 0
        for key in self.keys(values, prefix):
            value = values[key]
            if isinstance(value, int) and not isinstance(value, bool) and (
                    not suffixes or key.endswith(suffixes)):
                total += value
        return total

    def choose(self, state: State, actions: list[str], tried: Tried | None = None) -> str:
        self.turn += 1
        if len(actions) == 1:
            return actions[0]
        best: list[str] = []
        best_score = float("-inf")
        for action in actions:
            taken = None if tried is None else tried.get(action)
            try:
                if taken is None:
                    taken = step(self.world, state, action)
            except BondsError:
                continue
            if tried is not None:
                tried[action] = taken
            after = taken[0]
            value = self.score(state, after, action)
            if value > best_score + 1e-9:
                best, best_score = [action], value
            elif abs(value - best_score) <= 1e-9:
                best.append(action)
        if not best:
            return actions[self.pick(len(actions))]
        return best[self.pick(len(best))]


def _risk(world: World, state: State, action: str) -> int:
    """The chance of failure of the action's roll, 0 when it does not roll."""
    if state.values.get("fight.id"):
        return 0
    choice = world.scenes[state.scene].choice_by_action.get(action)
    if choice is None or choice.check is None:
        return 0
    chance = check_chance(Ctx(world, state.values, state.rng, state.scene), choice.check)
    return 100 - chance.percent


class GreedyBot(_Lookahead):
    name = "greedy"

    def score(self, before: State, after: State, action: str) -> float:
        v = after.values
        done = sum(1 for k in self.keys(v, "objective.") if v[k] == "done")
        won = 1 if after.values.get("fight.id") is None and before.values.get("fight.id") else 0
        return (10 * done + 5 * won - 0.2 * self.total(v, "suspicion.")
                + 0.05 * self.total(v, "attention."))


class CautiousBot(_Lookahead):
    name = "cautious"

    def score(self, before: State, after: State, action: str) -> float:
        v = after.values
        pools = sum(self.total(v, p) for p in self.pools)
        return (-_risk(self.world, before, action) - 3 * self.total(v, "injury.")
                - 0.2 * self.total(v, "suspicion.") + 0.05 * pools)


class RomanticBot(_Lookahead):
    name = "romantic"

    def score(self, before: State, after: State, action: str) -> float:
        v = after.values
        warm = self.total(v, "bond.", ("trust", "ease", "openness", "coordination"))
        return warm - self.total(v, "bond.", ("tension",)) - 0.2 * _risk(self.world, before, action)


class ExplorerBot(Bot):
    name = "explorer"
    remembers = True

    def choose(self, state: State, actions: list[str], tried: Tried | None = None) -> str:
        self.turn += 1
        seen = self.memory.actions
        fewest = min(seen.get(a, 0) for a in actions)
        least = [a for a in actions if seen.get(a, 0) == fewest]
        if len(least) > 1 and fewest > 0:
            # Among equally worn choices, lean towards the one whose next scene is least known.
            self.rng, coin = next_u64(self.rng)
            if coin % 2:
                return least[self.pick(len(least))]
        return least[self.pick(len(least))]


class CanonBot(GreedyBot):
    name = "canon"

    def __init__(self, world: World, seed: int, memory: Memory | None = None) -> None:
        super().__init__(world, seed, memory)
        self.next_canon = 0

    def choose(self, state: State, actions: list[str], tried: Tried | None = None) -> str:
        if state.values.get("fight.id"):
            # The canon names the story's choices; fights are fought to win.
            return super().choose(state, actions, tried)
        canon = self.world.canon
        if (self.next_canon < len(canon)
                and canon[self.next_canon].partition(ROLL_MARK)[0] in actions):
            self.next_canon += 1
            return canon[self.next_canon - 1]
        self.next_canon = len(canon)
        return actions[self.pick(len(actions))]


BOTS: dict[str, type[Bot]] = {
    "random": Bot, "greedy": GreedyBot, "cautious": CautiousBot, "romantic": RomanticBot,
    "explorer": ExplorerBot, "canon": CanonBot,
}


def make_bot(name: str, world: World, seed: int, memory: Memory | None = None) -> Bot:
    """A bot by name. Raises KeyError for an unknown name."""
    return BOTS[name](world, seed, memory)
