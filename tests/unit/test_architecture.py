"""Layering rules: the library and engine never import streamlit; the engine speaks no language."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def run_in_a_fresh_interpreter(code: str, **environment: str) -> None:
    """What a module imports is only visible in a process that has imported nothing yet."""
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env=os.environ | environment
    )
    assert completed.returncode == 0, completed.stderr


def test_library_evaluates_without_importing_streamlit():
    code = (
        "import sys\n"
        "from secu4all_ethics import evaluate, load_assessment, load_content\n"
        "from secu4all_ethics.cli import main\n"
        "bundle = load_content()\n"
        "from secu4all_ethics.report import Provenance, build_report, render\n"
        "assessment = load_assessment('criteria/examples/christmas_market.yaml')\n"
        "result = evaluate(assessment, bundle)\n"
        "report = build_report(assessment, result, bundle, 'en', Provenance(document_hash='0' * 64))\n"
        "render(report, 'md', assessment_document={}, result=result, provenance=Provenance(document_hash='0' * 64))\n"
        "assert 'streamlit' not in sys.modules, 'the library imported streamlit'\n"
    )
    run_in_a_fresh_interpreter(code)


def test_engine_sources_do_not_mention_streamlit():
    for path in (ROOT / "secu4all_ethics").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "secu4all_ethics").parts:
            continue
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path


def test_the_start_page_does_not_import_the_engine(tmp_path):
    # The start page lists assessments and never evaluates; importing numpy and the
    # engine there is paid before the app's first render (the package imports them on first use).
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "app = AppTest.from_file('app.py', default_timeout=60)\n"
        "app.query_params['lang'] = 'en'\n"
        "app.run()\n"
        "assert not app.exception, [e.value for e in app.exception]\n"
        "assert app.title[0].value == 'Weigh security technologies before you buy them'\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('secu4all_ethics.engine'))\n"
        "assert not loaded, loaded\n"
    )
    run_in_a_fresh_interpreter(code, SECU4ALL_DATABASE_URL=f"sqlite:///{tmp_path}/start.db")


def test_the_engine_names_are_still_the_packages_own():
    code = (
        "import secu4all_ethics\n"
        "from secu4all_ethics import evaluate, ahp_weights, WeightError\n"
        "assert evaluate.__module__ == 'secu4all_ethics.engine.evaluate'\n"
        "assert issubclass(WeightError, Exception) and callable(ahp_weights)\n"
        "assert {'evaluate', 'ahp_weights', 'WeightError'} <= set(dir(secu4all_ethics))\n"
        "try:\n"
        "    secu4all_ethics.no_such_name\n"
        "except AttributeError as error:\n"
        "    assert 'no_such_name' in str(error)\n"
        "else:\n"
        "    raise SystemExit('an unknown name was accepted')\n"
    )
    run_in_a_fresh_interpreter(code)


def imported_modules(path) -> set[str]:
    """Every module a source file imports, anywhere in it (function-local imports too), as absolute names."""
    import ast

    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_the_engine_imports_no_catalog_and_no_wording():
    # The engine returns facts (ids, codes, numbers); only secu4all_ethics.wording turns them into sentences.
    speaking = ("secu4all_ethics.i18n", "secu4all_ethics.wording")
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported_modules(path) if name.startswith(speaking))
        for path in (ROOT / "secu4all_ethics" / "engine").rglob("*.py")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_evaluating_loads_no_catalog():
    code = (
        "import sys\n"
        "from secu4all_ethics import evaluate, load_assessment, load_content\n"
        "evaluate(load_assessment('criteria/examples/christmas_market.yaml'), load_content())\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('secu4all_ethics.i18n', 'secu4all_ethics.wording')))\n"
        "assert not loaded, loaded\n"
    )
    run_in_a_fresh_interpreter(code)
