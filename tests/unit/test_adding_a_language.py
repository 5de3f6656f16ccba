"""docs/adding-a-language.md, followed on a copy of the project with a throwaway language.

The copy gets exactly the steps the page gives (one line in i18n/languages.py, the catalogs,
the content texts, the schemas) and nothing else; then the command line, the app and a report
are used in the new language, each in a fresh interpreter that imports the copy. If any other
module kept its own list of languages, one of these checks would fail."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from secu4all_ethics.i18n.languages import LANGUAGES
from tests.conftest import ROOT

CODE, NAME, DATE_FORMAT = "pt", "Português", "DD/MM/YYYY"
MARK = "⟨pt⟩ "  # every text of the throwaway language starts with it, to tell it from the English it copies


def run(copy: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(copy), "SECU4ALL_DATABASE_URL": f"sqlite:///{copy / 'app.db'}"}
    environment.pop("SECU4ALL_CONTENT_DIR", None)
    completed = subprocess.run([sys.executable, *args], cwd=copy, env=environment, capture_output=True, text=True, timeout=300)
    if check:
        assert completed.returncode == 0, completed.stderr[-3000:]
    return completed


def declare(copy: Path) -> None:
    """Step 1: the one line in i18n/languages.py."""
    registry = copy / "secu4all_ethics" / "i18n" / "languages.py"
    text = registry.read_text(encoding="utf-8")
    last = '    LanguageInfo("it", "Italiano", "DD/MM/YYYY"),\n'
    assert text.count(last) == 1
    registry.write_text(text.replace(last, last + f'    LanguageInfo("{CODE}", "{NAME}", "{DATE_FORMAT}"),\n'), encoding="utf-8")


def add_catalogs(copy: Path) -> None:
    """Step 2: locales/pt.yaml and locales/pt/*.yaml, here the English texts marked."""
    locales = copy / "secu4all_ethics" / "i18n" / "locales"
    (locales / CODE).mkdir()
    for english in [locales / "en.yaml", *sorted((locales / "en").glob("*.yaml"))]:
        texts = yaml.safe_load(english.read_text(encoding="utf-8"))
        target = locales / english.relative_to(locales).as_posix().replace("en", CODE, 1)
        target.write_text(yaml.safe_dump({key: marked(value) for key, value in texts.items()}, allow_unicode=True), encoding="utf-8")


def marked(entry: str | dict[str, str]) -> str | dict[str, str]:
    """The English text marked; an entry with plural forms keeps its forms, each marked."""
    return MARK + entry if isinstance(entry, str) else {category: MARK + text for category, text in entry.items()}


def with_language(data):
    """data with a pt entry beside every localized text (the English one, marked)."""
    if isinstance(data, dict):
        if set(LANGUAGES) <= set(data) and all(isinstance(data[code], str) for code in LANGUAGES):
            return {**data, CODE: MARK + data["en"]}
        return {key: with_language(value) for key, value in data.items()}
    if isinstance(data, list):
        return [with_language(item) for item in data]
    return data


def add_content_texts(copy: Path) -> int:
    """Step 3: the pt text of every content text in criteria/ (assessments need none)."""
    added = 0
    for path in sorted((copy / "criteria").rglob("*.yaml")):
        if "examples" in path.parts:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        changed = with_language(data)
        if changed != data:
            added += 1
            path.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return added


APP_IN_THE_NEW_LANGUAGE = f"""
import json
from streamlit.testing.v1 import AppTest

app = AppTest.from_file("app.py", default_timeout=120)
app.query_params["lang"] = "{CODE}"
app.run()
assert not app.exception, [e.value for e in app.exception]
picker = app.selectbox(key="lang")
print(json.dumps({{"options": list(picker.options), "value": picker.value, "title": app.title[0].value}}))
"""


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The project as a contributor has it, before the new language."""
    copy = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "secu4all_ethics", copy / "secu4all_ethics", ignore=ignore)
    shutil.copytree(ROOT / "criteria", copy / "criteria", ignore=ignore)
    shutil.copytree(ROOT / "schemas", copy / "schemas")
    shutil.copy(ROOT / "app.py", copy / "app.py")
    return copy


def test_a_new_language_needs_one_line_its_catalogs_and_its_content_texts(copy):
    assert CODE not in LANGUAGES
    imported = run(copy, "-c", "import secu4all_ethics; print(secu4all_ethics.__file__)").stdout.strip()
    assert Path(imported).is_relative_to(copy), "the copy, not the project, must be imported"

    declare(copy)
    add_catalogs(copy)
    # Until the content has the new language's texts, loading it fails and names each missing one.
    refused = run(copy, "-m", "secu4all_ethics", "validate", check=False)
    assert refused.returncode == 2
    assert "frameworks/secu4all_core.yaml: name.pt: Field required" in refused.stderr
    assert add_content_texts(copy) > 20
    run(copy, "-m", "secu4all_ethics", "validate")

    # Step 4: the regenerated schemas accept the new language in an assessment.
    run(copy, "-m", "secu4all_ethics", "schema", "--write", "schemas")
    schema = json.loads((copy / "schemas" / "assessment.schema.json").read_text(encoding="utf-8"))
    assert CODE in json.dumps(schema["properties"]["language"])

    # A report in the new language: its catalog, its content texts, its number format.
    report = run(
        copy,
        "-m",
        "secu4all_ethics",
        "evaluate",
        "criteria/examples/park_drug_dealing.yaml",
        "--lang",
        CODE,
        "--format",
        "md",
        "--no-charts",
    ).stdout
    assert f"## 1\\. {MARK}Summary" in report
    assert re.search(r"\| 0,\d{4} \|", report), "Portuguese decimal commas"
    assert f"{MARK}Improved or adaptive street lighting" in report
    help_text = run(copy, "-m", "secu4all_ethics", "evaluate", "--help").stdout
    assert f"{{{','.join([*LANGUAGES, CODE])}}}" in help_text.replace("\n", "").replace(" ", "")

    # The app: the picker lists it by its own name, and the page speaks it.
    shown = json.loads(run(copy, "-c", APP_IN_THE_NEW_LANGUAGE).stdout.strip().splitlines()[-1])
    assert shown["options"] == ["English", "Français", "Deutsch", "Italiano", NAME]
    assert shown["value"] == CODE
    assert shown["title"].startswith(MARK)
