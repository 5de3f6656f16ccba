"""The README documents what the code offers (documentation that is itself tested)."""

import re
import subprocess

from secu4all_ethics.cli import build_parser
from secu4all_ethics.engine import results as result_models
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


# --- the README's "Project layout" block against the tree ------------------------------

PACKAGE = ROOT / "secu4all_ethics"
# The package's own entry points, described where the README shows the Python API and the command line.
PACKAGE_ENTRY_MODULES = {"__init__.py", "__main__.py"}


def layout_block() -> list[str]:
    section = README.split("## Project layout", 1)[1]
    return section.split("```", 2)[1].splitlines()[1:]


def layout_paths() -> list[str]:
    """Every path the block names: "name  description", nested by two spaces under a folder, "a, b" naming two."""
    paths: list[str] = []
    folders: list[tuple[int, str]] = []
    for line in layout_block():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        while folders and folders[-1][0] >= indent:
            folders.pop()
        parent = folders[-1][1] if folders else ""
        for name in names.split(", "):
            paths.append(parent + name)
        if names.endswith("/") and "," not in names:
            folders.append((indent, parent + names))
    return paths


def test_the_layout_block_names_only_paths_that_exist():
    missing = [path for path in layout_paths() if not (ROOT / path).exists() or (path.endswith("/") and not (ROOT / path).is_dir())]
    assert not missing, f"README's project layout names paths that do not exist: {missing}"


def tracked_top_level_folders() -> set[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line.split("/", 1)[0] + "/" for line in listed.splitlines() if "/" in line and not line.startswith(".")}


def package_entries() -> set[str]:
    entries = {f"secu4all_ethics/{path.name}/" for path in PACKAGE.iterdir() if path.is_dir() and any(path.rglob("*.py"))}
    entries |= {f"secu4all_ethics/{path.name}" for path in PACKAGE.glob("*.py") if path.name not in PACKAGE_ENTRY_MODULES}
    return entries


def test_the_layout_block_names_every_top_level_folder_and_package_module():
    named = layout_paths()
    # A folder is covered when it is named, or when a path inside it is.
    covered = set(named) | {"/".join(path.split("/")[:depth]) + "/" for path in named for depth in range(1, path.rstrip("/").count("/") + 1)}
    missing = sorted((tracked_top_level_folders() | package_entries()) - covered)
    assert not missing, f"README's project layout leaves out: {missing}"
