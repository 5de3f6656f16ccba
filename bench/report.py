"""Benchmark the justification report.

For each example assessment (English): the time to build the report model,
to draw its charts with the kaleido server warm (image cache emptied each
trial), and to produce each file format from scratch: model + charts + layout.

The PDF, three ways:
- "pdf_one_process_s": laid out in this process, as the command line does,
  with the charts drawn while WeasyPrint parses and styles the document
  (the cycle collector paused meanwhile, as the command line does);
- "pdf_worker_s": laid out whole by the layout worker, as the app does ahead
  of the click, from the report model to the file (charts drawn here, sent to
  the worker as each is done; the collector paused there);
  "pdf_worker_cpu_s" is the worker's own CPU time for it, which a loaded
  machine does not inflate as it does the wall-clock time;
- "click_after_5s_s": what the user waits for. Through the report service on
  a SQLite database, as the page does: a new version is saved, the page
  offers the PDF (prepare_pdf), the user reads the page for 5 s, then clicks
  (export: access check, evaluation, report model, file). "click_cold_s" is
  the same click on a version whose PDF was not made ahead.
The worker's memory: resident now and its peak, from /proc.

Run: .venv/bin/python bench/report.py [--trials N] [--pdf-only]
(--pdf-only: the PDF figures alone, for a loaded machine.)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from secu4all_ethics import evaluate, load_assessment, load_content, word_result  # noqa: E402
from secu4all_ethics.report import Provenance, build_report, chart_images, layout_worker, render  # noqa: E402  # noqa: E402
from secu4all_ethics.report.formats import charts_of  # noqa: E402
from secu4all_ethics.report.pdf import lay_out_ahead  # noqa: E402
from secu4all_ethics.services.assessments import AssessmentService  # noqa: E402
from secu4all_ethics.services.reports import ReportService  # noqa: E402
from secu4all_ethics.storage.audit import Actor  # noqa: E402
from secu4all_ethics.storage.database import make_engine  # noqa: E402
from secu4all_ethics.storage.repository import Storage, document_hash  # noqa: E402
from secu4all_ethics.storage.schema_version import upgrade  # noqa: E402

EXAMPLES = ("christmas_market", "park_drug_dealing", "station_car_park")
READING_SECONDS = 5
ASSESSOR = Actor(name="Bench", role="assessor", organisation="Bench", authenticated=True)


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def median_of(action, trials: int, before=None) -> float:
    times = []
    for _ in range(trials):
        if before is not None:
            before()
        times.append(timed(action)[0])
    return statistics.median(times)


def pdf_pages(pdf: bytes) -> int | None:
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, text=False).stdout.decode()
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None)


def clear_image_cache() -> None:
    chart_images._cache.clear()


def worker_cpu_seconds() -> float:
    fields = Path(f"/proc/{layout_worker.pid()}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def worker_memory_mb() -> dict:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{layout_worker.pid()}/status").read_text().splitlines())
    return {name: round(int(status[field].split()[0]) / 1024) for name, field in (("resident_mb", "VmRSS"), ("peak_mb", "VmHWM"))}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def clicks(service: AssessmentService, name: str, trials: int) -> dict:
    """The user's wait at the click, with and without the PDF made ahead while the page was read."""
    reports = ReportService(service)
    stored = service.create(ASSESSOR, load_assessment(ROOT / "criteria" / "examples" / f"{name}.yaml"))
    ahead, cold = [], []
    for trial in range(2 * trials):
        assessment = service.load(ASSESSOR, stored.assessment_id).assessment
        assessment.title = f"{assessment.title.split(' #')[0]} #{trial}"  # a new version: nothing cached for it
        stored = service.save(ASSESSOR, assessment, expected_version=stored.version)
        clear_image_cache()
        if trial % 2 == 0:
            reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en")  # the page shows the PDF button
            time.sleep(READING_SECONDS)
        elapsed, _ = timed(partial(reports.export, ASSESSOR, stored.assessment_id, "en", "pdf"))
        (ahead if trial % 2 == 0 else cold).append(elapsed)
    return {
        "click_after_5s_s": round(statistics.median(ahead), 2),
        "click_after_5s_max_s": round(max(ahead), 2),
        "click_cold_s": round(statistics.median(cold), 2),
    }


def builders(assessment, bundle):
    """An example's report model (built afresh at each call) and its export in a format."""
    document = assessment.model_dump(mode="json")
    provenance = Provenance(document_hash=document_hash(document))

    def model():
        result = word_result(evaluate(assessment, bundle), bundle, "en")
        return build_report(assessment, result, bundle, "en", provenance), result

    def export(report_format: str):
        fresh_report, fresh_result = model()
        return render(fresh_report, report_format, assessment_document=document, result=fresh_result, provenance=provenance)

    return model, export


def laid_out_ahead(model) -> bytes:
    """The PDF of a fresh report model, laid out by the worker."""
    return lay_out_ahead(model()[0]).result()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--pdf-only", action="store_true")
    arguments = parser.parse_args()
    trials = arguments.trials
    bundle = load_content()
    server_start, _ = timed(chart_images.ensure_server)
    figures: dict = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "load_average_at_start": load_average(),
        "trials": trials,
        "chart_server_start_s": round(server_start, 2),
        "examples": {},
        "targets": "click after 5 s on the page < 0.5 s; PDF laid out whole in one process < 3.5 s; worker < 150 MB",
    }
    built = {}
    for name in EXAMPLES:
        # Each example's own builders: built[name] is called again after the loop.
        model, export = builders(load_assessment(ROOT / "criteria" / "examples" / f"{name}.yaml"), bundle)
        report, _ = model()
        built[name] = model
        pdf = export("pdf")  # and warm: fonts, templates, the chart server's page
        charts = charts_of(report)
        entry = {"charts": len(charts), "pdf_pages": pdf_pages(pdf), "pdf_mb": round(len(pdf) / 2**20, 2)}
        if not arguments.pdf_only:
            entry["model_s"] = round(median_of(model, trials), 3)
            entry["charts_svg_s"] = round(median_of(partial(chart_images.render_images, charts, "svg"), trials, before=clear_image_cache), 2)
            for report_format in ("md", "json", "html", "docx"):
                entry[f"{report_format}_s"] = round(median_of(partial(export, report_format), trials, before=clear_image_cache), 2)
        # Before the worker is started: the command line's PDF, and this process's CPU time for it.
        started_cpu = time.process_time()
        entry["pdf_one_process_s"] = round(median_of(partial(export, "pdf"), trials, before=clear_image_cache), 2)
        entry["pdf_one_process_cpu_s"] = round((time.process_time() - started_cpu) / trials, 2)
        figures["examples"][name] = entry

    worker_start, _ = timed(lambda: layout_worker.submit("<p>ready</p>", "none", {}, b"ready").result())
    figures["layout_worker_start_s"] = round(worker_start, 2)
    figures["layout_worker_idle"] = worker_memory_mb()
    for name in EXAMPLES:
        entry = figures["examples"][name]
        laid_out_ahead(built[name])  # warm
        wall, cpu = [], []
        for _ in range(trials):
            clear_image_cache()
            before = worker_cpu_seconds()
            elapsed, _ = timed(partial(laid_out_ahead, built[name]))
            wall.append(elapsed)
            cpu.append(worker_cpu_seconds() - before)
        entry["pdf_worker_s"] = round(statistics.median(wall), 2)
        entry["pdf_worker_cpu_s"] = round(statistics.median(cpu), 2)

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        service = AssessmentService(Storage(engine), bundle)
        for name in EXAMPLES:
            figures["examples"][name].update(clicks(service, name, trials))
        engine.dispose()
    # The worker hands its freed heap back just after it has sent the last PDF; read it once it has.
    time.sleep(2)
    figures["layout_worker_after"] = worker_memory_mb()
    figures["load_average_at_end"] = load_average()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
