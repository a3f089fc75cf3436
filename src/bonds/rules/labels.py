"""What a value key is called on a player's screen: only ever a name the pack gives.

A value key (``cover.ada.bo.act``, ``memory.cy.bo.debt``) is read by the
world's ``labels:`` (world.yaml, a pack's own entries over its world's, over
:data:`DEFAULT_LABELS`): ``labels[head]``
names its group (``cover: Cover``), and the key's parts that are not ids the pack names
(``act``, ``debt``) pick a row template, ``labels["cover.act"] = "The act {0} and {1}
keep up"``, whose ``{0}``, ``{1}``… are the names of the key's named ids in order. A key
with only named ids after its head is labelled by those names. Anything else has no label:
it is not shown, and ``bonds check`` warns of it (:func:`unlabelled`). There is no humanised
fallback: a screen never shows ``Cover (Ada, Bo, Act)``.

Some heads are never listed (flags, visit counts, fights and the rules' bookkeeping), and
some are named by their own records (the bond's measures, missions and objectives,
injuries, each world resource): :data:`HIDDEN` and :data:`OWN_NAMES` say which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._names import pack_name

__all__ = ["DEFAULT_LABELS", "HIDDEN", "KEY_TABLES", "OWN_NAMES", "event_label", "group_label",
           "key_label", "needs_label", "unlabelled"]

HIDDEN = frozenset({"flag", "seen", "fight", "bondcap"})
"""Key heads never listed (fights have their own view; ``bondcap`` is the bond rules' note
of what already moved the bond in a scene). Heads starting with ``_`` are hidden too."""
OWN_NAMES = frozenset({"bond", "mission", "objective", "injury", "day", "hour"})
"""Key heads labelled from their own records (a bond's measures, a mission's name and its
objectives' texts, an injury's name), or shown as the time."""
KEY_TABLES = {"infamy": "regions", "suspicion": "observers", "attention": "observers"}
"""Which table the ids in a value key are named from first, by the key's head
(``infamy.harbour`` is the region, not a faction of the same id)."""

DEFAULT_LABELS = {
    "suspicion": "Suspicion", "infamy": "Infamy", "attention": "Attention",
    "standing": "Standing", "sensed": "Sensed", "scout": "Scouted", "married": "Married",
    "frozen": "Frozen with fear", "item": "Items", "plan": "Signalled plans",
    "recruit": "Recruiting", "clan_defied": "Defied the clan",
    "memory": "Remembered", "memory.grudge": "{0} holds a grudge against {1}",
    "memory.debt": "{0} owes {1} a debt",
    "cover": "Cover", "cover.act": "The act {0} and {1} keep up",
    "cover.knows": "{0} has seen through the cover",
    "camp": "Camp", "camp.fire": "A fire lit", "camp.sheltered": "Sheltered",
    "camp.upwind": "Upwind", "travel": "Travel", "travel.at": "Where you are",
    "ward": "Wards", "trap": "Traps", "seal": "Seals", "intel": "What was learnt",
    "event.foes_morale": "Morale", "event.foes_hurt": "Wounds dealt",
    "event.fighter_hurt": "Hurt", "event.fighter_healed": "Healed",
    "event.injured": "Injured", "event.injury_healed": "Healed",
    "roll.flinch": "Whether {0} flinches at {1}'s touch", "roll.flinch.success": "{0} flinched",
    "roll.flinch.failure": "{0} kept a straight face",
}
"""What the rules' own values are called when the world names them no other way (as
``DEFAULT_WORDS`` are the engine's words): plain words for the rules' concepts, never an
id. A world's or pack's ``labels:`` replace any of them."""


def _labels(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return {**DEFAULT_LABELS, **(data.get("labels") or {})}


def needs_label(data: Mapping[str, Any], key: str) -> bool:
    """Whether ``key`` is a value a screen would list, and so must have a pack label (not a
    hidden one, not one named by its own record, not a world resource)."""
    parts = key.split(".")
    head = parts[0]
    if head in HIDDEN or head.startswith("_") or head in OWN_NAMES:
        return False
    if len(parts) == 1:
        return False  # a story quality: the story's own bookkeeping, shown only in debug
    return head not in data.get("resources", {})


def group_label(data: Mapping[str, Any], head: str) -> str | None:
    """The pack's title for the values under ``head`` (``labels[head]``), if it gives one."""
    found = _labels(data).get(head)
    return str(found) if found else None


def key_label(data: Mapping[str, Any], key: str) -> str | None:
    """The row label of ``key`` from the pack's names, or None when the pack gives none."""
    parts = key.split(".")
    head, rest = parts[0], parts[1:]
    if not rest or group_label(data, head) is None:
        return None
    table = KEY_TABLES.get(head)
    named: list[str] = []
    words: list[str] = []
    for part in rest:
        name = pack_name(data, part, table)
        if name is None:
            words.append(part)
        else:
            named.append(name)
    labels = _labels(data)
    if not words:
        return ", ".join(named) if named else None
    template = labels.get(".".join((head, *words)))
    if not template:
        return None
    try:
        return str(template).format(*named)
    except (IndexError, KeyError, ValueError):
        return None


def event_label(data: Mapping[str, Any], kind: str) -> str | None:
    """What a change told by an event of ``kind`` that names no value key is called
    (``labels["event.<kind>"]``; for ``<head>_changed``, the group ``labels[head]``), if the
    pack or the rules' defaults call it anything."""
    labels = _labels(data)
    found = labels.get(f"event.{kind}")
    if not found and kind.endswith("_changed"):  # standing_changed: the group's own title
        found = labels.get(kind.removesuffix("_changed"))
    return str(found) if found else None


def unlabelled(data: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
    """The keys among ``keys`` a screen would list but the pack gives no label, sorted."""
    return sorted({k for k in keys if needs_label(data, k) and key_label(data, k) is None})
