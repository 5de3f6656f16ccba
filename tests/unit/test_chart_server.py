"""Chart images come from one kaleido server per process, started once, not once per chart."""

import asyncio
import re
import subprocess
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import kaleido
import pytest
from weasyprint.urls import FatalURLFetchingError

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.report import Provenance, build_report, chart_images
from secu4all_ethics.report.formats import charts_of
from secu4all_ethics.report.model import Chart, Table
from secu4all_ethics.report.pdf import render_pdf
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR, require_command


def test_the_server_is_started_once_for_every_chart_of_several_reports(bundle, chart_server, monkeypatch):
    def refuse_second_start(*args, **kwargs):
        raise AssertionError("the chart server was started a second time")

    monkeypatch.setattr(chart_images, "_ChartServer", refuse_second_start)
    monkeypatch.setattr(chart_images, "_cache", chart_images.OrderedDict())
    drawn, expected = 0, 0
    for language in ("en", "de"):
        assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
        result = word_result(evaluate(assessment, bundle), bundle, language)
        report = build_report(assessment, result, bundle, result.language, Provenance(document_hash="0" * 64))
        images = chart_images.render_images(charts_of(report), "svg")
        assert all(image.startswith(b"<svg") for image in images.values())
        drawn += len(images)
        expected += len(charts_of(report))
    assert drawn == expected >= 10


def test_a_missing_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(chart_images, "_server", None)
    monkeypatch.setattr(chart_images, "_browser_path", lambda: None)
    with pytest.raises(chart_images.ChartImageError, match="no Chromium found"):
        chart_images.ensure_server()


def _report(bundle, language="en"):
    assessment = load_assessment(EXAMPLES_DIR / "christmas_market.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, language)
    return build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))


def _pdf_images(pdf: bytes, folder) -> list[str]:
    require_command("pdfimages")
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True).stdout
    return listing.splitlines()[2:]


class WatchedFuture(Future):
    def __init__(self):
        super().__init__()
        self.fetched = False

    def result(self, timeout=None):
        self.fetched = True
        return super().result(timeout)


def test_the_pdf_waits_for_charts_that_are_still_being_drawn(bundle, chart_server, tmp_path):
    report = _report(bundle)
    charts = charts_of(report)
    drawn = chart_images.render_images(charts, "svg")
    pending = {chart_id: WatchedFuture() for chart_id in drawn}

    def finish_later():
        for chart_id, image in drawn.items():
            time.sleep(0.05)
            pending[chart_id].set_result(image)

    threading.Thread(target=finish_later).start()
    pdf = render_pdf(report, pending)
    assert len(pending) == len(charts) and all(future.fetched for future in pending.values())  # every chart is in the PDF
    # The heat map's cells are a raster inside its SVG: the only picture in the report.
    assert len(_pdf_images(pdf, tmp_path)) >= 1
    assert _pdf_images(render_pdf(report, {}), tmp_path) == []


def test_a_chart_that_fails_stops_the_pdf_instead_of_leaving_a_gap(bundle, monkeypatch):
    monkeypatch.setattr("secu4all_ethics.report.pdf.CHART_WAIT_SECONDS", 1)  # were the PDF to go on, it would not wait long
    report = _report(bundle)
    first, *others = charts_of(report)
    failed = Future()
    failed.set_exception(RuntimeError("the browser went away"))
    never_started = {chart.chart_id: Future() for chart in others}
    with pytest.raises(chart_images.ChartImageError, match=f"{first.chart_id}.*the browser went away"):
        render_pdf(report, {first.chart_id: failed, **never_started})
    # The drawings still waiting are dropped with the PDF.
    assert all(future.cancelled() for future in never_started.values())


def test_the_pdf_fetches_nothing_but_its_own_charts(tmp_path):
    from secu4all_ethics.report.layout_worker import report_fetcher

    secret = tmp_path / "secret.txt"
    secret.write_text("not for the report")
    fetcher = report_fetcher("chart-image", {"weights": b"<svg/>"}.__getitem__)
    assert fetcher.fetch("chart-image:weights").read() == b"<svg/>"
    for address in (secret.as_uri(), "http://127.0.0.1:9/x.png", "https://example.org/x.svg"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(address)
    with pytest.raises(FatalURLFetchingError, match="no-such-chart"):
        fetcher.fetch("chart-image:no-such-chart")


def _titled_chart(title: str) -> Chart:
    figure = {"data": [{"type": "bar", "x": [1, 2], "y": [1, 2]}], "layout": {"title": {"text": title}}}
    return Chart(chart_id=title, title=title, figure=figure, width=300, height=200, data=Table(caption=title, columns=[], rows=[]))


def test_charts_drawn_from_several_threads_come_back_to_their_own_caller(chart_server):
    # kaleido's own sync server swapped the answers of concurrent calls; each drawing now has its own future.
    swapped = []

    def draw(prefix):
        for number in range(6):
            title = f"{prefix}{number}"
            if f">{title}<" not in chart_images._draw(_titled_chart(title), "svg", 1.0).decode():
                swapped.append(title)

    threads = [threading.Thread(target=draw, args=(prefix,)) for prefix in ("alpha", "omega")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert swapped == []


def test_the_browser_tab_is_reloaded_only_after_a_failure_or_every_so_many_drawings(chart_server):
    # Reloading parses plotly.js again; kaleido does it after every drawing unless told otherwise.
    browser = chart_images.ensure_server().kaleido
    assert hasattr(kaleido.Kaleido, "_return_kaleido_tab"), "kaleido renamed the hook that saves the reloads"

    def fail_once():
        with pytest.raises(chart_images.ChartImageError, match="broken.*non-array figure data"):
            chart_images._draw(
                Chart(chart_id="broken", title="broken", figure={"data": 5, "layout": {}}, width=100, height=100, data=Table(caption="", columns=[], rows=[])),
                "svg",
                1.0,
            )

    # The server is shared by the whole session: the drawings other tests made count towards the next
    # periodic reload (it came during the steady drawings after the chart-label tests). A failure
    # reloads and starts the count again, so the test starts from a known count.
    fail_once()
    reloads = browser.reloads
    for number in range(3):
        assert b">steady" in chart_images._draw(_titled_chart(f"steady{number}"), "svg", 1.0)
    assert browser.reloads == reloads
    fail_once()
    assert browser.reloads == reloads + 1
    assert b">after the failure<" in chart_images._draw(_titled_chart("after the failure"), "svg", 1.0)
    for number in range(chart_images.RELOAD_EVERY):
        chart_images._draw(_titled_chart(f"many{number}"), "svg", 1.0)
    assert browser.reloads == reloads + 2


def test_a_reloaded_tab_without_the_drawing_scripts_is_loaded_again_before_the_next_drawing(chart_server, monkeypatch):
    """Under load a PDF download failed with "ReferenceError: kaleido_scopes is not defined": kaleido
    drew in a JavaScript context that did not have its scripts. Here the reload leaves the tab
    pointing at such a context (an isolated world of the same page): the next drawing must work."""
    from kaleido._kaleido_tab._tab import _KaleidoTab

    reload = _KaleidoTab.reload

    async def reload_into_a_context_without_scripts(tab):
        await reload(tab)
        # The id of a context the page does not have, as kaleido kept one from before the reload.
        # (An isolated world of the page served too, until the CI machine's load made the page
        # after it take more than TAB_LOAD_SECONDS to load: a setup of the test, not of the app.)
        tab._current_js_id = 987654

    monkeypatch.setattr(_KaleidoTab, "reload", reload_into_a_context_without_scripts)
    browser = chart_images.ensure_server().kaleido
    browser.drawings_since_reload = chart_images.RELOAD_EVERY - 1  # the next drawing reloads the tab after it
    reloaded_again = browser.reloaded_again
    assert b">before the reload<" in chart_images._draw(_titled_chart("before the reload"), "svg", 1.0)
    assert browser.reloaded_again == reloaded_again + 1
    assert b">after the reload<" in chart_images._draw(_titled_chart("after the reload"), "svg", 1.0)


def test_the_drawing_page_loads_nothing_from_the_network(chart_server):
    """kaleido's page loaded MathJax from a CDN: with no network every load of the tab waited on that
    request, usually briefly, about one load in fifteen for the resolver's 5 s, and on the CI machine
    for longer than a drawing may take, which left the server without its tab for the rest of the run.
    A server should not call the internet to draw a local authority's chart either."""
    page = Path(url2pathname(urlparse(chart_images.ensure_server().kaleido._index).path)).read_text()
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)
    assert sources and all(source.startswith("file://") for source in sources), sources


def test_a_dollar_label_is_drawn_as_written(chart_server):
    # Without MathJax plotly keeps text between dollars as it is, as the assessor wrote it.
    assert b">cost $5 to $10<" in chart_images._draw(_titled_chart("cost $5 to $10"), "svg", 1.0)
    assert b">$x$<" in chart_images._draw(_titled_chart("$x$"), "svg", 1.0)


def test_a_tab_that_does_not_load_again_costs_one_chart_not_every_later_one(chart_server, monkeypatch):
    """A reload that never finished kept the only tab out of the queue: every later drawing in that
    process waited its full time for it (four reports in one CI run). The server is now replaced."""
    from kaleido._kaleido_tab._tab import _KaleidoTab

    async def reload_that_never_finishes(tab):
        await asyncio.Event().wait()

    monkeypatch.setattr(_KaleidoTab, "reload", reload_that_never_finishes)
    monkeypatch.setattr(chart_images, "TAB_LOAD_SECONDS", 1)
    stuck = chart_images.ensure_server()
    stuck.kaleido.drawings_since_reload = chart_images.RELOAD_EVERY - 1
    started = time.monotonic()
    # The drawing made before the reload is kept; the server that lost its tab is not used again.
    assert b">stuck<" in chart_images._draw(_titled_chart("stuck"), "svg", 1.0)
    assert time.monotonic() - started < 20
    assert stuck.kaleido.broken and "did not load again within 1 s (at: reload)" in stuck.kaleido.broken_because
    assert b">next<" in chart_images._draw(_titled_chart("next"), "svg", 1.0)
    assert chart_images.ensure_server() is not stuck
