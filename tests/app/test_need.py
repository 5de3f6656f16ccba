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


def test_where_and_who_are_asked_saved_and_give_the_regime_with_its_reason(app_database):
    import datetime as dt

    from secu4all_ethics.domain.jurisdiction import Controller, Purpose, Regime

    app = open_example(app_database, lang="de")
    assert "Beide gelten" in " ".join(w.value for w in app.info)  # the example's own answers: FR, municipal police, both
    no_exception(widget_ending(app.selectbox, "jurisdiction.member_state").set_value("NL").run())
    no_exception(widget_ending(app.selectbox, "jurisdiction.controller").set_value(Controller.municipality).run())
    no_exception(widget_ending(app.radio, "jurisdiction.purpose").set_value(Purpose.criminal_law).run())
    no_exception(widget_ending(app.date_input, "jurisdiction.planned_start").set_value(dt.date(2027, 3, 1)).run())
    stored = saved_document(app_database, app)["jurisdiction"]
    assert stored == {
        "member_state": "NL",
        "region": None,
        "controller": "municipality",
        "purpose": "criminal_law",
        "planned_start": "2027-03-01",
        "regime_override": None,
        "regime_justification": "",
    }
    shown = " ".join(w.value for w in app.info)
    assert "Es gilt die DSGVO" in shown and "keine zuständige Behörde" in shown and "Niederlande" in shown
    # The Dutch police process the images: the assessors set the LED, and it applies once they say why.
    no_exception(widget_ending(app.selectbox, "jurisdiction.regime_override").set_value(Regime.led).run())
    assert any("sobald Sie den Grund angeben" in w.value for w in app.warning)
    assert saved_document(app_database, app)["jurisdiction"]["regime_override"] == "led"
    no_exception(widget_ending(app.text_area, "jurisdiction.regime_justification").set_value("Die Polizei verarbeitet die Bilder (Wet politiegegevens).").run())
    shown = " ".join(w.value for w in app.info)
    assert not app.warning
    assert "Die bewertenden Personen haben den Rechtsrahmen festgelegt: JI-Richtlinie" in shown and "Wet politiegegevens" in shown


def test_a_german_assessment_chooses_its_land_and_keeps_it_only_in_germany(app_database):
    app = open_example(app_database, name="station_car_park", lang="de")
    region = widget_ending(app.selectbox, "jurisdiction.region")
    assert region.value == "DE-NW" and region.format_func("DE-NW") == "Nordrhein-Westfalen"
    no_exception(region.set_value("DE-BY").run())
    assert saved_document(app_database, app)["jurisdiction"]["region"] == "DE-BY"
    no_exception(widget_ending(app.selectbox, "jurisdiction.member_state").set_value("FR").run())
    stored = saved_document(app_database, app)["jurisdiction"]
    assert (stored["member_state"], stored["region"]) == ("FR", None)
    assert not [w for w in app.selectbox if w.key and w.key.endswith("jurisdiction.region")]
