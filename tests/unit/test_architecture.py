"""Layering rules: the library and engine never import streamlit."""

import subprocess
import sys

from tests.conftest import ROOT


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
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr


def test_engine_sources_do_not_mention_streamlit():
    for path in (ROOT / "secu4all_ethics").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "secu4all_ethics").parts:
            continue
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path
