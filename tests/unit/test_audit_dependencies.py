"""scripts/audit_dependencies.py: an audit that could not reach its database says so, and an advisory fails CI unless reviewed."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, unavailable

SCRIPT = ROOT / "scripts" / "audit_dependencies.py"
_spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(_spec)
# The dataclasses of a module are resolved through sys.modules.
sys.modules[_spec.name] = audit
_spec.loader.exec_module(audit)


def pip_audit_json(*dependencies):
    """The shape of pip-audit's `-f json` report (as pip-audit 2.10 writes it)."""
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


ADVISORY = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fix_versions": ["3.1.7"], "description": "Sandbox escape.\nDetails."}


def test_a_database_that_answers_for_no_package_is_reported_as_not_audited():
    # What pip-audit reports (and calls "No known vulnerabilities found") when its service answers 404 for every package.
    report = audit.parse_report(
        pip_audit_json(
            {"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not be audited: jinja2 (3.1.6)"},
            {"name": "streamlit", "skip_reason": "Dependency not found on PyPI and could not be audited: streamlit (1.67.0)"},
        )
    )
    lines, status = audit.verdict(report, {})
    assert lines[0] == audit.UNREACHABLE and status == 0
    assert not any("no known vulnerabilities" in line.lower() for line in lines)


def test_packages_left_unaudited_among_audited_ones_are_named():
    report = audit.parse_report(
        pip_audit_json({"name": "jinja2", "version": "3.1.6", "vulns": []}, {"name": "streamlit", "skip_reason": "not found"}),
    )
    lines, status = audit.verdict(report, {})
    assert status == 0
    assert lines[0] == "pip-audit: 1 dependencies were NOT audited: streamlit"
    assert lines[-1] == "pip-audit: 1 of 2 locked dependencies audited; no known vulnerabilities"


def test_an_advisory_fails_unless_reviewed_and_a_reviewed_one_is_printed_with_its_reason():
    report = audit.parse_report(pip_audit_json({"name": "jinja2", "version": "3.1.6", "vulns": [ADVISORY]}))
    lines, status = audit.verdict(report, {})
    assert status == 1
    assert lines[0] == "VULNERABLE jinja2==3.1.6: PYSEC-2099-1 CVE-2099-0001 (fixed in 3.1.7) Sandbox escape."
    lines, status = audit.verdict(report, {"CVE-2099-0001": "templates are ours, never user input"})
    assert status == 0
    assert lines[0] == "reviewed   jinja2==3.1.6: PYSEC-2099-1 (fixed in 3.1.7); accepted in audit-ignore.txt: templates are ours, never user input"


def test_the_ignore_list_needs_a_reason_for_each_advisory(tmp_path):
    ignore_list = tmp_path / "audit-ignore.txt"
    ignore_list.write_text("# reviewed\nGHSA-aaaa-bbbb-cccc  only the CLI's own files are parsed\nPYSEC-2099-1\n", encoding="utf-8")
    with pytest.raises(audit.IgnoreListError, match=r"audit-ignore.txt, line 3: PYSEC-2099-1 has no reason"):
        audit.reviewed_advisories(ignore_list)
    ignore_list.write_text("GHSA-aaaa-bbbb-cccc  only the CLI's own files are parsed\n", encoding="utf-8")
    assert audit.reviewed_advisories(ignore_list) == {"GHSA-aaaa-bbbb-cccc": "only the CLI's own files are parsed"}


def test_the_project_ignore_list_is_well_formed():
    audit.reviewed_advisories(ROOT / "audit-ignore.txt")


def test_an_unreachable_database_does_not_fail_the_build_but_is_said_plainly():
    """The real pip-audit on the real lock, its requests sent through a proxy on a closed loopback port."""
    if importlib.util.find_spec("pip_audit") is None:
        unavailable("pip-audit is not installed (scripts/run_tests.sh installs it from requirements-dev.lock)")
    environment = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    completed = subprocess.run([sys.executable, str(SCRIPT), str(ROOT / "requirements.lock")], capture_output=True, text=True, env=environment, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.splitlines()[0] == audit.UNREACHABLE
    assert "no known vulnerabilities" not in completed.stdout.lower()
