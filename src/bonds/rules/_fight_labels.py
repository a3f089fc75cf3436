"""The words, costs and groups of fight actions, for the screen (labels come from the
pack's names; groups from what an action is for, so a screen can offer a few at a time)."""

from __future__ import annotations

from bonds.engine.context import Ctx

from ._fight_spec import FightSpec

__all__ = ["GROUPS", "cost_of", "group_of", "label_of"]

GROUPS: dict[str, str] = {"strike": "Strike", "technique": "Use a technique",
                          "move": "Move", "help": "Help", "guard": "Guard"}
"""The groups fight actions are offered in, in the order shown, with their headings."""
_TECH_GROUPS = {"move": "move", "heal": "help", "signal": "help", "guard": "guard",
                "conceal": "guard"}
"""A technique's group by its effect (the rest are ``technique``)."""
_VERB_GROUPS = {"strike": "strike", "throw": "strike", "burst": "strike", "combo": "technique",
                "move": "move", "break": "move", "flee": "move", "guard": "guard",
                "dodge": "guard"}
"""A plain action's group by its verb."""


def _tech_name(ctx: Ctx, ident: str) -> str:
    return str(ctx.world.data["techniques"][ident].name)


def cost_of(ctx: Ctx, parts: list[str]) -> int:
    """What the acting hero spends from the technique pool on an action."""
    techniques = ctx.world.data["techniques"]
    if parts[2] == "tech":
        return int(techniques[parts[3]].cost)
    if parts[2] == "combo":
        cost = int(techniques[ctx.world.data["combo_specs"][parts[3]].technique].cost)
        return cost - cost // 2
    return 0


def label_of(ctx: Ctx, spec: FightSpec, parts: list[str]) -> str:
    """The words on the button for an action."""
    verb, args = parts[2], parts[3:]
    names = {**{h.who: h.name for h in spec.heroes}, **{f.id: f.name for f in spec.foes},
             **{z.id: z.name for z in spec.zones.values()}}
    hero = names[parts[1]]
    if verb == "tech":
        return f"{hero}: {_tech_name(ctx, args[0])} ({names.get(args[1], args[1])})"
    if verb == "combo":
        c = ctx.world.data["combo_specs"][args[0]]
        return f"{hero}: {_tech_name(ctx, c.technique)} together ({names[args[1]]})"
    words = {"strike": "strike", "throw": "throw at", "guard": "guard", "move": "move to",
             "break": "break through to", "burst": "burst the tank in", "flee": "flee",
             "dodge": "dodge"}
    target = f" {names.get(args[0], args[0])}" if args else ""
    return f"{hero}: {words[verb]}{target}"


def group_of(techniques: dict[str, object], action: str) -> tuple[str, str]:
    """The group an action is offered in (a key of :data:`GROUPS`) and its kind inside it:
    ``tech:<technique>`` or ``combo:<combo>`` for those, else the verb (so the targets of
    one technique can be offered together). ``techniques`` is the pack's technique table."""
    parts = action.split(":")
    verb = parts[2] if len(parts) > 2 else ""
    if verb == "tech" and len(parts) > 3:
        effect = str(getattr(techniques.get(parts[3]), "effect", ""))
        return _TECH_GROUPS.get(effect, "technique"), f"tech:{parts[3]}"
    if verb == "combo" and len(parts) > 3:
        return "technique", f"combo:{parts[3]}"
    return _VERB_GROUPS.get(verb, "guard"), verb
