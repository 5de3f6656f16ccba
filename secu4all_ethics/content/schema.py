"""JSON Schemas of every file format, so authors get validation in their editor."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ..domain.assessment import Assessment
from ..domain.content import (
    CapabilityLadder,
    DpiaContent,
    Framework,
    LegalContent,
    PresetFile,
    ReferenceFile,
    Technology,
    TenderClauseFile,
    TenderQuestionFile,
)
from ..domain.jurisdiction_pack import JurisdictionPack
from ..domain.scenario_card import ScenarioCard
from ..engine.results import EvaluationResult

FORMATS: dict[str, type[BaseModel]] = {
    "framework": Framework,
    "legal": LegalContent,
    "technology": Technology,
    "presets": PresetFile,
    "references": ReferenceFile,
    "jurisdiction": JurisdictionPack,
    "dpia": DpiaContent,
    "assessment": Assessment,
    "scenario_card": ScenarioCard,
    "result": EvaluationResult,
    "tender_clauses": TenderClauseFile,
    "tender_questions": TenderQuestionFile,
    "ladder": CapabilityLadder,
}


def json_schemas() -> dict[str, dict]:
    schemas = {}
    for name, model in FORMATS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://secu4all-ethics.invalid/schemas/{name}.schema.json"
        schemas[name] = schema
    return schemas


def schema_file_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_file_text(schema), encoding="utf-8")
        written.append(path)
    return written
