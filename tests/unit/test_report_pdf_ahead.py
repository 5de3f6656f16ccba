"""The PDF made ahead by one layout worker (report/layout_worker.py, report/pdf.py, services/reports.py).

A PDF made ahead is served only under the key of what it was made from: the
assessment, the version's document, its review record, the content, the
language. A newer version, another language, a review step or a failed job
means the download makes the file itself. The worker lays out the same
document as one process would, and its death costs time, never the PDF.
"""

import io
import logging
import os
import signal
import subprocess
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from secu4all_ethics import evaluate, load_assessment, word_result
from secu4all_ethics.report import Provenance, build_report, chart_images, layout_worker
from secu4all_ethics.report import pdf as pdf_module
from secu4all_ethics.report.formats import charts_of
from secu4all_ethics.report.html import render_document
from secu4all_ethics.report.pdf import render_pdf
from secu4all_ethics.services import reports as reports_module
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.storage.audit import Actor
from tests.conftest import EXAMPLES_DIR, require_command

ASSESSOR = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)
DPO = Actor(name="Dace Bērziņa", role="dpo", organisation="Riga", authenticated=True)


def pdf_text_of(pdf: bytes) -> str:
    require_command("pdftotext")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _report(bundle, example="christmas_market", language="en"):
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, language)
    return build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))


# --- the worker ---------------------------------------------------------------------------------------------


def test_the_worker_lays_out_the_same_pdf_as_one_process(bundle, chart_server, layout_worker):
    report = _report(bundle, "station_car_park", "de")
    images = chart_images.render_images(charts_of(report), "svg")
    in_worker = pdf_module.lay_out_ahead(report).result(timeout=120)
    here = pdf_module._in_this_process(render_document(report, linked_charts=images), images, pdf_module._identifier(report))
    assert in_worker == here  # byte for byte: the same document, laid out whole
    text = " ".join(pdf_text_of(in_worker).split())
    assert all(f"{section.number}. {section.title}" in text for section in report.sections)


def test_the_worker_is_a_small_script_of_its_own_not_the_app(layout_worker):
    with open(f"/proc/{layout_worker.pid()}/cmdline", "rb") as cmdline:
        arguments = cmdline.read().split(b"\0")
    # Started by path, isolated: it imports WeasyPrint, not the package, Streamlit or multiprocessing's re-import of __main__.
    assert arguments[1] == b"-I" and arguments[2].endswith(b"secu4all_ethics/report/layout_worker.py")


def test_a_worker_that_died_costs_time_not_the_pdf(bundle, layout_worker):
    report = _report(bundle)
    layout_worker.submit("<p>ready</p>", "none", {}, b"x").result(timeout=90)
    dead = layout_worker.pid()
    os.kill(dead, signal.SIGKILL)
    pdf = render_pdf(report, {chart.chart_id: b'<svg xmlns="http://www.w3.org/2000/svg"/>' for chart in charts_of(report)})
    assert report.title in pdf_text_of(pdf)
    layout_worker.submit("<p>next</p>", "none", {}, b"x").result(timeout=90)
    assert layout_worker.pid() not in (None, dead)  # a new one is started


def test_a_worker_that_cannot_start_costs_time_not_the_pdf(bundle, monkeypatch):
    def cannot_start():
        raise OSError("no such interpreter")

    report = _report(bundle)
    monkeypatch.setattr(layout_worker, "_Process", cannot_start)
    monkeypatch.setattr(layout_worker, "_process", None)
    monkeypatch.setattr(layout_worker, "_used", True)  # as in the app
    pdf = render_pdf(report, {chart.chart_id: b'<svg xmlns="http://www.w3.org/2000/svg"/>' for chart in charts_of(report)})
    assert report.title in pdf_text_of(pdf)  # laid out here instead


def test_a_chart_that_cannot_be_drawn_stops_the_pdf_in_the_worker(bundle, layout_worker):
    report = _report(bundle)
    failed = Future()
    failed.set_exception(RuntimeError("the browser went away"))
    with pytest.raises(chart_images.ChartImageError, match="the browser went away"):
        render_pdf(report, {chart.chart_id: failed for chart in charts_of(report)})
    assert layout_worker.submit("<p>next</p>", "none", {}, b"x").result(timeout=60).startswith(b"%PDF-")  # the worker goes on


def test_the_thread_sending_a_jobs_images_ends_with_its_job(layout_worker):
    # A chart still being drawn when its PDF is done (here, one the page never refers to) kept the
    # sending thread waiting; once the worker was stopped it wrote to the closed pipe and died of it.
    never_used = Future()
    layout_worker.submit("<p>no charts</p>", "none", {"late": never_used}, b"x").result(timeout=60)
    senders = [thread for thread in threading.enumerate() if thread.name == "layout-images"]
    for sender in senders:
        sender.join(timeout=5)
    assert not any(sender.is_alive() for sender in senders), "the sender outlived its job"
    layout_worker.stop()
    never_used.set_result(b"<svg/>")  # nobody is left to send it


def test_weasyprint_errors_in_the_worker_are_logged_here(layout_worker, caplog):
    broken = '<p>x</p><img src="data:image/png;base64,bm90IGFuIGltYWdl">'
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = layout_worker.submit(broken, "none", {}, b"x").result(timeout=60)
    assert pdf.startswith(b"%PDF-")
    assert [record for record in caplog.records if record.name == "weasyprint"]


def test_the_cycle_collector_is_paused_in_the_worker_only_while_it_lays_out(monkeypatch):
    import gc

    seen = []

    def lay_out(html, chart_scheme, image_of, identifier):
        seen.append((html, gc.isenabled()))
        return b"%PDF-" + html.encode()

    monkeypatch.setattr(layout_worker, "lay_out", lay_out)
    requests = io.BytesIO()
    layout_worker._send(requests, ("job", 1, "one", "chart-image", [], b"x"))
    layout_worker._send(requests, ("image", 0, "stale", b"", None))  # of a PDF already done: ignored
    layout_worker._send(requests, ("job", 2, "two", "chart-image", [], b"x"))
    requests.seek(0)
    answers = io.BytesIO()
    assert gc.isenabled()
    layout_worker.serve(requests, answers)
    assert seen == [('<p style="font-family: DejaVu Sans">Ā ß é</p>', True), ("one", False), ("two", False)]
    assert gc.isenabled()
    answers.seek(0)
    assert [layout_worker._receive(answers)[:3] for _ in range(2)] == [("done", 1, b"%PDF-one"), ("done", 2, b"%PDF-two")]


def test_the_app_process_never_pauses_the_collector_even_when_its_worker_is_gone(bundle, monkeypatch):
    """The app lays a PDF out in its own process only when the worker cannot: other sessions go on meanwhile."""
    import gc

    report = _report(bundle)
    monkeypatch.setattr(layout_worker, "started", lambda: True)
    monkeypatch.setattr(layout_worker, "submit", lambda *args, **kwargs: _failed(layout_worker.WorkerGone("killed")))
    monkeypatch.setattr(gc, "disable", lambda: pytest.fail("the collector was paused in the app's process"))
    pdf = render_pdf(report, {chart.chart_id: b'<svg xmlns="http://www.w3.org/2000/svg"/>' for chart in charts_of(report)})
    assert pdf.startswith(b"%PDF-")


def test_the_command_line_pauses_the_collector_while_it_lays_its_pdf_out(bundle, monkeypatch):
    import gc

    seen = []
    real_lay_out = layout_worker.lay_out

    def lay_out(*args):
        seen.append(gc.isenabled())
        return real_lay_out(*args)

    monkeypatch.setattr(layout_worker, "started", lambda: False)  # a process that never gave the worker a PDF
    monkeypatch.setattr(layout_worker, "lay_out", lay_out)
    pdf = render_pdf(_report(bundle), {chart.chart_id: b'<svg xmlns="http://www.w3.org/2000/svg"/>' for chart in charts_of(_report(bundle))})
    assert pdf.startswith(b"%PDF-") and seen == [False] and gc.isenabled()


def _failed(error: Exception) -> Future:
    future: Future = Future()
    future.set_exception(error)
    return future


def test_a_waiting_pdf_made_ahead_can_be_withdrawn_and_a_wanted_one_goes_first(monkeypatch):
    order = []

    class Worker:
        """Lays out at once, in this process: the order is what the test looks at."""

        process = SimpleNamespace(poll=lambda: None, pid=0)

        def run(self, job):
            order.append(job.html)
            return job.html.encode()

        def stop(self):
            pass

    monkeypatch.setattr(layout_worker, "_Process", Worker)
    monkeypatch.setattr(layout_worker, "_process", None)
    with layout_worker._lock:  # the dispatcher cannot take a job until all three are queued
        ahead = layout_worker.submit("ahead", "none", {}, b"x")
        withdrawn = layout_worker.submit("older version", "none", {}, b"x")
        wanted = layout_worker.submit("clicked", "none", {}, b"x", urgent=True)
        assert withdrawn.cancel()
    assert wanted.result(timeout=10) == b"clicked" and ahead.result(timeout=10) == b"ahead"
    assert order == ["clicked", "ahead"]


# --- the report service: made ahead, served only for what it was made from -------------------------------


@pytest.fixture
def ahead(monkeypatch):
    """lay_out_ahead replaced by Futures the test completes; the files it 'made' say which report they are of."""
    made = []

    def fake(report):
        future = Future()
        made.append((report, future))
        return future

    monkeypatch.setattr(pdf_module, "lay_out_ahead", fake)
    monkeypatch.setattr(reports_module, "_files", reports_module._FileCache())
    monkeypatch.setattr(reports_module, "_ahead", reports_module._AheadFiles(reports_module._files))
    return made


@pytest.fixture
def made_at_click(monkeypatch):
    """The download's own file, when it makes one: which report it is of."""
    clicks = []

    def render(report, report_format, **_):
        clicks.append(report)
        return f"at click: v{report.version} {report.language} {report.review.label}".encode()

    monkeypatch.setattr(reports_module, "render", render)
    return clicks


def _finish(made):
    report, future = made
    future.set_result(f"ahead: v{report.version} {report.language} {report.review.label}".encode())


def test_a_pdf_made_ahead_is_served_at_the_click_without_laying_it_out_again(service, ahead, made_at_click):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    reports = ReportService(service)
    assert reports.prepare_pdf(ASSESSOR, stored.assessment_id, "fr").result(timeout=60) is ahead[0][1]
    assert reports.prepare_pdf(ASSESSOR, stored.assessment_id, "fr").result(timeout=60) is None  # rerun: not made twice
    _finish(ahead[0])
    data, name, _ = reports.export(ASSESSOR, stored.assessment_id, "fr", "pdf")
    assert data.startswith(f"ahead: v{stored.version} fr".encode()) and name.endswith(f"-v{stored.version}-fr.pdf")
    assert made_at_click == [] and len(ahead) == 1


def test_a_click_while_the_pdf_is_still_being_made_ahead_waits_for_it(service, ahead, made_at_click):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    reports = ReportService(service)
    reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en").result(timeout=60)
    clicked = ThreadPoolExecutor(max_workers=1).submit(reports.export, ASSESSOR, stored.assessment_id, "en", "pdf")
    _finish(ahead[0])
    assert clicked.result(timeout=60)[0].startswith(b"ahead: ") and made_at_click == []


def test_a_version_saved_between_ahead_and_click_gets_its_own_pdf(service, ahead, made_at_click):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    reports = ReportService(service)
    reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en").result(timeout=60)
    _finish(ahead[0])  # made ahead for the first version
    edited = service.load(ASSESSOR, stored.assessment_id).assessment
    edited.title += " (revised)"
    newer = service.save(ASSESSOR, edited, expected_version=stored.version)
    data, name, _ = reports.export(ASSESSOR, stored.assessment_id, "en", "pdf")
    assert data.startswith(f"at click: v{newer.version} en".encode()) and name.endswith(f"-v{newer.version}-en.pdf")
    assert made_at_click[0].title.endswith("(revised)")


def test_a_version_saved_while_the_pdf_is_made_ahead_is_not_served_the_older_one(service, ahead, made_at_click):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    reports = ReportService(service)
    reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en").result(timeout=60)  # not finished
    edited = service.load(ASSESSOR, stored.assessment_id).assessment
    edited.title += " (revised)"
    newer = service.save(ASSESSOR, edited, expected_version=stored.version)
    reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en").result(timeout=60)  # the page reruns on the new version
    assert ahead[0][1].cancelled()  # the older version's, not begun, is withdrawn
    _finish(ahead[1])
    assert reports.export(ASSESSOR, stored.assessment_id, "en", "pdf")[0].startswith(f"ahead: v{newer.version} en".encode())
    assert made_at_click == []


def test_another_language_or_a_review_step_is_made_at_the_click(service, ahead, made_at_click):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    reports = ReportService(service)
    reports.prepare_pdf(ASSESSOR, stored.assessment_id, "de").result(timeout=60)
    _finish(ahead[0])
    assert reports.export(ASSESSOR, stored.assessment_id, "it", "pdf")[0].startswith(b"at click: ")
    assert reports.export(ASSESSOR, stored.assessment_id, "de", "pdf")[0].startswith(b"ahead: ")
    service.record_verdict(DPO, submitted.assessment_id, section="legal", verdict="acceptable")  # same version, new review record
    assert reports.export(ASSESSOR, stored.assessment_id, "de", "pdf")[0].startswith(b"at click: ")


def test_a_failed_pdf_made_ahead_is_never_served(service, ahead, made_at_click):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    reports = ReportService(service)
    reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en").result(timeout=60)
    ahead[0][1].set_exception(RuntimeError("the worker died"))
    assert reports.export(ASSESSOR, stored.assessment_id, "en", "pdf")[0].startswith(b"at click: ")
    assert reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en").result(timeout=60) is None  # made at the click since


def test_nothing_is_made_ahead_for_someone_who_may_not_export(service, ahead):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    stranger = Actor(name="Eve", role="assessor", organisation="Elsewhere", authenticated=True)
    assert ReportService(service).prepare_pdf(stranger, stored.assessment_id, "en").result(timeout=60) is None
    assert ahead == []


def test_the_real_pdf_of_a_version_saved_after_it_was_made_ahead(service, chart_server, layout_worker):
    """End to end, with the worker: the click after a save gets the new version's PDF, not the one made ahead."""
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    reports = ReportService(service)
    first = reports.prepare_pdf(ASSESSOR, stored.assessment_id, "en").result(timeout=60).result(timeout=120)
    assert reports.export(ASSESSOR, stored.assessment_id, "en", "pdf")[0] is first
    edited = service.load(ASSESSOR, stored.assessment_id).assessment
    edited.title = "Station car park, revised"
    newer = service.save(ASSESSOR, edited, expected_version=stored.version)
    data = reports.export(ASSESSOR, stored.assessment_id, "en", "pdf")[0]
    text = pdf_text_of(data)
    assert "Station car park, revised" in text and newer.document_hash in text.replace("\n", "")
    assert stored.document_hash not in pdf_text_of(data).replace("\n", "")
    assert stored.document_hash in pdf_text_of(first).replace("\n", "")
