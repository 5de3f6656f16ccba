"""The PDF laid out in parts, side by side in two processes (report/pdf.py, layout_worker.py, pdf_assembly.py).

Laid out in parts or in one process, a report's PDF must be the same document:
the same text on the same pages, the same contents with working links, the
same outline, fonts embedded. A worker that dies or is busy costs time, never
the PDF.
"""

import io
import logging
import os
import signal
import subprocess

import pypdf
import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.wording import word_result
from secu4all_ethics.report import Provenance, build_report, chart_images, layout_worker
from secu4all_ethics.report import pdf as pdf_module
from secu4all_ethics.report.formats import charts_of
from secu4all_ethics.report.model import Chart, Paragraph, Section, Table
from secu4all_ethics.report.pdf import LayoutPlan, layout_cost_ms, plan_layout, render_pdf
from tests.conftest import EXAMPLES_DIR, require_command


def _report(bundle, example="christmas_market", language="en"):
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, language)
    return build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))


def _in_one_process(report, images) -> bytes:
    return pdf_module._in_this_process(report, dict(images), plan_layout(report.sections))


def _pages_text(pdf: bytes) -> list[str]:
    require_command("pdftotext")
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return text.split("\f")


def _outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    entries = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries


def _contents_targets(reader: pypdf.PdfReader) -> list[int]:
    """The page each link on the title page leads to, in order, each page once."""
    targets = []
    for annotation in reader.pages[0].get("/Annots", []):
        destination = annotation.get_object()["/Dest"]
        if isinstance(destination, str):
            destination = reader.named_destinations[destination]
            page = reader.get_destination_page_number(destination)
        else:
            page = reader.get_page_number(destination[0].get_object())
        if not targets or targets[-1] != page:
            targets.append(page)
    return targets


@pytest.mark.parametrize(("example", "language"), [("christmas_market", "en"), ("station_car_park", "de")])
def test_the_pdf_laid_out_in_parts_is_the_pdf_laid_out_in_one_process(bundle, chart_server, layout_worker, example, language):
    report = _report(bundle, example, language)
    images = chart_images.render_images(charts_of(report), "svg")
    called = []
    original = pdf_module._in_parts
    try:
        pdf_module._in_parts = lambda *args: called.append(True) or original(*args)
        in_parts = render_pdf(report, images)
    finally:
        pdf_module._in_parts = original
    assert called, "the worker was ready and free: the PDF should have been laid out in parts"
    in_one = _in_one_process(report, images)

    assert _pages_text(in_parts) == _pages_text(in_one)  # same text on the same pages, footers and contents included
    parts, one = pypdf.PdfReader(io.BytesIO(in_parts)), pypdf.PdfReader(io.BytesIO(in_one))
    assert _outline(parts) == _outline(one) and len(_outline(parts)) > len(report.sections)
    # Every line of the contents leads where its page number says.
    section_pages = [page for depth, title, page in _outline(one) if depth == 0][1:]  # after "Contents"
    assert _contents_targets(parts) == _contents_targets(one) == sorted(set(section_pages))
    assert parts.trailer["/Root"]["/Lang"] == language and parts.metadata.title == report.title
    fonts = subprocess.run(["pdffonts", "-"], input=in_parts, capture_output=True, check=True).stdout.decode().splitlines()[2:]
    assert fonts and all(" yes " in row for row in fonts)


def test_the_page_frame_is_on_every_page_of_the_parts(bundle, chart_server, layout_worker):
    report = _report(bundle, "park_drug_dealing", "fr")
    pages = _pages_text(render_pdf(report, chart_images.render_images(charts_of(report), "svg")))
    pages = [page for page in pages if page.strip()]
    for number, page in enumerate(pages, 1):
        assert f"{report.labels['page']} {number} {report.labels['of']} {len(pages)}" in page
        assert report.review.label in page


def test_a_worker_that_died_costs_time_not_the_pdf(bundle, chart_server, layout_worker):
    report = _report(bundle)
    images = chart_images.render_images(charts_of(report), "svg")
    dead = layout_worker.worker_pid()
    os.kill(dead, signal.SIGKILL)
    pdf = render_pdf(report, images)
    assert _pages_text(pdf) == _pages_text(_in_one_process(report, images))
    assert layout_worker.wait_until_ready(90) and layout_worker.worker_pid() not in (None, dead)  # a new one is started


def test_while_the_worker_is_busy_a_pdf_is_laid_out_here(bundle, chart_server, layout_worker, monkeypatch):
    report = _report(bundle)
    monkeypatch.setattr(pdf_module, "_in_parts", lambda *args: pytest.fail("the busy worker was used"))
    with layout_worker.claimed() as worker:  # another PDF holds it
        assert worker is not None
        pdf = render_pdf(report, chart_images.render_images(charts_of(report), "svg"))
    assert pdf.startswith(b"%PDF-")


def test_a_failed_chart_frees_the_parts_the_worker_laid_out(bundle, layout_worker):
    from concurrent.futures import Future

    report = _report(bundle)
    failed = Future()
    failed.set_exception(RuntimeError("the browser went away"))
    with pytest.raises(chart_images.ChartImageError, match="the browser went away"):
        render_pdf(report, {chart.chart_id: failed for chart in charts_of(report)})
    with layout_worker.claimed() as worker:
        assert worker.submit(_kept_in_worker).result(timeout=60) == 0


def _kept_in_worker() -> int:
    return len(pdf_module._laid_out)


def test_weasyprint_errors_in_the_worker_are_logged_here(caplog):
    broken = '<p>x</p><img src="data:image/png;base64,bm90IGFuIGltYWdl">'
    errors = pdf_module.lay_out_and_keep("broken", broken)  # what the worker runs
    assert len(pdf_module._laid_out["broken"].pages) == 1
    pdf_module.forget_kept("broken")
    assert errors
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf_module._log(errors)
    assert caplog.records and caplog.records[0].getMessage() == errors[0]


def _section(section_id: str, cells: int = 0, chart: bool = False) -> Section:
    table = Table(caption="", columns=["a"], rows=[["1"]] * cells)
    blocks = [Chart(chart_id=section_id, title="", figure={}, data=table)] if chart else [table, Paragraph(text="text")]
    return Section(id=section_id, number=1, title=section_id, blocks=blocks)


def test_the_plan_keeps_every_chart_here_and_gives_the_worker_about_half(bundle):
    for example in ("christmas_market", "park_drug_dealing", "station_car_park"):
        report = _report(bundle, example)
        plan = plan_layout(report.sections)
        ends = plan.starts[1:] + [len(report.sections)]
        own = report.sections[plan.starts[plan.own] : ends[plan.own]]
        charts_here = sum(isinstance(block, Chart) for section in own for block in section.blocks)
        assert charts_here == len(charts_of(report)) == 5
        costs = [layout_cost_ms(section) for section in report.sections]
        share = sum(layout_cost_ms(section) for section in own) / sum(costs)
        assert 0.35 < share < 0.65, (example, plan, share)


def test_the_plan_of_small_or_chartless_reports():
    assert plan_layout([_section("only", 50)]) == LayoutPlan(starts=[0], own=0)
    # Without charts, any run of sections may stay here; the heavy ones are shared out.
    plan = plan_layout([_section("a", 400), _section("b", 10), _section("c", 400)])
    assert len(plan.starts) > 1 and plan.starts[0] == 0
    # A chart in the first section: this process starts, the worker takes what follows.
    plan = plan_layout([_section("chart", 10, chart=True), _section("b", 400), _section("c", 400)])
    assert plan.own == 0 and plan.starts[0] == 0 and len(plan.starts) == 2


def test_the_layout_cost_grows_with_cells_text_and_charts():
    assert layout_cost_ms(_section("a", 100)) > layout_cost_ms(_section("a", 10))
    assert layout_cost_ms(_section("a", 10, chart=True)) > layout_cost_ms(_section("a", 10))


def test_the_cycle_collector_is_paused_while_a_pdf_is_laid_out_and_restored_after(bundle, monkeypatch):
    import gc

    report = _report(bundle)
    seen = []
    original = pdf_module.render_document
    monkeypatch.setattr(pdf_module, "render_document", lambda *args, **kwargs: seen.append(gc.isenabled()) or original(*args, **kwargs))
    assert gc.isenabled()
    with layout_worker.claimed():  # laid out here, where the test can see it
        render_pdf(report, {})
    assert seen == [False] and gc.isenabled()


def test_nested_pauses_restore_the_collector_once_and_only_if_it_was_on():
    import gc

    with pdf_module.collector_paused():
        with pdf_module.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with pdf_module.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
