"""The decision page offers one download per registered report format (report/formats.py), with
the label, media type and icon the format registered."""

from secu4all_ethics.report import formats
from secu4all_ethics.report.formats import ReportFormat, register_format
from tests.app.conftest import open_example


def test_a_registered_format_gets_its_download_button(app_database, monkeypatch):
    monkeypatch.setattr(formats, "_FORMATS", dict(formats._FORMATS))
    register_format(ReportFormat("txt", "Plain text", "txt", "text/plain", binary=False, render=lambda request: b"", icon="notes"))
    app = open_example(app_database, "park_drug_dealing", page="decision")
    downloads = {b.key: b for b in app.get("download_button") if b.key.startswith("report-download-")}
    assert list(downloads) == [f"report-download-{name}" for name in ("md", "html", "pdf", "docx", "json", "txt")]
    plain = downloads["report-download-txt"].proto
    assert (plain.label, plain.icon) == ("Plain text", ":material/notes:")
    assert downloads["report-download-docx"].proto.label == "Word"
