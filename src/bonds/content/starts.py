"""Starting a run elsewhere: an author's ``--at SCENE --set key=value`` read against a pack.

``bonds play --at`` and ``bonds playtest --from`` begin at any scene with given values. The
scene must be one of the pack's, and each value is read by the type its key has in the pack:
a declared quality's type (and within its declared bounds), else the type of the key's
initial value, else, for a key the pack reads or writes that has neither (``flag.x``), by
what the text looks like. A name the pack does not know is refused with the nearest it does
("did you mean ...?"), as ``bonds check`` answers a typo.

Also here: which scenes some way leads to from a given one, so a playtest begun there
counts coverage of those alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from bonds.engine import BondsError, Opening, Value, World

from ._suggest import did_you_mean
from ._types import INT_LIMIT, TEXT_LIMIT
from .compiler import _reachable
from .expressions import QualitySpec

__all__ = ["parse_opening", "reachable_scenes"]

TRUE = ("true", "yes", "on", "1")
FALSE = ("false", "no", "off", "0")


def parse_opening(world: World, scene: str | None, assignments: Iterable[str]) -> Opening:
    """The opening ``--at scene --set key=value ...`` names in ``world``.

    Raises:
        BondsError: an unknown scene or key, or a value that does not fit its key (one line,
            with the nearest names the pack knows).
    """
    if scene is not None and scene not in world.scenes:
        raise BondsError(f"the pack has no scene '{scene}'{did_you_mean(scene, world.scenes)}")
    values: dict[str, Value] = {}
    for text in assignments:
        key, eq, raw = text.partition("=")
        key = key.strip()
        if not eq or not key:
            raise BondsError(f"expected key=value after --set, found '{text}'")
        values[key] = _value(world, key, raw.strip())
    return Opening.from_values(scene, values)


def reachable_scenes(world: World, scene: str) -> set[str]:
    """The scenes some path of choices, routes, rolls and fights leads to from ``scene``
    (itself included)."""
    return _reachable(world.scenes, scene)


def _known_keys(world: World) -> set[str]:
    data = world.data
    return {*data.get("qualities", {}), *world.initial_values, *data.get("reads", ()),
            *data.get("writes", ())}


def _value(world: World, key: str, raw: str) -> Value:
    specs: dict[str, QualitySpec] = world.data.get("qualities", {})
    spec = specs.get(key)
    if spec is not None and spec.type in ("int", "bool", "str"):
        kind = spec.type
    elif key in world.initial_values:
        kind = _kind_of(world.initial_values[key])
    elif key in _known_keys(world):
        kind = "bool" if key.startswith("flag.") else _looks_like(raw)
    else:
        raise BondsError(f"the pack has no value '{key}' to set"
                         f"{did_you_mean(key, _known_keys(world))}")
    if kind == "bool":
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        raise BondsError(f"{key} is true or false, found '{raw}'")
    if kind == "int":
        try:
            number = int(raw)
        except ValueError:
            raise BondsError(f"{key} is a whole number, found '{raw}'") from None
        low = spec.low if spec is not None and spec.low is not None else -INT_LIMIT
        high = spec.high if spec is not None and spec.high is not None else INT_LIMIT
        if not low <= number <= high:
            raise BondsError(f"{key} is a whole number from {low} to {high}, found {number}")
        return number
    longest = spec.max_length if spec is not None and spec.max_length else TEXT_LIMIT
    if len(raw) > longest:
        raise BondsError(f"{key} is text of at most {longest} characters, found {len(raw)}")
    return raw


def _kind_of(value: Value) -> str:
    if isinstance(value, bool):
        return "bool"
    return "int" if isinstance(value, int) else "str"


def _looks_like(raw: str) -> str:
    if raw.lower() in ("true", "false"):
        return "bool"
    try:
        int(raw)
    except ValueError:
        return "str"
    return "int"
