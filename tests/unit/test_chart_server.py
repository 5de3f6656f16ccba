"""Chart images come from one kaleido server per process, started once, not once per chart."""

import kaleido
import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.report import chart_images
from secu4all_ethics.report.formats import charts_of
from tests.conftest import EXAMPLES_DIR


def test_the_server_is_started_once_for_every_chart_of_several_reports(bundle, chart_server, monkeypatch):
    def refuse_second_start(*args, **kwargs):
        raise AssertionError("the chart server was started a second time")

    monkeypatch.setattr(kaleido, "start_sync_server", refuse_second_start)
    monkeypatch.setattr(chart_images, "_cache", chart_images.OrderedDict())
    drawn = 0
    for language in ("en", "de"):
        assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
        result = evaluate(assessment, bundle, language)
        report = build_report(assessment, result, bundle, result.language, Provenance(document_hash="0" * 64))
        images = chart_images.render_images(charts_of(report), "svg")
        assert all(image.startswith(b"<svg") for image in images.values())
        drawn += len(images)
    assert drawn == 10


def test_a_missing_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(chart_images, "_started", False)
    monkeypatch.setattr(chart_images, "_browser_path", lambda: None)
    with pytest.raises(chart_images.ChartImageError, match="no Chromium found"):
        chart_images.ensure_server()
