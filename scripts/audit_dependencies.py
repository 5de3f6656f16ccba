"""Audit a lock file's pinned versions with pip-audit, and say plainly when they could not be audited.

Run by scripts/run_tests.sh before the tests: python scripts/audit_dependencies.py [LOCK] [pip-audit options, e.g. -s osv]

Exit status: 0 when every dependency was audited and none has an advisory outside audit-ignore.txt, and also when the
vulnerability database could not be reached (a build is not failed for that, but the output says the dependencies
were NOT audited); 1 when an advisory is found that audit-ignore.txt does not list; 2 when the ignore list is malformed
or pip-audit fails for another reason.

pip-audit alone prints "No known vulnerabilities found" when its service answers "not found" for every package (it
then skips them all), which is what a mirror that does not serve PyPI's per-version JSON does: this script counts the
skipped packages and says they were not audited.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCK = ROOT / "requirements.lock"
IGNORE_LIST = ROOT / "audit-ignore.txt"
UNREACHABLE = "pip-audit: the vulnerability database could not be reached; the dependencies were NOT audited"
# What requests raises (and pip-audit lets through) when the service cannot be reached at all.
CONNECTION_FAILURES = ("ConnectionError", "ProxyError", "ConnectTimeout", "ReadTimeout", "Max retries exceeded", "NameResolutionError")


class IgnoreListError(ValueError):
    """The ignore list has a line without an advisory id or without its reason."""


def reviewed_advisories(path: Path) -> dict[str, str]:
    """The advisories reviewed and accepted, id -> reason: one per line, "ID  reason", '#' starts a comment."""
    if not path.exists():
        return {}
    reviewed: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        advisory, _, reason = text.partition(" ")
        if not reason.strip():
            raise IgnoreListError(f"{path.name}, line {number}: {advisory} has no reason; write 'ID  why it does not apply or is accepted'")
        reviewed[advisory] = reason.strip()
    return reviewed


@dataclass
class AuditReport:
    audited: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    # package==version -> its advisories, each (id, aliases, fix versions, description)
    advisories: dict[str, list[tuple[str, list[str], list[str], str]]] = field(default_factory=dict)


def parse_report(pip_audit_json: str) -> AuditReport:
    report = AuditReport()
    for dependency in json.loads(pip_audit_json)["dependencies"]:
        if "skip_reason" in dependency:
            report.skipped[dependency["name"]] = dependency["skip_reason"]
            continue
        pinned = f"{dependency['name']}=={dependency['version']}"
        report.audited.append(pinned)
        found = [(v["id"], v.get("aliases", []), v.get("fix_versions", []), v.get("description", "")) for v in dependency.get("vulns", [])]
        if found:
            report.advisories[pinned] = found
    return report


def verdict(report: AuditReport, reviewed: dict[str, str]) -> tuple[list[str], int]:
    """The lines to print and the exit status."""
    if not report.audited:
        reason = next(iter(report.skipped.values()), "pip-audit listed no dependency")
        return [UNREACHABLE, f"  ({len(report.skipped)} skipped; first reason: {reason})"], 0
    lines: list[str] = []
    if report.skipped:
        lines.append(f"pip-audit: {len(report.skipped)} dependencies were NOT audited: " + ", ".join(sorted(report.skipped)))
        lines += [f"  {name}: {reason}" for name, reason in sorted(report.skipped.items())]
    unreviewed = 0
    for pinned, found in sorted(report.advisories.items()):
        for advisory, aliases, fixes, description in found:
            known = next((reviewed[name] for name in [advisory, *aliases] if name in reviewed), None)
            fixed_in = ", ".join(fixes) or "no fixed version"
            summary = description.strip().splitlines()[0] if description.strip() else ""
            if known is None:
                unreviewed += 1
                lines.append(f"VULNERABLE {pinned}: {advisory} {' '.join(aliases)} (fixed in {fixed_in}) {summary}")
            else:
                lines.append(f"reviewed   {pinned}: {advisory} (fixed in {fixed_in}); accepted in {IGNORE_LIST.name}: {known}")
    if unreviewed:
        lines.append(
            f"pip-audit: {unreviewed} advisories affect the locked versions: upgrade (bash scripts/lock_requirements.sh --upgrade-package NAME) "
            f"or, once reviewed, list each in {IGNORE_LIST.name} with its reason"
        )
        return lines, 1
    audited = f"{len(report.audited)} of {len(report.audited) + len(report.skipped)} locked dependencies audited"
    lines.append(f"pip-audit: {audited}; no advisory outside {IGNORE_LIST.name}" if report.advisories else f"pip-audit: {audited}; no known vulnerabilities")
    return lines, 0


def run_pip_audit(lock: Path, options: list[str]) -> tuple[str | None, str]:
    """pip-audit's JSON report, or None with what it printed when it produced none."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "-r", str(lock), "--require-hashes", "--disable-pip", "--progress-spinner", "off"]
        completed = subprocess.run([*command, *options, "-f", "json", "-o", str(output)], capture_output=True, text=True)
        if output.exists() and output.read_text(encoding="utf-8").strip():
            return output.read_text(encoding="utf-8"), completed.stderr
        return None, completed.stderr + completed.stdout


def main(arguments: list[str]) -> int:
    lock = Path(arguments[0]) if arguments and not arguments[0].startswith("-") else DEFAULT_LOCK
    options = arguments[1:] if arguments and not arguments[0].startswith("-") else arguments
    try:
        reviewed = reviewed_advisories(IGNORE_LIST)
    except IgnoreListError as error:
        print(f"pip-audit: {error}")
        return 2
    report_json, printed = run_pip_audit(lock, options)
    if report_json is None:
        last_line = printed.strip().splitlines()[-1] if printed.strip() else "(nothing printed)"
        if any(failure in printed for failure in CONNECTION_FAILURES):
            print(UNREACHABLE)
            print(f"  ({last_line})")
            return 0
        print(f"pip-audit failed on {lock.name}: {last_line}")
        return 2
    lines, status = verdict(parse_report(report_json), reviewed)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
