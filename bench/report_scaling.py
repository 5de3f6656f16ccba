"""Benchmark the report at the largest assessment the limits allow.

The case: MAX_OPTIONS catalogue options (the catalogue repeated under new keys),
every gate answered "passes" so that every option is ranked and every table and
chart holds all of them, on the shipped content widened to MAX_CRITERIA criteria
(bench/engine.py's large_bundle). Each format is made once, in a fresh process,
after a warm-up (fonts, templates, the chart server), and measured in CPU time,
not wall time, so that other work on the machine changes the figure little:
this process's CPU plus that of its child processes (the chart server's
Chromium), and this process's peak memory (RSS). The PDF is laid out in this
process alone, as the CLI makes it; the app's layout worker shares the same
work between two processes and does not reduce its CPU time.

Run: .venv/bin/pip install -r requirements-bench.txt && .venv/bin/python bench/report_scaling.py
     (--options N --criteria N for another size; --formats pdf,docx,html)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine import large_bundle, machine  # noqa: E402

from secu4all_ethics import evaluate, word_result  # noqa: E402
from secu4all_ethics.domain.assessment import MAX_OPTIONS, AssessedOption, Assessment, GateAnswer  # noqa: E402
from secu4all_ethics.domain.content import MAX_CRITERIA  # noqa: E402
from secu4all_ethics.report import Provenance, build_report, render  # noqa: E402

FORMATS = ("pdf", "docx", "html")
TICKS = os.sysconf("SC_CLK_TCK")


def largest_assessment(bundle, options: int) -> Assessment:
    technologies = bundle.technologies
    chosen = [technologies[index % len(technologies)] for index in range(options)]
    return Assessment(
        id="bench-scaling",
        title=f"Benchmark: {options} options x {len(bundle.framework.criteria)} criteria",
        framework=bundle.framework_ref(),
        options=[
            AssessedOption(
                key=f"{technology.id}_{index}",
                catalogue_id=technology.id,
                gate_answers={gate.id: GateAnswer(answer="passes", justification="benchmark") for gate in bundle.legal.gates},
            )
            for index, technology in enumerate(chosen)
        ],
        weights={"method": "direct", "preset": bundle.presets[0].id},
    )


def descendants_cpu_s() -> float:
    """CPU seconds of this process's live descendants and of those already waited for."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    own = os.getpid()

    def descends(pid: int) -> bool:
        while pid in parents and pid > 1:
            pid = parents[pid]
            if pid == own:
                return True
        return False

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return sum(seconds for pid, seconds in times.items() if descends(pid)) + children.ru_utime + children.ru_stime


def measure_one(report_format: str, options: int, criteria: int) -> dict:
    """In a fresh process: one report_format file of the case, after a warm-up."""
    from weasyprint import HTML

    from secu4all_ethics.report import chart_images

    bundle = large_bundle(criteria_count=criteria)
    assessment = largest_assessment(bundle, options)
    provenance = Provenance(document_hash="0" * 64)
    chart_images.ensure_server()
    HTML(string="<p>warm</p>").write_pdf()
    started_cpu, started_children, started_wall = time.process_time(), descendants_cpu_s(), time.perf_counter()
    result = word_result(evaluate(assessment, bundle), bundle, "en")
    report = build_report(assessment, result, bundle, "en", provenance)
    document = render(report, report_format, assessment_document=assessment.model_dump(mode="json"), result=result, provenance=provenance)
    return {
        "cpu_s": round(time.process_time() - started_cpu, 1),
        "chart_server_cpu_s": round(descendants_cpu_s() - started_children, 1),
        "wall_s": round(time.perf_counter() - started_wall, 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "bytes": len(document),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=int, default=MAX_OPTIONS)
    parser.add_argument("--criteria", type=int, default=MAX_CRITERIA)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(measure_one(arguments.one, arguments.options, arguments.criteria)))
        return
    figures = {
        "case": f"{arguments.options} options x {arguments.criteria} criteria, every option ranked, English",
        "machine": machine(),
        "formats": {},
        "target": "worst allowed PDF <= 20 s CPU",
    }
    for report_format in arguments.formats.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--one", report_format, "--options", str(arguments.options), "--criteria", str(arguments.criteria)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures["formats"][report_format] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["python"] = platform.python_version()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
