"""The engine's one source of randomness: SplitMix64 over a plain integer.

The generator's whole state is one integer kept in the game state, so a save holds the
RNG's position as data and a replay draws exactly the same numbers. No ``random`` module.
"""

from __future__ import annotations

__all__ = ["MASK", "next_u64", "percent_roll", "seed_state", "uniform_index"]

MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def seed_state(seed: int) -> int:
    """Turn any integer seed into a starting RNG position."""
    return (seed * 0xD1342543DE82EF95 + 0x2545F4914F6CDD1D) & MASK


def next_u64(position: int) -> tuple[int, int]:
    """Advance the generator; returns (new position, a 64-bit value)."""
    position = (position + _GOLDEN) & MASK
    z = position
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return position, z ^ (z >> 31)


def percent_roll(position: int) -> tuple[int, int]:
    """A roll from 1 to 100 inclusive; returns (new position, roll)."""
    position, value = next_u64(position)
    return position, value % 100 + 1


def uniform_index(position: int, n: int) -> tuple[int, int]:
    """An index in ``range(n)``; returns (new position, index)."""
    position, value = next_u64(position)
    return position, value % n
