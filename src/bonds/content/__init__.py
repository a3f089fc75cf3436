"""Content packs: the YAML format (pydantic models), the loader, and the expression language."""

from .loader import load_pack
from .schema import json_schema

__all__ = ["json_schema", "load_pack"]
