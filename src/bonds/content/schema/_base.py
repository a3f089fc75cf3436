"""The shared base of every pack model: unknown fields are errors, types are strict."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = ["Id", "Model", "SceneId"]


class Model(BaseModel):
    """A pack record: typos in field names and wrong types are load errors, not guesses."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""A plain id: lowercase letters, digits and underscores, starting with a letter."""

SceneId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$",
                                           max_length=120)]
"""A scene id: plain ids joined by dots, e.g. ``camp.fire``."""
