"""Layering rules: the library and engine never import streamlit; the engine speaks no language;
the screens (ui/) reach storage, the engine and the PDF worker only through the services and the
engine's entry points."""

import ast
import os
import subprocess
import sys

from tests.conftest import ROOT


def run_in_a_fresh_interpreter(code: str, **environment: str) -> None:
    """What a module imports is only visible in a process that has imported nothing yet."""
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env=os.environ | environment)
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


# --- pages only show (#13 point 2) ------------------------------------------------------------
#
# The screens (everything under ui/) talk to the services and read the engine's result; they
# never reach into storage, into the engine's inner workings, nor start the PDF worker. The
# engine's public entry points for the screens are the modules below (the rest of engine/ may
# change without a screen noticing); docs/ui-guide.md says the same.
PACKAGE = "secu4all_ethics"
PUBLIC_ENGINE = {
    f"{PACKAGE}.engine.evaluate",  # evaluate(): the one way to a result
    f"{PACKAGE}.engine.results",  # the result's types, which pages show
    f"{PACKAGE}.engine.weighting",  # WeightError and the weighting functions of the public API (not its submodules)
    f"{PACKAGE}.engine.cost",  # yearly cost and its band, shown for one option in the library and on Options
    f"{PACKAGE}.engine.completeness",  # the submission checklist
    f"{PACKAGE}.engine.dpia",  # which options need a DPIA (read from their obligations) and what of it the assessment answers
    f"{PACKAGE}.engine.creep",  # what each step up a capability ladder adds, and which upgrades call for a new assessment
    f"{PACKAGE}.engine.group",  # a workshop's items and group results: item_ids, median_item_weights (not its submodules)
    f"{PACKAGE}.engine.group.results",  # a workshop round's result types, which the workshop pages show
    f"{PACKAGE}.engine.effectiveness",  # the evaluation plan (the need's baseline and measures, start, review, stop threshold)
    f"{PACKAGE}.engine.tender",  # the tender's facts for the recommended option, which the Decision page shows
}
# Imports a screen may still make against these rules: none. Kept as a set so that a temporary
# exception is written down here, where test_known_violations_are_still_there makes it shrink.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imported_modules(source: str, package: str) -> set[str]:
    """Every module a file of package imports, also inside functions; relative imports
    resolved, and `from package import module` counted as the module."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names if _is_module(f"{module}.{alias.name}"))
    return modules


def _forbidden(module: str) -> bool:
    if module == f"{PACKAGE}.storage" or module.startswith(f"{PACKAGE}.storage."):
        return True
    if module == f"{PACKAGE}.report.layout_worker":
        return True
    if module.startswith(f"{PACKAGE}.engine.") or module == f"{PACKAGE}.engine":
        return module not in PUBLIC_ENGINE
    return False


def _screen_violations() -> set[tuple[str, str]]:
    found = set()
    for path in sorted((ROOT / PACKAGE / "ui").rglob("*.py")):
        where = path.relative_to(ROOT / PACKAGE).as_posix()
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        found.update((where, module) for module in _imported_modules(path.read_text(encoding="utf-8"), package) if _forbidden(module))
    return found


def test_the_import_scan_sees_every_form_of_import():
    source = (
        "import secu4all_ethics.storage.audit\n"
        "from ..report import FORMATS, layout_worker\n"
        "from ...engine.inputs import prepare_option\n"
        "from . import context\n"
        "def later():\n"
        "    from secu4all_ethics.engine.weighting.ahp import SAATY_SCALE\n"
    )
    modules = _imported_modules(source, f"{PACKAGE}.ui.pages")
    assert modules >= {
        f"{PACKAGE}.storage.audit",
        f"{PACKAGE}.ui.report",
        f"{PACKAGE}.engine.inputs",
        f"{PACKAGE}.ui.pages",
        f"{PACKAGE}.engine.weighting.ahp",
    }
    assert f"{PACKAGE}.report.layout_worker" in _imported_modules("from ..report import layout_worker\n", f"{PACKAGE}.ui")
    assert f"{PACKAGE}.report.FORMATS" not in _imported_modules("from ..report import FORMATS\n", f"{PACKAGE}.ui")
    assert _forbidden(f"{PACKAGE}.engine.inputs") and _forbidden(f"{PACKAGE}.engine.weighting.ahp")
    assert _forbidden(f"{PACKAGE}.storage") and _forbidden(f"{PACKAGE}.report.layout_worker")
    assert not _forbidden(f"{PACKAGE}.engine.results") and not _forbidden(f"{PACKAGE}.services.assessments")


def test_screens_import_no_storage_no_engine_internals_and_not_the_pdf_worker():
    unexpected = _screen_violations() - KNOWN_VIOLATIONS
    assert not unexpected, "ui/ must go through the services and the engine's entry points: " + ", ".join(
        f"{where} imports {module}" for where, module in sorted(unexpected)
    )


def test_known_violations_are_still_there():
    gone = KNOWN_VIOLATIONS - _screen_violations()
    assert not gone, f"fixed, so remove from KNOWN_VIOLATIONS: {sorted(gone)}"


def test_pages_do_not_read_the_permission_table():
    # What a role may do is asked of services.access.role_allows; the table itself stays behind it.
    for path in sorted((ROOT / PACKAGE / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "ALLOWED" not in {alias.name for alias in node.names}, path


def test_the_engine_imports_no_catalog_and_no_wording():
    # The engine returns facts (ids, codes, numbers); only secu4all_ethics.wording turns them into sentences.
    speaking = ("secu4all_ethics.i18n", "secu4all_ethics.wording")
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in _imported_modules(path.read_text(encoding="utf-8"), ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1]))
            if name.startswith(speaking)
        )
        for path in (ROOT / "secu4all_ethics" / "engine").rglob("*.py")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_evaluating_loads_no_catalog():
    code = (
        "import sys\n"
        "from secu4all_ethics import evaluate, load_assessment, load_content\n"
        "evaluate(load_assessment('criteria/examples/christmas_market.yaml'), load_content())\n"
        "assert not [m for m in sys.modules if m.startswith('secu4all_ethics.wording')]\n"
        # The models read the list of languages (i18n/languages.py); no catalog is read.
        "i18n = sys.modules.get('secu4all_ethics.i18n')\n"
        "assert i18n is None or i18n.catalog.cache_info().currsize == 0, 'a catalog was read'\n"
    )
    run_in_a_fresh_interpreter(code)
