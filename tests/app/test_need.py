"""1 Need and context: lists of evidence and objectives keep their rows in step with the document."""

from tests.app.conftest import no_exception, open_example, saved_document


def widget_ending(widgets, suffix):
    return next(widget for widget in widgets if widget.key and widget.key.endswith(suffix))


def test_removing_a_row_shows_the_next_rows_text_in_its_place(app_database):
    app = open_example(app_database)
    evidence = saved_document(app_database, app)["need"]["evidence"]
    assert len(evidence) >= 2
    assert widget_ending(app.text_input, "need.evidence[0].description").value == evidence[0]["description"]
    no_exception(widget_ending(app.button, "need.evidence[0]:remove").click().run())
    stored = saved_document(app_database, app)["need"]["evidence"]
    assert [e["description"] for e in stored] == [e["description"] for e in evidence[1:]]
    assert widget_ending(app.text_input, "need.evidence[0].description").value == evidence[1]["description"]
    assert widget_ending(app.text_input, "need.evidence[0].source").value == evidence[1]["source"]
