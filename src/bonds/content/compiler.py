"""Turning a validated pack into a :class:`~bonds.engine.world.World`.

Checks what the schema alone cannot: references between files (a goto to a scene that does
not exist, a pov that names no character), duplicate ids, and every expression, which is
compiled here once. Problems are added to the pack's list with their file and line.
"""

from __future__ import annotations

import ast
from typing import Any

from bonds import rules
from bonds.engine.core import ROLL_MARK
from bonds.engine.world import (
    Check,
    Choice,
    Ending,
    Expectation,
    FightCall,
    Invariant,
    Manifest,
    Modifier,
    Outcome,
    Route,
    Scene,
    TextBlock,
    World,
)
from bonds.rules._registry import INITIALIZERS, LOAD_HOOKS
from bonds.rules.labels import unlabelled

from ._checks import SECTION_IDS, add_suggestions, narration_problems
from ._suggest import did_you_mean, known_list
from .continuity import arrivals, never_on_arrival
from .expressions import (
    CompileEnv,
    CompileError,
    QualitySpec,
    cannot_fault,
    compile_condition,
    compile_effect,
    located,
)
from .prose import FIELD as PROSE_FIELD
from .prose import fields_of
from .prose import problems as prose_problems
from .reading import PackFiles
from .schema.narration import NarrationFile
from .schema.story import ManifestModel
from .schema.world import RankModel
from .static_check import never_holds, reachable, unreachable_scenes
from .yaml_source import SourceFile

__all__ = ["BUILTIN_QUALITIES", "compile_pack"]

BUILTIN_QUALITIES = {"day": QualitySpec("int", 1, 1, 10_000), "hour": QualitySpec("int", 8, 0, 23)}
"""Names every pack may use: the travel rules keep the day and the hour."""

_PROVIDES = {
    "scenes": ("scene",), "endings.yaml": ("ending",), "characters.yaml": ("character", "observer"),
    "world.yaml": ("place", "region", "observer", "faction", "resource", "item", "rank"),
    "techniques.yaml": ("technique", "injury", "injury_step"), "missions.yaml": ("mission",
                                                                                 "objective"),
}
"""Which id kinds each file declares: when such a file failed to load, its kinds are unknown."""


DEFAULT_RANK = RankModel(id="ordinary", name="ordinary", level=0)
"""The one rank of a pack whose world declares no ladder."""


class _AnyId(set[str]):
    """The ids of a kind whose file failed to load: every name is accepted, so one broken
    file does not also cause a false 'unknown id' wherever its ids are used."""

    def __contains__(self, item: object) -> bool:
        return True


class _AnyQuality(dict[str, QualitySpec]):
    """The qualities when a qualities file failed to load: every name is accepted."""

    def get(self, key: str, default: object = None) -> QualitySpec:
        return super().get(key) or QualitySpec("any", 0)


FIXED_IDS = {
    "measure": {"trust", "ease", "coordination", "openness", "tension"},
    "standing": {"good", "disgraced", "exiled", "restored"},
    "memory": {"grudge", "debt"},
    "objective_state": {"open", "done", "failed", "dropped"},
}


class _Compiler:
    def __init__(self, files: PackFiles) -> None:
        self.files = files
        self.problems = files.problems
        self.warnings: list[str] = []
        self.edges: dict[str, list[str]] = {}
        self.broken_scene_refs = False
        self.where: dict[tuple[str, str], list[tuple[SourceFile, int]]] = {}
        """Where each merged entry came from: (kind, section) -> [(file, index)]."""

    # -- helpers -------------------------------------------------------------------------
    def report(self, source: SourceFile, path: tuple[Any, ...], message: str) -> None:
        self.problems.append(source.at(path, message))

    def report_kind(self, kind: str, path: tuple[Any, ...], message: str) -> None:
        """A problem at ``path`` of the merged ``kind``: an entry's index counts the world's
        entries first, so it is mapped back to the file the entry came from."""
        if len(path) >= 2 and isinstance(path[1], int):
            layout = self.where.get((kind, str(path[0])), [])
            if path[1] < len(layout):
                origin, i = layout[path[1]]
                self.report(origin, (path[0], i, *path[2:]), message)
                return
        layers = self.files.layers(kind)
        if not layers:
            self.problems.append(f"{kind}:1:1: {message}")
        else:
            self.report(layers[-1][0], path, message)

    def expr(self, text: Any, source: SourceFile, path: tuple[Any, ...], effect: bool = False,
             want: str = "value") -> Any:
        """Compile an expression (``want``: see :func:`compile_condition`), or report why
        not; the closure names its ``file:line:col`` in any fault it raises while running."""
        try:
            if effect:
                closure = compile_effect(text, self.env)
            else:
                closure = compile_condition(text, self.env, want)
            if not isinstance(text, str):
                return closure
            line, column = source.where(path)
            return located(closure, f"{source.name}:{line}:{column}")
        except CompileError as exc:
            line, column = source.where(path)
            if exc.line > 1:
                line, column = line + exc.line - 1, exc.column
            else:
                column += exc.column - 1
            self.problems.append(f"{source.name}:{line}:{column}: {exc}")
            return lambda ctx: None

    def prose(self, text: str | None, source: SourceFile, path: tuple[Any, ...]
              ) -> tuple[str, ...]:
        """Check a text's ``{fields}``; returns the values it reads."""
        if not text:
            return ()
        for message in prose_problems(text, self.env.qualities, self.data["characters"]):
            self.report(source, path, message)
        return fields_of(text, self.env.qualities)

    def no_fields(self, text: str, source: SourceFile, path: tuple[Any, ...]) -> None:
        """A label is shown before anything happens and reads no state: a ``{field}`` in it
        would show as written, so it is an error."""
        if any(m.group(1) is not None for m in PROSE_FIELD.finditer(text or "")):
            self.report(source, path, f"expected a label without {{fields}} (labels read no "
                                      f"state; write {{{{ and }}}} for braces), found "
                                      f"'{text}'")

    def closed(self, text: Any, source: SourceFile, path: tuple[Any, ...], what: str) -> bool:
        """Warn (and say so) when a condition can never hold."""
        if text is None:
            return False
        reason = never_holds(text, self.env.qualities)
        if reason:
            self.warnings.append(source.at(path, f"{what} can never be open: {reason}"))
        return reason is not None

    def effects(self, items: list[str], source: SourceFile, path: tuple[Any, ...]) -> tuple:
        return tuple(self.expr(e, source, (*path, i), effect=True) for i, e in enumerate(items))

    # -- the pack ------------------------------------------------------------------------
    def run(self) -> World | None:
        entry = self.files.single.get("pack.yaml")
        # A manifest that failed to validate: check the rest of the pack against a stand-in.
        manifest_source, manifest = entry or (None, ManifestModel.model_construct(
            id="pack", title="", version="0.0.0", authors=[], start=""))
        self.start = manifest.start
        self.data = self._data()
        qualities = self._qualities()
        scenes_in = [(src, i, s) for src, models in self.files.split["scenes"]
                     for i, s in enumerate(models)]
        endings_in = self.files.single.get("endings.yaml")
        ids = self._ids(scenes_in, endings_in)
        self.env = CompileEnv(qualities=qualities, ids=ids)
        for hook in LOAD_HOOKS:
            hook(self.data, self.env, self.report_kind)
        scenes = self._scenes(scenes_in, ids)
        if manifest_source is not None:
            self._check_manifest(manifest_source, manifest, scenes, ids)
        endings = self._endings(endings_in, scenes)
        invariants = self._invariants()
        canon = self._canon(scenes)
        initial: dict[str, Any] = {name: spec.default for name, spec in qualities.items()}
        for init in INITIALIZERS:
            initial.update(init(self.data))
        self.problems.extend(narration_problems(self.files.layers("narration.yaml")))
        add_suggestions(self.problems, ids, [*qualities, *self.data["characters"]])
        if self.problems:
            # Warnings too, so that one run of `bonds check` tells everything it can.
            lost = self.files.salvaged.get("scenes", {}).get("", ())
            whole = "scenes" not in self.files.failed or (
                "scenes" in self.files.salvaged and not lost)
            if manifest.start in scenes and whole:
                self._unreachable(manifest.start, scenes_in)
            self.files.warnings.extend(self.warnings)
            return None
        self._unreachable(manifest.start, scenes_in)
        self._continuity(scenes_in)
        self._labels(initial)
        self.data["warnings"] = list(self.warnings)
        self.data["reads"] = frozenset(self.env.reads)
        self.data["writes"] = frozenset(self.env.writes)
        self.data["qualities"] = dict(qualities)  # types and bounds, for --set (.starts)
        return World(
            manifest=Manifest(
                id=manifest.id, title=manifest.title, version=manifest.version,
                rating=manifest.rating, content_notice=tuple(manifest.content_notice),
                authors=tuple(manifest.authors), tags=tuple(manifest.tags),
                relationship=tuple(manifest.relationship),
                characters=tuple(manifest.characters), start=manifest.start,
                acts=dict(manifest.acts), summary=manifest.summary,
                world=manifest.world, footer=manifest.footer,
                credits=tuple(manifest.credits)),
            scenes=scenes, endings=endings, initial_values=initial,
            content_hash=self.files.hash, data=self.data, invariants=invariants,
            canon=canon, fight_rules=rules.FIGHT_RULES)

    def _data(self) -> dict[str, Any]:
        """The systems' data by section, the world's entries first, then the pack's."""
        data: dict[str, Any] = {"characters": {}, "bonds": [], "regions": {}, "places": {},
                                "routes": [], "observers": {}, "injuries": {},
                                "techniques": {}, "missions": {}, "roster": [], "fights": {},
                                "combos": {}, "reactions": {}, "ranks": {}, "resources": {},
                                "items": {}, "words": {}, "bond_stages": {}, "labels": {}}
        sections = [("characters.yaml", "characters"), ("world.yaml", "regions"),
                    ("world.yaml", "places"), ("world.yaml", "observers"),
                    ("world.yaml", "ranks"), ("world.yaml", "resources"),
                    ("world.yaml", "items"),
                    ("techniques.yaml", "injuries"), ("techniques.yaml", "techniques"),
                    ("missions.yaml", "missions"), ("fights.yaml", "fights"),
                    ("fights.yaml", "combos"), ("fights.yaml", "reactions")]
        for kind, section in sections:
            where = self.where.setdefault((kind, section), [])
            for source, model in self.files.layers(kind):
                for i, item in enumerate(getattr(model, section)):
                    if item.id in data[section]:
                        self.report(source, (section, i, "id"),
                                    f"expected a new {section[:-1]} id, found '{item.id}' again")
                    data[section][item.id] = item
                    where.append((source, i))
        lists = [("characters.yaml", "bonds"), ("world.yaml", "routes"),
                 ("missions.yaml", "roster")]
        for kind, section in lists:
            for _, model in self.files.layers(kind):
                data[section].extend(getattr(model, section))
        data["fight_beats"] = [beat for _, model in self.files.layers("fights.yaml")
                               for beat in model.beats]
        for _, model in self.files.layers("world.yaml"):
            data["words"].update(model.words)
            data["bond_stages"].update(model.bond_stages)
            data["labels"].update(model.labels)
        narrations = [model for _, model in self.files.layers("narration.yaml")]
        if narrations:
            data["narration"] = _merge_narration(narrations)
        self._check_world(data)
        return data

    def _check_world(self, data: dict[str, Any]) -> None:
        """References into the world's ladder, pools and items (ranks, resources, items)."""
        if not data["ranks"]:
            data["ranks"] = {DEFAULT_RANK.id: DEFAULT_RANK}
        lowest = next(iter(data["ranks"]))
        failed = "world.yaml" in self.files.failed
        paying = [r.id for r in data["resources"].values() if r.techniques]
        if len(paying) > 1:
            self.report_kind("world.yaml", ("resources",), f"expected at most one resource "
                             f"that pays for techniques, found {', '.join(paying)}")
        for i, item in enumerate(data["items"].values()):
            if item.restores not in data["resources"] and not failed:
                self.report_kind("world.yaml", ("items", i, "restores"),
                                 f"expected a resource ({_known(data['resources'])}), found "
                                 f"'{item.restores}'")
        for i, person in enumerate(data["characters"].values()):
            if person.rank is None:
                data["characters"][person.id] = person.model_copy(update={"rank": lowest})
            elif person.rank not in data["ranks"] and not failed:
                hint = ("; a pack written before worlds names its world in pack.yaml "
                        "('world: <name>') or declares 'ranks:' in world.yaml"
                        if person.rank not in data["ranks"] and len(data["ranks"]) == 1 else "")
                self.report_kind("characters.yaml", ("characters", i, "rank"),
                                 f"expected a rank of the world ({_known(data['ranks'])}), "
                                 f"found '{person.rank}'{hint}")
            for field, table in (("resources", "resources"), ("items", "items")):
                for key in getattr(person, field):
                    if key not in data[table] and not failed:
                        self.report_kind("characters.yaml", ("characters", i, field, key),
                                         f"expected a {table[:-1]} of the world "
                                         f"({_known(data[table])}), found '{key}'")
        if not paying and not failed:
            for i, tech in enumerate(data["techniques"].values()):
                if tech.cost:
                    self.report_kind("techniques.yaml", ("techniques", i, "cost"),
                                     "expected a cost of 0 (no resource pays for techniques: "
                                     "mark one 'techniques: true' in world.yaml), found "
                                     f"{tech.cost}")

    def _qualities(self) -> dict[str, QualitySpec]:
        specs = dict(BUILTIN_QUALITIES)
        for source, models in self.files.split["qualities"]:
            for i, q in enumerate(models):
                if q.id in specs:
                    self.report(source, (i, "id"), f"expected a new quality id, found "
                                                   f"'{q.id}' again")
                specs[q.id] = QualitySpec(q.type, q.default, q.min, q.max, q.max_length)
        if "qualities" not in self.files.failed:
            return specs
        if "qualities" not in self.files.salvaged:
            return _AnyQuality(specs)
        for name in self.files.salvaged["qualities"].get("", ()):
            specs.setdefault(name, QualitySpec("any", 0))  # declared, but its entry is broken
        return specs

    def _ids(self, scenes_in: list, endings_in: Any) -> dict[str, set[str]]:
        d = self.data
        observers = set(d["observers"])
        ids = {
            "character": set(d["characters"]), "place": set(d["places"]),
            "region": set(d["regions"]), "observer": observers | set(d["characters"]),
            "faction": observers, "technique": set(d["techniques"]),
            "injury": set(d["injuries"]), "mission": set(d["missions"]),
            "objective": {o.id for m in d["missions"].values() for o in m.objectives},
            "scene": {s.id for _, _, s in scenes_in},
            "ending": {e.id for e in endings_in[1]} if endings_in else set(),
            "injury_step": {step for inj in d["injuries"].values() for step in inj.steps},
            "resource": set(d["resources"]), "item": set(d["items"]), "rank": set(d["ranks"]),
            "fight": set(d["fights"]),
            **{k: set(v) for k, v in FIXED_IDS.items()},
        }
        for kind in self.files.failed:
            if kind in self.files.salvaged:
                # The file's sound entries were kept: the ids of those it lost still count.
                for section, lost in self.files.salvaged[kind].items():
                    for id_kind in SECTION_IDS.get((kind, section), ()):
                        if id_kind.startswith("*"):
                            ids[id_kind[1:]] = _AnyId(ids[id_kind[1:]])
                        elif type(ids[id_kind]) is set:
                            ids[id_kind] |= lost
                continue
            for id_kind in _PROVIDES.get(kind, ()):
                ids[id_kind] = _AnyId(ids[id_kind])
        return ids

    # -- scenes --------------------------------------------------------------------------
    def _scenes(self, scenes_in: list, ids: dict[str, set[str]]) -> dict[str, Scene]:
        scenes: dict[str, Scene] = {}
        first_seen: dict[str, str] = {}
        for source, i, model in scenes_in:
            where = source.at((i, "id"), "")[:-2]
            if model.id in first_seen:
                self.report(source, (i, "id"), f"expected a new scene id, found '{model.id}' "
                                               f"again (first at {first_seen[model.id]})")
                continue
            first_seen[model.id] = where
            scenes[model.id] = self._scene(source, (i,), model, ids)
        return scenes

    def _scene(self, src: SourceFile, path: tuple[Any, ...], m: Any, ids: dict) -> Scene:
        self._ref(src, (*path, "pov"), m.pov, "character", ids)
        self._ref(src, (*path, "place"), m.place, "place", ids)
        self._ref(src, (*path, "ending"), m.ending, "ending", ids)
        blocks = []
        for j, block in enumerate(m.text):
            if isinstance(block, str):
                blocks.append(TextBlock(block, None, self.prose(block, src, (*path, "text", j))))
            else:
                blocks.append(TextBlock(block.text, self.expr(block.when, src,
                                                                (*path, "text", j, "when")),
                                        self.prose(block.text, src, (*path, "text", j, "text"))))
        choices = []
        seen: set[str] = set()
        edges = self.edges.setdefault(m.id, [])
        for j, c in enumerate(m.choices):
            cpath = (*path, "choices", j)
            if not self.closed(c.when, src, (*cpath, "when"), f"choice '{c.id}'"):
                edges.extend(self._targets(c.goto))
                if c.check is not None:
                    edges.extend(self._targets(c.check.success.goto))
                    edges.extend(self._targets(c.check.failure.goto))
            if c.id in seen:
                self.report(src, (*cpath, "id"), f"expected a new choice id in this scene, "
                                                  f"found '{c.id}' again")
            seen.add(c.id)
            choices.append(self._choice(src, cpath, m.id, c, ids))
        fight = None
        if m.fight is not None:
            f = m.fight
            if f.id not in self.data["fights"]:
                self.report(src, (*path, "fight", "id"),
                            f"expected a fight from fights.yaml, found '{f.id}'")
            for side in ("win", "lose", "fled"):
                self._ref(src, (*path, "fight", side), getattr(f, side), "scene", ids)
            fight = FightCall(f.id, f.win, f.lose, f.fled)
            edges.extend((f.win, f.lose, f.fled))
        if m.goto is not None:
            for n, target in enumerate(self._targets(m.goto)):
                when = None if isinstance(m.goto, str) else m.goto[n].when
                if not self.closed(when, src, (*path, "goto", n, "when"), "this goto branch"):
                    edges.append(target)
        scene = Scene(
            id=m.id, act=m.act, pov=m.pov, place=m.place, title=m.title, text=tuple(blocks),
            on_enter=self.effects(m.on_enter, src, (*path, "on_enter")),
            choices=tuple(choices), goto=self._goto(src, (*path, "goto"), m.goto, ids),
            ending=m.ending, fight=fight, seen_key="seen." + m.id,
            choice_by_action={c.action: c for c in choices},
            expects=tuple(Expectation(self.expr(text, src, (*path, "expects", n)), text,
                                      src.at((*path, "expects", n), "")[:-2])
                          for n, text in enumerate(m.expects)),
            again=_texts(m.again),
            again_reads=self._again_reads(src, path, m.again),
            text_faultless=all(isinstance(block, str) or cannot_fault(block.when)
                               for block in m.text))
        self.env.writes.add(scene.seen_key)
        return scene

    def _choice(self, src: SourceFile, path: tuple, scene_id: str, c: Any, ids: dict) -> Choice:
        self.no_fields(c.label, src, (*path, "label"))
        check = None
        if c.check is not None:
            k = c.check
            check = Check(
                chance=self.expr(k.chance, src, (*path, "check", "chance"), want="chance"),
                modifiers=tuple(Modifier(mod.why, self.expr(mod.add, src,
                                         (*path, "check", "modifiers", n, "add"), want="int"))
                                for n, mod in enumerate(k.modifiers)),
                success=self._outcome(src, (*path, "check", "success"), k.success, ids),
                failure=self._outcome(src, (*path, "check", "failure"), k.failure, ids))
        texts = [*c.effects, *((*c.check.success.effects, *c.check.failure.effects)
                               if c.check is not None else ())]
        return Choice(
            id=c.id, action=f"{scene_id}/{c.id}", label=c.label, did=c.did,
            reads=tuple(dict.fromkeys((*self.prose(c.did, src, (*path, "did")),
                                       *self._again_reads(src, path, c.again)))),
            again=_texts(c.again),
            when=None if c.when is None else self.expr(c.when, src, (*path, "when")),
            effects=self.effects(c.effects, src, (*path, "effects")), check=check,
            goto=self._goto(src, (*path, "goto"), c.goto, ids),
            tried=any(_may_refuse(text) for text in texts))

    def _again_reads(self, src: SourceFile, path: tuple, again: str | list[str]
                     ) -> tuple[str, ...]:
        """The values a scene's or a choice's ``again`` prose reads."""
        if isinstance(again, str):
            return self.prose(again, src, (*path, "again"))
        return tuple(dict.fromkeys(key for n, text in enumerate(again)
                                   for key in self.prose(text, src, (*path, "again", n))))

    def _outcome(self, src: SourceFile, path: tuple, o: Any, ids: dict) -> Outcome:
        return Outcome(self.effects(o.effects, src, (*path, "effects")), o.text,
                       self._goto(src, (*path, "goto"), o.goto, ids),
                       tuple(dict.fromkeys((*self.prose(o.text, src, (*path, "text")),
                                            *self._again_reads(src, path, o.again)))),
                       _texts(o.again))

    def _goto(self, src: SourceFile, path: tuple, goto: Any, ids: dict) -> tuple[Route, ...]:
        if goto is None:
            return ()
        if isinstance(goto, str):
            self._ref(src, path, goto, "scene", ids)
            return (Route(goto),)
        routes = []
        for n, r in enumerate(goto):
            self._ref(src, (*path, n, "scene"), r.scene, "scene", ids)
            when = None if r.when is None else self.expr(r.when, src, (*path, n, "when"))
            routes.append(Route(r.scene, when))
        if routes and routes[-1].when is not None:
            self.report(src, (*path, len(routes) - 1),
                        "expected the last goto branch to have no 'when' (a way that is "
                        "always open), found a condition")
        return tuple(routes)

    @staticmethod
    def _targets(goto: Any) -> list[str]:
        if goto is None:
            return []
        return [goto] if isinstance(goto, str) else [r.scene for r in goto]

    def _ref(self, src: SourceFile, path: tuple, value: str | None, kind: str, ids: dict
             ) -> None:
        if value is not None and value not in ids[kind]:
            self.broken_scene_refs |= kind == "scene"
            self.report(src, path, f"expected a known {kind} ({known_list(value, ids[kind])}), "
                                   f"found '{value}'{did_you_mean(value, ids[kind])}")

    # -- the rest ------------------------------------------------------------------------
    def _unreachable(self, start: str, scenes_in: list) -> None:
        where = {s.id: (src, i) for src, i, s in scenes_in}
        for scene_id in unreachable_scenes(start, self.edges):
            src, i = where[scene_id]
            self.warnings.append(src.at((i, "id"), f"scene '{scene_id}' can never be opened: "
                                                   f"no open way leads to it from the start"))

    def _labels(self, initial: dict[str, Any]) -> None:
        """Warn of each value the pack starts with or writes that a screen would list but the
        pack gives no name (``labels:`` in world.yaml): it is not shown."""
        for key in unlabelled(self.data, (*initial, *self.env.writes)):
            head = key.split(".")[0]
            self.warnings.append(
                f"world.yaml: labels: the value '{key}' has no name a player can read, so it "
                f"is not shown (name '{head}' and the key's other parts, e.g. "
                f"'{head}.<word>: ...{{0}}...')")

    def _continuity(self, scenes_in: list) -> None:
        """Warn of scenes entered from one outcome that take nothing for granted, or whose
        ``expects`` that outcome rules out (see :mod:`.continuity`)."""
        where = {s.id: (src, i, s) for src, i, s in scenes_in}
        bare: dict[str, list[str]] = {}
        for arrival in arrivals([s for _, _, s in scenes_in], self.data["fights"]):
            if arrival.scene not in where:
                continue
            src, i, target = where[arrival.scene]
            if not target.expects:
                bare.setdefault(arrival.scene, []).append(arrival.how)
            for n, condition in enumerate(target.expects):
                if never_on_arrival(condition, arrival):
                    self.warnings.append(src.at((i, "expects", n), (
                        f"expects '{condition}' can never hold when the scene is entered "
                        f"from {arrival.how}")))
        for scene_id, hows in bare.items():
            src, i, _ = where[scene_id]
            self.warnings.append(src.at((i, "id"), (
                f"scene '{scene_id}' is entered from {' and from '.join(hows)}, but declares "
                f"no expects (what it takes for granted: who won, who is standing)")))

    def _check_manifest(self, src: SourceFile, manifest: Any, scenes: dict, ids: dict) -> None:
        if manifest.start not in scenes:
            self._ref(src, ("start",), manifest.start, "scene", ids)
        for i, who in enumerate(manifest.characters):
            self._ref(src, ("characters", i), who, "character", ids)

    def _endings(self, entry: Any, scenes: dict[str, Scene]) -> dict[str, Ending]:
        if entry is None:
            if "endings.yaml" not in self.files.failed:
                self.problems.append("endings.yaml:1:1: expected at least one ending, found no "
                                     "endings.yaml")
            return {}
        src, models = entry
        endings: dict[str, Ending] = {}
        scenes_known = "scenes" not in self.files.failed
        used = {s.ending for s in scenes.values()}
        reached = used if self.broken_scene_refs or self.start not in scenes else {
            scenes[s].ending for s in _reachable(scenes, self.start)}
        for i, e in enumerate(models):
            if e.id in endings:
                self.report(src, (i, "id"), f"expected a new ending id, found '{e.id}' again")
            elif scenes_known and e.id not in used:
                self.report(src, (i, "id"), f"expected a scene that ends in '{e.id}', found none")
            elif scenes_known and e.id not in reached:
                self.report(src, (i, "id"), f"expected a way from the start to ending "
                                            f"'{e.id}', found none (no path reaches a scene "
                                            f"that ends in it)")
            endings[e.id] = Ending(e.id, e.title, e.summary, e.tone)
        return endings

    def _invariants(self) -> tuple[Invariant, ...]:
        entry = self.files.single.get("invariants.yaml")
        if entry is None:
            return ()
        src, models = entry
        return tuple(Invariant(m.id, self.expr(m.holds, src, (i, "holds")), m.message,
                               self._parts(m.holds, src, (i, "holds")))
                     for i, m in enumerate(models))

    def _parts(self, text: Any, source: SourceFile, path: tuple[Any, ...]) -> tuple[Any, ...]:
        """The parts of an ``a and b and ...`` condition, each compiled alone (nested ``and``
        flattened), or () when it is not one or did not compile whole."""
        if not isinstance(text, str) or any(p.startswith(f"{source.name}:")
                                             for p in self.problems):
            return ()
        text = text.strip()
        try:
            body = ast.parse(text, mode="eval").body
        except SyntaxError:
            return ()
        if not (isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And)):
            return ()
        leaves: list[ast.expr] = []
        pending = list(body.values)
        while pending:
            node = pending.pop(0)
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
                pending[:0] = node.values
            else:
                leaves.append(node)
        segments = [ast.get_source_segment(text, node) for node in leaves]
        if any(s is None for s in segments):
            return ()
        return tuple(self.expr(s, source, path) for s in segments)

    def _canon(self, scenes: dict[str, Scene]) -> tuple[str, ...]:
        actions = {c.action for s in scenes.values() for c in s.choices}
        lost = self.files.salvaged.get("scenes", {}).get("", set())
        known = "scenes" not in self.files.failed or "scenes" in self.files.salvaged
        canon: list[str] = []
        for src, items in sorted(self.files.split["canon"], key=lambda e: e[0].name):
            for i, item in enumerate(items):
                action = item if isinstance(item, str) else item.action
                if not isinstance(item, str):
                    choice = next((c for s in scenes.values() for c in s.choices
                                   if c.action == action), None)
                    if choice is not None and choice.check is None:
                        self.report(src, (i, "roll"), f"expected a choice with a roll to fix, "
                                                      f"found '{action}', which has none")
                    canon.append(f"{action}{ROLL_MARK}{item.roll}")
                    continue
                if (action not in actions and not action.startswith("fight:") and known
                        and action.split("/")[0] not in lost):
                    self.report(src, (i,), f"expected a choice as scene/choice, found "
                                           f"'{action}'{did_you_mean(action, actions)}")
                canon.append(action)
        return tuple(canon)


def _reachable(scenes: dict[str, Scene], start: str) -> set[str]:
    """The scenes some path of choices, routes, rolls and fights leads to from ``start``."""
    edges = {scene.id: _leads_to(scene) for scene in scenes.values()}
    return {s for s in reachable(start, edges) if s in scenes}


def _leads_to(scene: Scene) -> list[str]:
    routes = list(scene.goto)
    for choice in scene.choices:
        routes.extend(choice.goto)
        if choice.check is not None:
            routes.extend((*choice.check.success.goto, *choice.check.failure.goto))
    targets = [route.scene for route in routes]
    if scene.fight is not None:
        targets.extend((scene.fight.win, scene.fight.lose, scene.fight.fled))
    return targets


def _may_refuse(text: str) -> bool:
    """Whether an effect statement calls a function that can refuse (``refuses`` in the
    registry); such a choice is tried before it is offered."""
    try:
        tree = ast.parse(text)
    except SyntaxError:  # already reported where the effect was compiled
        return False
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
               and getattr(rules.FUNCTIONS.get(node.func.id), "refuses", "")
               for node in ast.walk(tree))


def _known(table: dict[str, Any]) -> str:
    return ", ".join(table) or "none declared"


def _merge_narration(layers: list[NarrationFile]) -> NarrationFile:
    """The world's narration under the pack's: per event kind, the pack's lines (and
    salience weights) replace the world's; words, fates and silences add up."""
    merged = layers[0]
    for top in layers[1:]:
        merged = NarrationFile.model_construct(
            events={**merged.events, **top.events}, repeats={**merged.repeats, **top.repeats},
            words={**merged.words, **top.words}, silent=[*merged.silent, *top.silent],
            fates={**merged.fates, **top.fates},
            salience={**merged.salience, **top.salience})
    return merged


def _texts(again: str | list[str]) -> tuple[str, ...]:
    """A scene's or a choice's ``again`` prose as a tuple (a single text is one)."""
    return (again,) if isinstance(again, str) else tuple(again)


def compile_pack(files: PackFiles) -> World | None:
    """Compile validated files; returns None (with problems recorded) if anything is wrong."""
    return _Compiler(files).run()
