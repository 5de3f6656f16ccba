"""A refused input is said in the user's language, naming the field as the screen labels it (issue #15
point 2): no pydantic English ("String should have at most …") inside a French or German sentence."""

import pytest

from secu4all_ethics.i18n import t
from tests.app.conftest import no_exception, open_example, saved_document


def widget_ending(widgets, suffix):
    return next(widget for widget in widgets if widget.key and widget.key.endswith(suffix))


@pytest.mark.parametrize("lang, said", [("fr", "500 caractères au plus"), ("de", "höchstens 500 Zeichen"), ("en", "at most 500 characters")])
def test_a_text_too_long_is_refused_in_the_users_language_naming_its_field(app_database, lang, said):
    app = open_example(app_database, lang=lang)
    before = saved_document(app_database, app)["need"]["place_type"]
    no_exception(widget_ending(app.text_input, "need.place_type").set_value("x" * 612).run())
    shown = " ".join(e.value for e in app.error)
    assert f"{t('need.place_type', lang)}" in shown and said in shown
    assert "612" in shown
    assert "String should" not in shown and "need.place_type" not in shown
    assert saved_document(app_database, app)["need"]["place_type"] == before  # nothing lost, nothing half-saved


def test_a_row_of_a_list_is_named_with_its_number(app_database):
    app = open_example(app_database, lang="de")
    no_exception(widget_ending(app.text_input, "need.evidence[1].source").set_value("y" * 501).run())
    shown = " ".join(e.value for e in app.error)
    assert f"{t('need.evidence_source', 'de')} (Eintrag 2): höchstens 500 Zeichen." in shown
