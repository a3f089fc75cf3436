"""The pack format as pydantic models, and which file holds which model.

The loader validates each file against the model named here; ``bonds schema`` prints the
JSON Schema of the same models, so editors can check YAML as authors type.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from .fights import FightsFile
from .narration import NarrationFile
from .story import (
    CanonStepModel,
    CheckModel,
    ChoiceModel,
    EndingModel,
    InvariantModel,
    ManifestModel,
    QualityModel,
    SceneModel,
)
from .systems import MissionsFile, TechniquesFile
from .world import CharactersFile, WorldFile

__all__ = [
    "FILE_MODELS",
    "FILE_TYPES",
    "CheckModel",
    "ChoiceModel",
    "SceneModel",
    "file_schemas",
    "json_schema",
    "schema_file_name",
]

FILE_TYPES: dict[str, Any] = {
    "pack.yaml": ManifestModel,
    "qualities": list[QualityModel],
    "characters.yaml": CharactersFile,
    "world.yaml": WorldFile,
    "techniques.yaml": TechniquesFile,
    "missions.yaml": MissionsFile,
    "fights.yaml": FightsFile,
    "endings.yaml": list[EndingModel],
    "invariants.yaml": list[InvariantModel],
    "canon": list[str | CanonStepModel],
    "scenes": list[SceneModel],
    "narration.yaml": NarrationFile,
}
"""File kinds: a name for single files, a folder name for files that may be split up; the
type each file's YAML is validated as."""

FILE_MODELS: dict[str, TypeAdapter[Any]] = {kind: TypeAdapter(tp) for kind, tp in
                                            FILE_TYPES.items()}
"""The validator of each file kind."""


SCHEMA_ID = "urn:unbreakable-bonds:pack-format:"
"""The prefix of each file kind's schema ``$id`` (the kind's stem follows it)."""
_TITLES = {
    "pack.yaml": "pack.yaml: what the pack is, its start and its world",
    "qualities": "qualities.yaml (or qualities/*.yaml): the values the story keeps",
    "characters.yaml": "characters.yaml: the people and where their bonds start",
    "world.yaml": "world.yaml: ranks, resources, items, words, regions, places, observers",
    "techniques.yaml": "techniques.yaml: techniques and injuries",
    "missions.yaml": "missions.yaml: missions and the roster",
    "fights.yaml": "fights.yaml: fights, combined techniques and faction reactions",
    "endings.yaml": "endings.yaml: the endings of the pack",
    "invariants.yaml": "invariants.yaml: truths every step of every run must keep",
    "canon": "canon.yaml (or canon/*.yaml): the story's own road, as scene/choice actions",
    "scenes": "scenes/*.yaml: scenes, their prose, choices and ways on",
    "narration.yaml": "narration.yaml: the words the storyteller uses for system events",
}


def schema_file_name(kind: str) -> str:
    """The file a kind's schema is written to: ``scenes.schema.json``, ``pack.schema.json``."""
    return kind.removesuffix(".yaml") + ".schema.json"


def file_schemas() -> dict[str, dict[str, Any]]:
    """One JSON Schema (2020-12, with an ``$id``) per file kind, by the file name it is
    written to (:func:`schema_file_name`): what a YAML language server reads to check a
    pack's file as it is typed."""
    out: dict[str, dict[str, Any]] = {}
    for kind, adapter in FILE_MODELS.items():
        body = adapter.json_schema()
        stem = kind.removesuffix(".yaml")
        out[schema_file_name(kind)] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID + stem,
            **body,
            "title": _TITLES.get(kind, kind),
        }
    return out


def json_schema() -> dict[str, Any]:
    """One JSON Schema document describing every file kind of a pack."""
    kinds = {name: adapter.json_schema() for name, adapter in FILE_MODELS.items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Unbreakable Bonds content pack",
        "description": "Each property is one kind of pack file and the schema its YAML follows.",
        "type": "object",
        "properties": kinds,
    }
