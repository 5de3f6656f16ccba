"""A refused change is said where the user is looking, and never beside "All changes saved"
(issue #15 point 9). Every text input shows the limit a save is checked against; text refused for
its length stays in its input, with the reason right under it, until it is corrected."""

import pytest

from secu4all_ethics.domain.assessment import Assessment
from secu4all_ethics.domain.text_limits import text_limit
from secu4all_ethics.i18n import format_number, t
from tests.app.conftest import no_exception, open_example, saved_document


def widget_ending(widgets, suffix):
    return next(widget for widget in widgets if widget.key and widget.key.endswith(suffix))


def drawn_in_order(app) -> list:
    """The page's elements in the order the screen shows them, nested blocks flattened."""
    elements: list = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for index in sorted(children):
                walk(children[index])
        else:
            elements.append(node)

    walk(app.main)
    return elements


def element_after(app, widget_key_suffix: str, kind: str):
    """The first element of kind drawn after the input whose key ends with widget_key_suffix, before the next input."""
    elements = drawn_in_order(app)
    start = next(i for i, e in enumerate(elements) if (getattr(e, "key", None) or "").endswith(widget_key_suffix))
    for element in elements[start + 1 :]:
        if element.type in ("text_input", "text_area", "selectbox", "radio", "date_input", "slider", "select_slider"):
            return None
        if element.type == kind:
            return element
    return None


def saved_line(app, language):
    saved = t("save.saved", language, version=0).split("(")[0].split("0")[0].strip()
    return [caption.value for caption in app.caption if caption.value.startswith(saved)]


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_title_too_long_is_refused_under_its_input_and_the_page_says_it_is_not_saved(app_database, lang):
    app = open_example(app_database, lang=lang)
    title = saved_document(app_database, app)["title"]
    refused = "Lange Bezeichnung " * 30  # 540 characters
    no_exception(widget_ending(app.text_input, ":title").set_value(refused).run())

    under_title = element_after(app, ":title", "error")
    assert under_title is not None and t("need.assessment_title", lang) in under_title.value
    assert under_title.value.startswith(t("save.refused_here", lang, reason="").split(" ")[0])
    assert not saved_line(app, lang), "the page must not say that every change is saved"
    assert any(w.value == t("save.some_unsaved", lang, count=1, version=w.value.split()[-1].rstrip(".")) for w in app.warning)
    assert widget_ending(app.text_input, ":title").value == refused
    assert saved_document(app_database, app)["title"] == title
    assert [toast.value for toast in app.toast] == [t("save.refused_toast_field", lang)]

    no_exception(widget_ending(app.text_input, ":title").set_value("Kürzer").run())
    assert element_after(app, ":title", "error") is None
    assert saved_line(app, lang)
    assert saved_document(app_database, app)["title"] == "Kürzer"


def test_a_refusal_stays_beside_its_input_while_other_fields_save(app_database):
    app = open_example(app_database, lang="en")
    no_exception(widget_ending(app.text_input, "need.place_type").set_value("p" * 501).run())
    no_exception(widget_ending(app.text_area, "need.problem_statement").set_value("A shorter statement.").run())
    assert saved_document(app_database, app)["need"]["problem_statement"] == "A shorter statement."
    refusal = element_after(app, "need.place_type", "error")
    assert refusal is not None and "501" in refusal.value
    assert widget_ending(app.text_input, "need.place_type").value == "p" * 501
    assert not saved_line(app, "en")


@pytest.mark.parametrize("lang, shown", [("en", "Up to 300 characters."), ("fr", "300 caractères au plus."), ("de", "Höchstens 20.000 Zeichen.")])
def test_every_text_input_shows_the_limit_its_save_is_checked_against(app_database, lang, shown):
    app = open_example(app_database, lang=lang)
    captions = [c.value for c in app.caption]
    assert shown in captions
    inputs = [e for e in drawn_in_order(app) if e.type in ("text_input", "text_area") and (e.key or "").count(":") >= 2]
    assert len(inputs) >= 10
    for widget in inputs:
        if widget.disabled:
            continue
        field = widget.key.split(":", 2)[2]
        limit = text_limit(Assessment, field)
        assert limit is not None, field
        caption = element_after(app, widget.key, "caption")
        said = {t(key, lang, limit=format_number(limit, lang, 0)) for key in ("field.limit", "field.limit_lines")}
        assert caption is not None and caption.value in said, (field, caption)


def test_a_score_held_back_turns_the_saved_line_into_a_warning(app_database):
    app = open_example(app_database, page="scores")
    assert saved_line(app, "en")
    value = next(slider for slider in app.select_slider if slider.key.endswith(".value"))
    no_exception(value.set_value(1 if value.value != 1 else 2).run())
    assert any(w.value.startswith(t("scores.warning.not_saved", "en", problem="", saved="").split(".")[0]) for w in app.warning)
    assert not saved_line(app, "en")
    assert any(w.value == t("save.some_unsaved", "en", count=1, version=w.value.split()[-1].rstrip(".")) for w in app.warning)
