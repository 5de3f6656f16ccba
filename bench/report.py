"""Benchmark the justification report.

For each example assessment (English): the time to build the report model,
to draw its charts with the kaleido server warm (image cache emptied each
trial), and to produce each file format from scratch: model + charts + layout.
Also the chart server's start and a PDF whose charts are already cached (the
second download of the same version). The PDF's charts are drawn while
WeasyPrint parses and styles the document, so its time is less than charts + layout.

The PDF is laid out in parts by this process and the layout worker (report/pdf.py),
started and warmed first like the chart server; "pdf_one_process_s" is the same PDF
laid out in this process alone, as when the worker is not ready or busy.

Run: .venv/bin/python bench/report.py
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from secu4all_ethics import evaluate, load_assessment, load_content, word_result  # noqa: E402
from secu4all_ethics.report import Provenance, build_report, render  # noqa: E402
from secu4all_ethics.report import chart_images, layout_worker  # noqa: E402
from secu4all_ethics.report.formats import charts_of  # noqa: E402
from secu4all_ethics.storage.repository import document_hash  # noqa: E402

TRIALS = 5
EXAMPLES = ("christmas_market", "park_drug_dealing", "station_car_park")


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def median_of(action, trials: int = TRIALS, before=None) -> float:
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


def main() -> None:
    bundle = load_content()
    server_start, _ = timed(chart_images.ensure_server)
    worker_start, ready = timed(lambda: layout_worker.wait_until_ready(90))
    if not ready:
        raise SystemExit("the PDF layout worker did not start")
    figures: dict = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "chart_server_start_s": round(server_start, 2),
        "layout_worker_start_s": round(worker_start, 2),
        "examples": {},
        "target": "PDF with all charts <= 3 s, chart server warm",
    }
    for name in EXAMPLES:
        assessment = load_assessment(ROOT / "criteria" / "examples" / f"{name}.yaml")
        document = assessment.model_dump(mode="json")
        provenance = Provenance(document_hash=document_hash(document))

        def model():
            result = word_result(evaluate(assessment, bundle), bundle, "en")
            return build_report(assessment, result, bundle, "en", provenance), result

        report, result = model()

        def export(report_format: str):
            fresh_report, fresh_result = model()
            return render(fresh_report, report_format, assessment_document=document, result=fresh_result, provenance=provenance)

        export("pdf")  # warm: fonts, templates, the chart server's page
        charts = charts_of(report)
        pdf = export("pdf")
        entry = {
            "charts": len(charts),
            "pdf_pages": pdf_pages(pdf),
            "model_s": round(median_of(model), 3),
            "charts_svg_s": round(median_of(lambda: chart_images.render_images(charts, "svg"), before=clear_image_cache), 2),
        }
        for report_format in ("md", "json", "html", "docx", "pdf"):
            entry[f"{report_format}_s"] = round(median_of(lambda f=report_format: export(f), before=clear_image_cache), 2)
        entry["pdf_charts_cached_s"] = round(median_of(lambda: export("pdf")), 2)
        with layout_worker.claimed():  # held here, so every PDF is laid out in this process alone
            entry["pdf_one_process_s"] = round(median_of(lambda: export("pdf"), before=clear_image_cache), 2)
        figures["examples"][name] = entry
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
