"""The JSON Schemas under schemas/ are current, and the shipped files validate against them."""

import jsonschema
import pytest

from secu4all_ethics.content.schema import json_schemas, schema_file_text
from secu4all_ethics.content.yaml_io import read_data_file
from tests.conftest import CONTENT_DIR, EXAMPLES_DIR, ROOT

SCHEMA_DIR = ROOT / "schemas"


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_committed_schema_is_up_to_date(name):
    path = SCHEMA_DIR / f"{name}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_file_text(json_schemas()[name]), f"{path} is stale: run python -m secu4all_ethics schema --write schemas"


def _files():
    yield "framework", CONTENT_DIR / "frameworks" / "secu4all_core.yaml"
    yield "legal", CONTENT_DIR / "legal.yaml"
    yield "presets", CONTENT_DIR / "presets.yaml"
    for path in sorted((CONTENT_DIR / "references").glob("*.yaml")):
        yield "references", path
    for path in sorted((CONTENT_DIR / "technologies").glob("*.yaml")):
        yield "technology", path
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        yield "assessment", path
    for path in sorted((CONTENT_DIR / "workshops" / "assessments").glob("*.yaml")):
        yield "assessment", path
    for path in sorted((CONTENT_DIR / "workshops" / "cards").glob("*.yaml")):
        yield "scenario_card", path
    yield "tender_clauses", CONTENT_DIR / "tender" / "clauses.yaml"
    yield "tender_questions", CONTENT_DIR / "tender" / "questions.yaml"
    for path in sorted((CONTENT_DIR / "ladders").glob("*.yaml")):
        yield "ladder", path


@pytest.mark.parametrize("kind, path", list(_files()), ids=lambda v: getattr(v, "name", v))
def test_shipped_files_validate_against_their_schema(kind, path):
    data = read_data_file(path)
    # YAML dates arrive as date objects; JSON Schema expects their ISO form.
    import json

    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, json_schemas()[kind])
