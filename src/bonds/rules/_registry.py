"""The table of functions that pack expressions may call, filled by the rules modules.

Each rules module registers its queries (read the world) and effects (change it) with the
kinds of their parameters. The content compiler looks calls up here, checks the count and
kind of arguments at load time (an unknown character in ``bond('irka', …)`` is a load error
with its line), and binds the call to the function once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FUNCTIONS",
    "INITIALIZERS",
    "LOAD_HOOKS",
    "PARAM_KINDS",
    "RETURN_TYPES",
    "Function",
    "Report",
    "effect",
    "query",
]

PARAM_KINDS = {
    "character", "place", "region", "observer", "faction", "technique", "injury",
    "injury_step", "measure", "mission", "objective", "objective_state", "scene", "ending",
    "standing", "memory", "fact", "spot", "flag", "text", "int", "any", "resource", "item",
    "rank", "fight",
}
"""Kinds whose string arguments are checked against the pack's ids, plus free kinds."""

RETURN_TYPES = {"", "int", "bool", "str", "chance", "none", "any"}
"""What a function may declare it gives back (``returns=``): ``chance`` is a roll's odds with
their parts (only a check's ``chance:`` takes one), ``none`` an effect used for what it does;
``""`` is undeclared."""


@dataclass(frozen=True, slots=True)
class Function:
    """A callable offered to pack expressions."""

    name: str
    impl: Callable[..., Any]
    params: tuple[str, ...]
    is_effect: bool
    key: str | None = None
    """A template of the value key it reads or writes, e.g. ``flag.{0}`` (for coverage)."""
    optional: int = 0
    """How many trailing parameters may be left out."""
    refuses: str = ""
    """When an effect refuses (raises Impossible) for the state it finds, e.g. ``c has less
    than n``. A choice that calls such an effect is tried before it is offered, so every
    legal action applies (``legal_actions``)."""
    returns: str = ""
    """What it gives back, for the compiler's type check (one of :data:`RETURN_TYPES`)."""
    faultless: bool = False
    """A query that never raises for arguments the compiler accepted: it reads keys of the
    value table with a default, keys only its own rules write (flags, whole numbers). See
    :func:`bonds.content.expressions.cannot_fault`."""


FUNCTIONS: dict[str, Function] = {}

Report = Callable[[str, tuple[int | str, ...], str], None]
"""``report(file_kind, path, message)``: a load problem at a place in a pack file."""

INITIALIZERS: list[Callable[[dict[str, Any]], dict[str, Any]]] = []
"""Each gives starting values from the pack's rule data (pools, bond seeds…)."""

LOAD_HOOKS: list[Callable[[dict[str, Any], Any, Report], None]] = []
"""Each checks its system's data at load, ``hook(data, compile_env, report)``, and may
compile expressions the data holds (mission requirements, faction reactions…)."""


def _register(
    name: str, params: tuple[str, ...], is_effect: bool, key: str | None, optional: int,
    refuses: str = "", returns: str = "", faultless: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    unknown = set(params) - PARAM_KINDS
    if unknown:
        raise ValueError(f"{name}: unknown parameter kinds {sorted(unknown)}")
    if returns not in RETURN_TYPES:
        raise ValueError(f"{name}: unknown return type {returns!r}")

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = Function(name, fn, params, is_effect, key, optional, refuses,
                                  returns, faultless)
        return fn

    return wrap


def query(
    name: str, *params: str, key: str | None = None, optional: int = 0, returns: str = "",
    faultless: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn(ctx, *args)`` as a read-only function for conditions; ``returns`` is
    the type it gives back (see :data:`RETURN_TYPES`); ``faultless``, that it never raises
    (see :attr:`Function.faultless`)."""
    return _register(name, params, False, key, optional, returns=returns, faultless=faultless)


def effect(
    name: str, *params: str, key: str | None = None, optional: int = 0, refuses: str = "",
    returns: str = "",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn(ctx, *args)`` as an effect: it may change values and must emit events.
    ``refuses`` says when it refuses for the state it finds (its precondition)."""
    return _register(name, params, True, key, optional, refuses, returns)
