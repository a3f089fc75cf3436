"""Recruitment tests: a faction judges an unknown by an ambush and a question of loyalty.

Rules:

- ``ambush_chance(candidate, tester)``: the chance the candidate keeps their head when the
  tester strikes from hiding: 20, plus half the candidate's nerve (characters.yaml), plus
  the ``recruit`` worth of the candidate's rank on the world's ladder, minus the tester's
  menace (the tester's rank on the same scale, when the tester is a character).
- ``loyalty_chance(tester, candidate, partner)``: the chance that the candidate's answer,
  that the partner comes first, rings true: 25, plus the candidate's trust in the partner/3,
  plus openness/5, plus 10 when the bond's stage is ``trust`` or ``real``, minus
  (the tester's suspicion - 30)/2 (so low suspicion helps).
- ``judge(tester, candidate, verdict, reason)`` records ``'passed'`` or ``'failed'`` under
  ``recruit.<tester>.<candidate>`` (a ``recruit_judged`` event). A pass lowers the tester's
  suspicion by ``PASS_EASES`` (10); a failure raises it by ``FAIL_RAISES`` (15).
- ``verdict(tester, candidate)`` is ``'untested'``, ``'passed'`` or ``'failed'``: content
  opens or closes the meeting on it.
"""

from __future__ import annotations

from typing import Any

from bonds.engine.context import Chance, Ctx
from bonds.engine.errors import Impossible

from ._names import name_of, word
from ._registry import LOAD_HOOKS, Report, effect, query
from .bond import level, stage_of
from .cover import suspect, suspicion

__all__ = ["FAIL_RAISES", "PASS_EASES", "ambush_chance", "judge",
           "loyalty_chance", "verdict"]

PASS_EASES = 10
FAIL_RAISES = 15
VERDICTS = ("passed", "failed")


def _rank(ctx: Ctx, who: str) -> int:
    record = ctx.world.data["characters"].get(who)
    if record is None:  # a faction testing as a whole: no rank of its own
        return 0
    return int(ctx.world.data["ranks"][record.rank].recruit)


@query("ambush_chance", "character", "character", returns="chance")
def ambush_chance(ctx: Ctx, candidate: str, tester: str) -> Chance:
    """The chance ``candidate`` keeps their head when ``tester`` ambushes them."""
    record = ctx.world.data.get("characters", {}).get(candidate)
    nerve = int(getattr(record, "nerve", 50)) // 2
    chance = Chance(20, ((word(ctx, "instincts"), 20),))
    for why, amount in (("nerve", nerve), ("training", _rank(ctx, candidate)),
                        (f"{name_of(ctx, tester)}'s menace", -_rank(ctx, tester))):
        if amount:
            chance = chance.plus(why, amount)
    return chance


@query("loyalty_chance", "observer", "character", "character", returns="chance")
def loyalty_chance(ctx: Ctx, tester: str, candidate: str, partner: str) -> Chance:
    """The chance that putting ``partner`` first rings true to ``tester``."""
    values = ctx.values
    real = 10 if stage_of(values, candidate, partner) in ("trust", "real") else 0
    parts = (("trust in the partner", level(values, candidate, partner, "trust") // 3),
             ("openness", level(values, candidate, partner, "openness") // 5),
             ("a bond that is more than an act", real),
             _doubts(ctx, tester))
    chance = Chance(25, (("an answer from the heart", 25),))
    for why, amount in parts:
        if amount:
            chance = chance.plus(why, amount)
    return chance


def _doubts(ctx: Ctx, tester: str) -> tuple[str, int]:
    """Suspicion above 30 costs the answer; below it, the tester is inclined to believe."""
    amount = -((suspicion(ctx, tester) - 30) // 2)
    who = name_of(ctx, tester)
    return (f"{who} is inclined to believe" if amount > 0 else f"the doubts of {who}", amount)


@query("verdict", "observer", "character", key="recruit.{0}.{1}", returns="str")
def verdict(ctx: Ctx, tester: str, candidate: str) -> str:
    """The tester's verdict on the candidate: 'untested', 'passed' or 'failed'."""
    return str(ctx.values.get(f"recruit.{tester}.{candidate}", "untested"))


@effect("judge", "observer", "character", "text", "text", key="recruit.{0}.{1}", returns="none")
def judge(ctx: Ctx, tester: str, candidate: str, result: str, reason: str) -> None:
    """Record the tester's verdict (``'passed'`` or ``'failed'``) and move its suspicion.

    Raises:
        Impossible: a verdict other than 'passed' or 'failed', or no reason.
    """
    if result not in VERDICTS:
        raise Impossible(f"a verdict is 'passed' or 'failed', not {result!r}")
    if not isinstance(reason, str) or not reason.strip():
        raise Impossible("a verdict needs a reason")
    key = f"recruit.{tester}.{candidate}"
    old = verdict(ctx, tester, candidate)
    ctx.values[key] = result
    ctx.emit("recruit_judged", tester=tester, candidate=candidate, key=key, old=old,
             verdict=result, reason=reason)
    delta = -PASS_EASES if result == "passed" else FAIL_RAISES
    suspect(ctx, tester, delta, reason)


def _check_judge(args: tuple[Any, ...]) -> str | None:
    if len(args) >= 3 and args[2] is not None and args[2] not in VERDICTS:
        return f"expected a verdict 'passed' or 'failed', found {args[2]!r}"
    return None


def _register_checks(data: dict[str, Any], env: Any, report: Report) -> None:
    checks = getattr(env, "checks", None)
    if checks is not None:
        checks["judge"] = _check_judge


LOAD_HOOKS.append(_register_checks)
