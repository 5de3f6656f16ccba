"""The lock files agree with their inputs: a lock left stale after an input changed fails here, naming the package.

requirements.lock is generated from requirements.txt and requirements-dev.lock from requirements-dev.txt
(scripts/lock_requirements.sh); the README's commands install the locks with --require-hashes.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from tests.conftest import ROOT

LOCKS = {"requirements.lock": "requirements.txt", "requirements-dev.lock": "requirements-dev.txt"}
REGENERATE = "regenerate with: bash scripts/lock_requirements.sh"


@dataclass(frozen=True)
class Locked:
    version: str
    hashes: tuple[str, ...]


def input_requirements(path: Path, problems: list[str]) -> dict[str, tuple[Requirement, str]]:
    """The requirements an input names, with those of the files it includes (-r), by canonical name, each with its file."""
    found: dict[str, tuple[Requirement, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split(" #", 1)[0].strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith(("-r ", "--requirement ")):
            found.update(input_requirements(path.parent / text.split(maxsplit=1)[1], problems))
            continue
        try:
            requirement = Requirement(text)
        except InvalidRequirement as error:
            problems.append(f"{path.name}, line {number}: {text!r} is not a requirement ({error})")
            continue
        if requirement.marker is None or requirement.marker.evaluate():
            found[canonicalize_name(requirement.name)] = (requirement, path.name)
    return found


def locked_packages(path: Path, problems: list[str]) -> dict[str, Locked]:
    """The lock's entries, "name==version \\ --hash=sha256:... \\ ...", by canonical name."""
    entries = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8")).splitlines()
    locked: dict[str, Locked] = {}
    for entry in entries:
        text = entry.split("#", 1)[0].strip()
        if not text:
            continue
        pin, *options = text.split()
        name, separator, version = pin.partition("==")
        if not separator:
            problems.append(f"{path.name}: {pin} is not pinned to one version with ==; {REGENERATE}")
            continue
        hashes = tuple(option.removeprefix("--hash=") for option in options if option.startswith("--hash="))
        locked[canonicalize_name(name.split("[", 1)[0])] = Locked(version, hashes)
    return locked


def lock_problems(lock_path: Path, input_path: Path) -> list[str]:
    """What makes the lock disagree with its input: each names the package and the file."""
    problems: list[str] = []
    wanted = input_requirements(input_path, problems)
    locked = locked_packages(lock_path, problems)
    for name, (requirement, source) in sorted(wanted.items()):
        entry = locked.get(name)
        if entry is None:
            problems.append(f"{source} asks for {requirement}, which {lock_path.name} does not lock; {REGENERATE}")
            continue
        try:
            version = Version(entry.version)
        except InvalidVersion:
            problems.append(f"{lock_path.name}: {name}=={entry.version} is not a version")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{source} asks for {requirement}, but {lock_path.name} locks {name}=={entry.version}; {REGENERATE}")
    for name, entry in sorted(locked.items()):
        if not entry.hashes:
            problems.append(f"{lock_path.name}: {name}=={entry.version} has no hash, which pip install --require-hashes refuses; {REGENERATE}")
    return problems


@pytest.mark.parametrize("lock_name", sorted(LOCKS))
def test_each_lock_agrees_with_its_input(lock_name):
    assert lock_problems(ROOT / lock_name, ROOT / LOCKS[lock_name]) == []


def test_the_dev_lock_pins_the_runtime_lock_versions():
    runtime = locked_packages(ROOT / "requirements.lock", [])
    dev = locked_packages(ROOT / "requirements-dev.lock", [])
    differing = sorted(f"{name}: {entry.version} (runtime) vs {dev[name].version} (dev)" for name, entry in runtime.items() if dev.get(name, entry) != entry)
    missing = sorted(set(runtime) - set(dev))
    assert differing == [] and missing == [], f"requirements-dev.lock differs from requirements.lock: {differing}, missing {missing}"


def test_the_readme_commands_install_the_locks_with_hashes():
    app = (ROOT / "scripts" / "run_app.sh").read_text(encoding="utf-8")
    tests = (ROOT / "scripts" / "run_tests.sh").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in app
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in tests


def pin_of(lock_text: str, name: str) -> str:
    return re.search(rf"^{re.escape(name)}==\S+", lock_text, flags=re.MULTILINE).group(0)


def drop_entry(lock_text: str, name: str) -> str:
    return re.sub(rf"^{re.escape(name)}==[^\n]*\n(    [^\n]*\n)*", "", lock_text, flags=re.MULTILINE)


def strip_hashes(lock_text: str, name: str) -> str:
    entry = re.search(rf"^{re.escape(name)}==[^\n]*\n(    --hash[^\n]*\n)*", lock_text, flags=re.MULTILINE).group(0)
    return lock_text.replace(entry, pin_of(lock_text, name) + "\n")


# Each edit makes a copy of the real files stale in one way; the problem must name the package.
STALE_EDITS = {
    "package dropped from the lock": ("lock", lambda text: drop_entry(text, "streamlit"), "streamlit", "does not lock"),
    "locked version outside the range": (
        "lock",
        lambda text: text.replace(pin_of(text, "streamlit"), "streamlit==1.60.0"),
        "streamlit",
        "locks streamlit==1.60.0",
    ),
    "lock entry without a hash": ("lock", lambda text: strip_hashes(text, "segno"), "segno", "has no hash"),
    "lock entry not pinned": ("lock", lambda text: text.replace(pin_of(text, "segno"), "segno>=1.6"), "segno", "not pinned"),
    "requirement added to the input": ("input", lambda text: text + "qrcode>=7\n", "qrcode", "does not lock"),
    "input range raised above the lock": ("input", lambda text: text.replace("streamlit>=1.67,<2", "streamlit>=1.99,<2"), "streamlit", "locks streamlit=="),
    "unreadable input line": ("input", lambda text: text + "segno >>= 1\n", "segno >>= 1", "is not a requirement"),
}


@pytest.mark.parametrize("edit", sorted(STALE_EDITS))
def test_a_stale_copy_is_refused_naming_the_package(tmp_path, edit):
    which, change, package, message = STALE_EDITS[edit]
    for name in ("requirements.txt", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    assert lock_problems(tmp_path / "requirements.lock", tmp_path / "requirements.txt") == []
    edited = tmp_path / ("requirements.lock" if which == "lock" else "requirements.txt")
    edited.write_text(change(edited.read_text(encoding="utf-8")), encoding="utf-8")
    problems = lock_problems(tmp_path / "requirements.lock", tmp_path / "requirements.txt")
    assert any(package in problem and message in problem for problem in problems), problems


def test_a_stale_runtime_input_makes_the_dev_lock_stale_too(tmp_path):
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    runtime_input = tmp_path / "requirements.txt"
    runtime_input.write_text(runtime_input.read_text(encoding="utf-8").replace("segno>=1.6,<2", "segno>=2,<3"), encoding="utf-8")
    problems = lock_problems(tmp_path / "requirements-dev.lock", tmp_path / "requirements-dev.txt")
    assert any(
        problem.startswith(f"requirements.txt asks for {Requirement('segno>=2,<3')}") and "requirements-dev.lock locks segno==" in problem
        for problem in problems
    ), problems
