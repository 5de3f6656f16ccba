"""The README documents what the code offers (documentation that is itself tested)."""

import re

from secu4all_ethics.engine import results as result_models
from secu4all_ethics.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def documented_fields():
    return set(re.findall(r"`([a-z_]+)`", README))


def test_every_result_field_is_documented():
    models = [
        value
        for value in vars(result_models).values()
        if isinstance(value, type) and issubclass(value, result_models.ResultModel) and value is not result_models.ResultModel
    ]
    fields = set().union(*(model.model_fields for model in models))
    missing = sorted(fields - documented_fields())
    assert not missing, f"README does not document result fields: {missing}"


def test_every_cli_command_is_documented():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for command in commands:
        assert f"python -m secu4all_ethics {command}" in README


def test_readme_commands_exist():
    for script in re.findall(r"bash (scripts/\S+\.sh)", README):
        assert (ROOT / script).is_file(), script
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/run_tests.sh" in ci and "scripts/run_tests.sh" in README
