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
    "CheckModel",
    "ChoiceModel",
    "SceneModel",
    "json_schema",
]

FILE_MODELS: dict[str, TypeAdapter[Any]] = {
    "pack.yaml": TypeAdapter(ManifestModel),
    "qualities": TypeAdapter(list[QualityModel]),
    "characters.yaml": TypeAdapter(CharactersFile),
    "world.yaml": TypeAdapter(WorldFile),
    "techniques.yaml": TypeAdapter(TechniquesFile),
    "missions.yaml": TypeAdapter(MissionsFile),
    "fights.yaml": TypeAdapter(FightsFile),
    "endings.yaml": TypeAdapter(list[EndingModel]),
    "invariants.yaml": TypeAdapter(list[InvariantModel]),
    "canon": TypeAdapter(list[str]),
    "scenes": TypeAdapter(list[SceneModel]),
    "narration.yaml": TypeAdapter(NarrationFile),
}
"""File kinds: a name for single files, a folder name for files that may be split up."""


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
