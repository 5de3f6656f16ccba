"""pyproject.toml: the installable package agrees with requirements*.txt and ships every file the code reads."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import PurePosixPath

import pytest
from packaging.requirements import Requirement

from secu4all_ethics import cli
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
PACKAGE = ROOT / "secu4all_ethics"


def requirements(file_name: str) -> set[str]:
    """The requirements a file names itself, without comments and without the files it includes (-r)."""
    lines = (line.split("#", 1)[0].strip() for line in (ROOT / file_name).read_text(encoding="utf-8").splitlines())
    return {normalised(line) for line in lines if line and not line.startswith("-r")}


def normalised(requirement: str) -> str:
    return str(Requirement(requirement)).lower()


@pytest.mark.parametrize(
    ("file_name", "declared"),
    [
        ("requirements.txt", PROJECT["dependencies"]),
        ("requirements-dev.txt", PROJECT["optional-dependencies"]["dev"]),
        ("requirements-bench.txt", PROJECT["optional-dependencies"]["bench"]),
    ],
)
def test_requirement_files_match_pyproject(file_name, declared):
    assert requirements(file_name) == {normalised(r) for r in declared}


def test_the_extra_requirement_files_build_on_the_runtime_ones():
    for file_name in ("requirements-dev.txt", "requirements-bench.txt"):
        assert "-r requirements.txt" in (ROOT / file_name).read_text(encoding="utf-8").splitlines()


def test_console_script_is_the_cli():
    module, _, function = PROJECT["scripts"]["secu4all-ethics"].partition(":")
    assert module == cli.__name__ and function == "main" and callable(cli.main)


def package_dirs_with_code():
    return sorted({path.parent for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts})


@pytest.mark.parametrize("folder", package_dirs_with_code(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_folder_of_code_is_a_package(folder):
    # setuptools' find only ships folders with an __init__.py: without one the code is left out of an install.
    assert (folder / "__init__.py").is_file()


def tracked_data_files():
    listed = subprocess.run(["git", "ls-files", "secu4all_ethics"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [PurePosixPath(line) for line in listed.splitlines() if not line.endswith(".py")]


def declared_as_package_data(path: PurePosixPath) -> bool:
    for package, patterns in PYPROJECT["tool"]["setuptools"]["package-data"].items():
        folder = PurePosixPath(*package.split("."))
        if path.is_relative_to(folder):
            relative = path.relative_to(folder)
            # As in setuptools, a * does not cross a folder: the pattern names as many parts as the path.
            if any(relative.match(pattern) and len(PurePosixPath(pattern).parts) == len(relative.parts) for pattern in patterns):
                return True
    return False


def test_every_data_file_of_the_package_is_declared():
    missing = [str(path) for path in tracked_data_files() if not declared_as_package_data(path)]
    assert not missing, f"not in [tool.setuptools.package-data], so not installed: {missing}"


def test_an_install_holds_the_code_the_data_and_the_command(tmp_path):
    source, built = tmp_path / "source", tmp_path / "built"
    source.mkdir()
    built.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(PACKAGE, source / "secu4all_ethics", ignore=shutil.ignore_patterns("__pycache__"))
    # What a wheel is made of, as setuptools collects it (a wheel itself needs the wheel package or the network).
    subprocess.run(
        [sys.executable, "-W", "ignore", "-c", "from setuptools import setup; setup()", "-q",
         "egg_info", "--egg-base", str(built), "build_py", "--build-lib", str(built / "lib")],
        cwd=source, check=True, capture_output=True,
    )  # fmt: skip
    installed = {str(path.relative_to(built / "lib")) for path in (built / "lib").rglob("*") if path.is_file()}
    code = {str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts}
    data = {str(path) for path in tracked_data_files()}
    assert sorted((code | data) - installed) == []
    entry_points = (built / "secu4all_ethics.egg-info" / "entry_points.txt").read_text(encoding="utf-8")
    assert "secu4all-ethics = secu4all_ethics.cli:main" in entry_points


def test_the_readme_test_command_runs_the_gates_before_the_tests():
    script = (ROOT / "scripts" / "run_tests.sh").read_text(encoding="utf-8").splitlines()
    steps = [line.strip().removeprefix("exec ") for line in script if ".venv/bin/python -m" in line and not line.lstrip().startswith("#")]
    gates = [".venv/bin/python -m ruff check .", ".venv/bin/python -m ruff format --check .", ".venv/bin/python -m mypy"]
    assert all(gate in steps for gate in gates)
    tests = next(index for index, step in enumerate(steps) if step.startswith(".venv/bin/python -m pytest ") and step.endswith('"$@"'))
    assert max(steps.index(gate) for gate in gates) < tests
