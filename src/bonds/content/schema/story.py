"""Models of the story files: the manifest, qualities, scenes, endings, invariants, canon."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ._base import Id, Model, SceneId

__all__ = [
    "CanonStepModel",
    "CheckModel",
    "ChoiceModel",
    "EndingModel",
    "FightCallModel",
    "Goto",
    "InvariantModel",
    "ManifestModel",
    "ModifierModel",
    "OutcomeModel",
    "QualityModel",
    "RouteModel",
    "SceneModel",
    "TextBlockModel",
]

Expression = str | int | bool


class ManifestModel(Model):
    """``pack.yaml``: what the pack is and the notices shown before play."""

    id: Id
    title: str = Field(min_length=1)
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    rating: str = "Not Rated"
    content_notice: list[str] = []
    authors: list[str] = Field(min_length=1)
    tags: list[str] = []
    relationship: list[str] = []
    characters: list[Id] = []
    start: SceneId
    acts: dict[int, str] = {}
    summary: str = ""
    world: Id | None = None
    """The world this campaign builds on: a folder ``worlds/<world>/`` beside the pack's
    folder or above it. Its files are read before the pack's own."""
    footer: str = ""
    """The line under every page (e.g. whose characters these are)."""
    credits: list[str] = []
    """Who made it, for the title page and the export."""


class QualityModel(Model):
    """A named value the story keeps, usable by bare name in expressions."""

    id: Id
    type: Literal["int", "bool", "str"] = "int"
    default: int | bool | str = 0
    min: int | None = None
    """An int's least value: writes below it are raised to it."""
    max: int | None = None
    """An int's greatest value: writes above it are lowered to it."""
    max_length: int | None = Field(default=None, ge=1, le=100_000)
    """A str's longest text: longer writes are cut to it."""
    description: str = ""

    @field_validator("default", mode="after")
    @classmethod
    def _default_fits(cls, value: int | bool | str, info: ValidationInfo) -> int | bool | str:
        kind = info.data.get("type", "int")
        words = {"int": "a whole number", "bool": "true or false", "str": "text"}
        ok = isinstance(value, {"int": int, "bool": bool, "str": str}[kind]) and not (
            kind == "int" and isinstance(value, bool))
        if not ok:
            hint = (" (write a number, or say 'type: str' for text)"
                    if kind == "int" and isinstance(value, str) else "")
            raise ValueError(f"expected {words[kind]} for a quality of type {kind}, found "
                             f"{value!r}{hint}")
        return value

    @model_validator(mode="after")
    def _bounds_fit(self) -> QualityModel:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not exceed max")
        if self.type != "int" and (self.min is not None or self.max is not None):
            raise ValueError(f"min and max bound whole numbers; a {self.type} quality has "
                             f"none" + (" (for text, declare max_length)"
                                        if self.type == "str" else ""))
        if self.type != "str" and self.max_length is not None:
            raise ValueError("max_length bounds text; an int has min and max")
        return self


class RouteModel(Model):
    """A goto branch."""

    scene: SceneId
    when: Expression | None = None


Goto = SceneId | list[RouteModel]


class TextBlockModel(Model):
    """A paragraph shown only when its condition holds."""

    text: str
    when: Expression


class ModifierModel(Model):
    """A named part of a roll's chance."""

    why: str = Field(min_length=1)
    add: Expression


class OutcomeModel(Model):
    """One side of a roll."""

    effects: list[str] = []
    text: str | None = None
    again: str | list[str] = []
    """Told instead of ``text`` when this side of the roll comes up again for the same
    choice (several are told in turn; past the last, the repeat goes untold)."""
    goto: Goto | None = None


class CheckModel(Model):
    """A roll with its chance, modifiers and two outcomes."""

    chance: Expression
    modifiers: list[ModifierModel] = []
    success: OutcomeModel = OutcomeModel()
    failure: OutcomeModel = OutcomeModel()


class ChoiceModel(Model):
    """A choice in a scene."""

    id: Id
    label: str = Field(min_length=1)
    did: str | None = None
    again: str | list[str] = []
    """What was done, told when the choice is made again (a ``did`` for a repeat; several
    are told in turn); without it a repeated deed goes untold."""
    when: Expression | None = None
    effects: list[str] = []
    check: CheckModel | None = None
    goto: Goto | None = None

    @model_validator(mode="after")
    def _leads_somewhere(self) -> ChoiceModel:
        branches_go = self.check is not None and (
            self.check.success.goto is not None and self.check.failure.goto is not None)
        if self.goto is None and not branches_go:
            raise ValueError("a choice needs a goto (or a goto in both sides of its check)")
        return self


class FightCallModel(Model):
    """A fight a scene opens and where each outcome leads."""

    id: Id
    win: SceneId
    lose: SceneId
    fled: SceneId


class SceneModel(Model):
    """A scene: prose, and what happens next (choices, a route, a fight or an ending)."""

    id: SceneId
    act: int = Field(default=1, ge=0)
    pov: Id | None = None
    place: Id | None = None
    title: str | None = None
    text: list[str | TextBlockModel] = []
    on_enter: list[str] = []
    choices: list[ChoiceModel] = []
    goto: Goto | None = None
    ending: Id | None = None
    fight: FightCallModel | None = None
    again: str | list[str] = []
    """Prose told when the scene is entered again (several are told in turn, one a visit):
    a return reads as a return, not as the first visit told twice."""
    expects: list[str] = []
    """Conditions that must hold whenever the scene is entered (who is standing, who won,
    who was caught): the playtest reports every entry that breaks one (``continuity``)."""

    @field_validator("goto", mode="after")
    @classmethod
    def _goto_or_choices(cls, value: Goto | None, info: ValidationInfo) -> Goto | None:
        if value is not None and info.data.get("choices"):
            raise ValueError("expected a goto or choices, not both (a scene with choices "
                             "never follows its own goto: give each choice its goto, or "
                             "move this goto to the choices)")
        return value

    @model_validator(mode="after")
    def _has_a_way_on(self) -> SceneModel:
        ways = [bool(self.choices), self.goto is not None, self.ending is not None,
                self.fight is not None]
        if sum(ways) == 0:
            raise ValueError("a scene needs choices, a goto, a fight or an ending")
        if self.ending is not None and (self.choices or self.fight is not None):
            raise ValueError("an ending scene cannot also offer choices or a fight")
        if self.fight is not None and self.choices:
            raise ValueError("a fight scene's actions come from the fight; it has no choices")
        return self


class EndingModel(Model):
    """An ending of the pack."""

    id: Id
    title: str
    summary: str = ""
    tone: Literal["triumphant", "bittersweet", "tragic", "quiet"] = "bittersweet"


class CanonStepModel(Model):
    """A step of the canonical road whose roll the story needs to come out one way: the
    canonical run takes ``action`` with the roll fixed, so it tells the story on any seed."""

    action: str
    roll: Literal["success", "failure"]


class InvariantModel(Model):
    """A truth every step of every run must keep (checked by ``bonds playtest``)."""

    id: Id
    holds: Expression
    message: str
