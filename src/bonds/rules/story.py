"""Story memory: flags, visits, and plain arithmetic helpers for pack expressions.

Rules:
- ``set_flag(name)`` sets ``flag.<name>`` and ``clear_flag(name)`` clears it; each emits a
  ``flag_changed`` event (setting a flag already set does nothing and emits nothing).
- ``flag(name)`` is true once set; ``visited(scene)`` is true once the scene was entered
  (the engine counts entries under ``seen.<scene>``).
- ``min``, ``max`` and ``abs`` are the usual integer functions.
"""

from __future__ import annotations

from bonds.engine.context import Ctx
from bonds.engine.state import Value

from ._registry import effect, query

__all__ = ["clear_flag", "flag", "set_flag", "visited"]


@query("flag", "flag", key="flag.{0}", returns="bool", faultless=True)
def flag(ctx: Ctx, name: str) -> bool:
    """Whether the flag ``name`` is set."""
    return bool(ctx.values.get("flag." + name, False))


@query("visited", "scene", key="seen.{0}", returns="bool", faultless=True)
def visited(ctx: Ctx, scene: str) -> bool:
    """Whether ``scene`` has been entered in this run."""
    return bool(ctx.values.get("seen." + scene, 0))


@effect("set_flag", "flag", key="flag.{0}", returns="none")
def set_flag(ctx: Ctx, name: str) -> None:
    """Set a flag."""
    key = "flag." + name
    if not ctx.values.get(key):
        ctx.values[key] = True
        if ctx.wants("flag_changed"):
            ctx.emit("flag_changed", flag=name, value=True)


@effect("clear_flag", "flag", key="flag.{0}", returns="none")
def clear_flag(ctx: Ctx, name: str) -> None:
    """Clear a flag."""
    key = "flag." + name
    if ctx.values.get(key):
        ctx.values[key] = False
        ctx.emit("flag_changed", flag=name, value=False)


@query("min", "int", "int", returns="int")
def _min(ctx: Ctx, a: Value, b: Value) -> Value:
    return min(int(a), int(b))


@query("max", "int", "int", returns="int")
def _max(ctx: Ctx, a: Value, b: Value) -> Value:
    return max(int(a), int(b))


@query("abs", "int", returns="int")
def _abs(ctx: Ctx, a: Value) -> Value:
    return abs(int(a))
