"""2 Options: the options in the assessment with the engine's figures, adding
from the catalogue or one's own, configurations and their effect, and the
necessity warning when no less intrusive alternative is compared."""

import yaml

from secu4all_ethics import evaluate, load_content
from secu4all_ethics.domain.assessment import Assessment
from secu4all_ethics.i18n import format_money
from secu4all_ethics.wording import word_result
from tests.app.conftest import go, new_app, no_exception, open_example, saved_document
from tests.conftest import EXAMPLES_DIR


def widget(elements, suffix):
    """The widget whose key ends with the stable field path (keys start with the assessment id)."""
    return next(element for element in elements if element.key and element.key.endswith(f":{suffix}"))


def has_widget(elements, suffix):
    return any(element.key and element.key.endswith(f":{suffix}") for element in elements)


def effect_table(app, key):
    """The effect table in the settings panel of one option."""
    panel = next(e for e in app.expander if any(c.key and f":options.{key}.configurations." in c.key for c in e.checkbox))
    return panel.dataframe[0].value


def texts(elements):
    return [element.value for element in elements]


def option(document, key):
    return next(item for item in document["options"] if item["key"] == key)


def engine_result(app_database, app, language):
    document = saved_document(app_database, app)
    return word_result(evaluate(Assessment.model_validate(document), load_content(), with_acceptability=False), load_content(), language)


def test_the_options_are_listed_with_kind_intrusiveness_and_the_engines_yearly_cost(app_database):
    app = open_example(app_database, page="options")
    assert app.title[0].value == "2 Options"
    assert "Options in this assessment (8)" in texts(app.header)
    result = engine_result(app_database, app, "en")
    markdown = texts(app.markdown)
    cctv = next(item for item in result.options if item.key == "fixed_cctv")
    cctv_badges = next(text for text in markdown if "Intrusiveness 3/5" in text and "Technology" in text)
    assert format_money(cctv.cost.yearly_total_eur, "en") + " a year" in cctv_badges
    assert any("Less intrusive alternative" in text and "Intrusiveness 1/5" in text for text in markdown)
    assert any("Status quo" in text for text in markdown)
    # the alternatives are compared: a confirmation, no warning
    assert not app.warning
    assert any("Less intrusive alternatives compared" in text and "Improved or adaptive street lighting" in text for text in texts(app.success))


def test_the_catalogue_is_filtered_by_function_intrusiveness_and_kind_and_an_option_is_added(app_database):
    app = open_example(app_database, page="options")
    widget(app.multiselect, "options.filter.functions").set_value(["crowd_safety"]).run()
    widget(app.slider, "options.filter.intrusiveness").set_value(2).run()
    no_exception(app)
    choice = widget(app.selectbox, "options.add.choice")
    # options already in the assessment (drones, video analytics, do nothing) are not offered again
    assert choice.options == [
        "Event crowd management and manual counting · Less intrusive alternative · intrusiveness 1/5 · €67,000 a year",
        "Hostile-vehicle-mitigation street furniture · Less intrusive alternative · intrusiveness 1/5 · €59,000 a year",
        "Anonymous crowd counting at the edge · Technology · intrusiveness 2/5 · €30,667 a year",
    ]
    assert any("Options matching the filters: 3." in caption for caption in texts(app.caption))
    widget(app.multiselect, "options.filter.kinds").set_value(["technology"]).run()
    choice = widget(app.selectbox, "options.add.choice")
    assert choice.value == "crowd_counting_edge" and len(choice.options) == 1
    no_exception(widget(app.button, "options.add.button").click().run())
    added = option(saved_document(app_database, app), "crowd_counting_edge")
    assert added["catalogue_id"] == "crowd_counting_edge"
    assert added["gate_answers"] == {} and added["configurations"] == []
    assert any("Added: Anonymous crowd counting at the edge" in text for text in texts(app.success))
    assert "Options in this assessment (9)" in texts(app.header)
    assert any("All changes saved (version 2)" in caption for caption in texts(app.caption))


def test_an_option_is_removed_and_its_necessity_note_is_saved_in_french(app_database):
    app = open_example(app_database, page="options", lang="fr")
    assert app.title[0].value == "2 Options"
    assert "Options de cette évaluation (8)" in texts(app.header)
    note = widget(app.text_area, "options.fixed_cctv.necessity_note")
    assert note.label == "Pourquoi retenir ou écarter cette option\u00a0?"
    note.set_value("Écartée en première étape : l'éclairage et la médiation d'abord.").run()
    no_exception(app)
    assert option(saved_document(app_database, app), "fixed_cctv")["necessity_note"].startswith("Écartée en première étape")
    no_exception(widget(app.button, "options.drones:remove").click().run())
    document = saved_document(app_database, app)
    assert "drones" not in [item["key"] for item in document["options"]]
    assert not has_widget(app.button, "options.drones:remove")
    assert "Options de cette évaluation (7)" in texts(app.header)
    # a removed option comes back in the catalogue list
    widget(app.multiselect, "options.filter.kinds").set_value(["technology"]).run()
    choice = widget(app.selectbox, "options.add.choice")
    assert any(label.startswith("Drones équipés de caméras") for label in choice.options)
    choice.set_value("drones").run()
    assert widget(app.selectbox, "options.add.choice").value == "drones"


def test_configurations_are_saved_and_their_effect_comes_from_the_engine(app_database):
    app = open_example(app_database, page="options")
    # fixed_cctv starts with 72-hour retention and privacy masking
    retention = widget(app.radio, "options.fixed_cctv.group.retention")
    assert retention.value == "retention_72h"
    assert retention.options == ["None of these", "Automatic deletion after 72 hours"]
    retention.set_value("").run()
    no_exception(app)
    assert option(saved_document(app_database, app), "fixed_cctv")["configurations"] == ["privacy_masking"]
    widget(app.checkbox, "options.fixed_cctv.configurations.published_register").check().run()
    no_exception(app)
    assert option(saved_document(app_database, app), "fixed_cctv")["configurations"] == ["privacy_masking", "published_register"]
    widget(app.radio, "options.fixed_cctv.group.retention").set_value("retention_72h").run()
    assert option(saved_document(app_database, app), "fixed_cctv")["configurations"] == [
        "privacy_masking",
        "published_register",
        "retention_72h",
    ]
    # the effect table shows the engine's base and configured values, only where they differ
    cctv = next(item for item in engine_result(app_database, app, "en").options if item.key == "fixed_cctv")
    table = effect_table(app, "fixed_cctv")
    rows = {row["Criterion"]: row for row in table.to_dict("records")}
    assert set(rows) == {
        "Transparency and oversight",
        "Public acceptance and reassurance",
        "Freedom from chilling effects",
        "Purpose limitation and reversibility",
        "Operational reliability",
    }
    # 72-hour retention still records everyone present: no privacy change (its anchor, correction 9)
    creep = cctv.criteria["function_creep"]
    assert rows["Purpose limitation and reversibility"]["Without settings"] == f"{creep.base:.0f}"
    assert rows["Purpose limitation and reversibility"]["With the chosen settings"] == f"{creep.configured:.0f}"
    assert rows["Operational reliability"]["Change"] == "−1"
    # A safeguard's gain reads as one (issue #15 point 10): a higher level of every criterion is better.
    assert rows["Freedom from chilling effects"]["Change"] == "+1"
    # the register adds €2,000 a year of running cost, as the engine computes it
    assert f"Yearly cost of ownership: {format_money(cctv.cost.yearly_total_eur, 'en')} (without the chosen settings: €72,000)." in texts(app.markdown)
    assert cctv.cost.yearly_total_eur == 74000
    assert any("Settings and safeguards (chosen: 3 of 4)" in expander.label for expander in app.expander)


def test_the_effect_is_shown_in_german_with_the_criteria_names_of_the_framework(app_database):
    app = open_example(app_database, page="options", lang="de")
    widget(app.checkbox, "options.fixed_cctv.configurations.privacy_masking").uncheck().run()
    no_exception(app)
    assert option(saved_document(app_database, app), "fixed_cctv")["configurations"] == ["retention_72h"]
    table = effect_table(app, "fixed_cctv")
    assert list(table.columns) == ["Kriterium", "Ohne Einstellungen", "Mit den gewählten Einstellungen", "Änderung"]
    assert "Schutz der Grundfreiheiten vor Abschreckung" not in set(table["Kriterium"])
    assert "Zweckbindung und Rückbaubarkeit" in set(table["Kriterium"])
    assert any("Änderung der Bewertungen:" in text for text in texts(app.markdown))


def test_without_an_alternative_a_warning_a_recorded_reason_and_a_one_click_alternative(app_database):
    app = open_example(app_database, name="blank", page="options", lang="it")
    no_exception(app)
    assert any("Non è ancora confrontata alcuna alternativa meno invasiva" in text for text in texts(app.warning))
    assert any("Nessuna opzione per ora" in text for text in texts(app.info))
    for tech_id in ("improved_lighting", "cpted_place_management", "guardians_stewards", "do_nothing"):
        assert has_widget(app.button, f"options.quick.{tech_id}")
    widget(app.text_area, "alternatives_justification").set_value("Illuminazione già rinnovata nel 2024, senza effetto.").run()
    no_exception(app)
    assert saved_document(app_database, app)["alternatives_justification"] == "Illuminazione già rinnovata nel 2024, senza effetto."
    assert any("La motivazione è registrata" in caption for caption in texts(app.caption))
    no_exception(widget(app.button, "options.quick.improved_lighting").click().run())
    document = saved_document(app_database, app)
    assert [item["key"] for item in document["options"]] == ["improved_lighting"]
    assert not app.warning
    assert any("Alternative meno invasive confrontate" in text for text in texts(app.success))


def test_the_warning_in_english_names_the_edps_necessity_test(app_database):
    app = open_example(app_database, name="blank", page="options")
    warning = app.warning[0].value
    assert "No less intrusive alternative is compared yet" in warning and "European Data Protection Supervisor" in warning
    no_exception(widget(app.button, "options.quick.do_nothing").click().run())
    assert option(saved_document(app_database, app), "do_nothing")["catalogue_id"] == "do_nothing"
    assert not app.warning


def fill_custom(app, **values):
    for name, value in values.items():
        for elements in (app.text_input, app.text_area, app.selectbox, app.slider, app.number_input, app.checkbox):
            if has_widget(elements, f"options.custom.{name}"):
                widget(elements, f"options.custom.{name}").set_value(value)
                break
        else:
            raise AssertionError(f"no custom-option field {name}")


def test_a_custom_option_is_checked_field_by_field_then_added_with_its_cost_model(app_database):
    app = open_example(app_database, page="options")
    fill_custom(app, biometric=True)
    no_exception(widget(app.button, "options.custom.add").click().run())
    errors = texts(app.error)
    assert "Name of the option: give the option a name." in errors
    assert "Personal data: biometric data, sound and location are personal data; tick this box too." in errors
    assert "What the cost covers: this field is required." in errors
    assert "Where the figures come from: this field is required." in errors
    assert len(saved_document(app_database, app)["options"]) == 8
    fill_custom(
        app,
        name="Café associatif de nuit",
        description="A youth association runs the former café in the evening.",
        kind="alternative",
        intrusiveness=1,
        biometric=False,
        capital=20000.0,
        operating=15000.0,
        staff=0.5,
        lifetime=10.0,
        scope="The café space, opened four evenings a week",
        rationale="Quote from the youth association, March 2026",
    )
    no_exception(widget(app.button, "options.custom.add").click().run())
    added = option(saved_document(app_database, app), "cafe_associatif_de_nuit")
    assert added["catalogue_id"] is None
    assert added["custom"] == {
        "name": "Café associatif de nuit",
        "description": "A youth association runs the former café in the evening.",
        "kind": "alternative",
        "intrusiveness": 1,
        "data_processed": {"personal": False, "biometric": False, "audio": False, "location": False, "capture": "none"},
    }
    cost = added["cost_model"]
    assert (cost["capital_cost_eur"], cost["yearly_operating_cost_eur"], cost["staff_fte"], cost["lifetime_years"]) == (20000, 15000, 0.5, 10)
    assert cost["evidence_grade"] == "expert_judgement"
    assert cost["scope"] == {language: "The café space, opened four evenings a week" for language in ("en", "fr", "de", "it")}
    assert set(cost["rationale"].values()) == {"Quote from the youth association, March 2026"}
    # the card shows the engine's yearly cost: 20,000 / 10 + 15,000 + 0.5 FTE
    result = engine_result(app_database, app, "en")
    custom = next(item for item in result.options if item.key == "cafe_associatif_de_nuit")
    assert any("Café associatif de nuit" in text for text in texts(app.markdown))
    assert any(format_money(custom.cost.yearly_total_eur, "en") + " a year" in text for text in texts(app.markdown))
    # the form is emptied; the same name again gets its own key
    assert widget(app.text_input, "options.custom.name").value == ""
    fill_custom(app, name="Café associatif de nuit", scope="Same", rationale="Same")
    no_exception(widget(app.button, "options.custom.add").click().run())
    assert option(saved_document(app_database, app), "cafe_associatif_de_nuit_2")["custom"]["kind"] == "technology"


def test_custom_option_errors_are_translated(app_database):
    app = open_example(app_database, page="options", lang="fr")
    fill_custom(app, name="Capteurs", audio=True, scope="Deux capteurs", rationale="Devis")
    no_exception(widget(app.button, "options.custom.add").click().run())
    assert texts(app.error) == [
        "Données personnelles\u00a0: les données biométriques, le son et la localisation sont des données personnelles\u00a0; cochez aussi cette case."
    ]
    assert len(saved_document(app_database, app)["options"]) == 8


def test_unusable_weights_show_the_engines_message_and_the_page_still_works(app_database):
    data = yaml.safe_load((EXAMPLES_DIR / "park_drug_dealing.yaml").read_text(encoding="utf-8"))
    criteria = [criterion.id for criterion in load_content().framework.criteria]
    data["weights"] = {"method": "direct", "values": {criterion: 0 for criterion in criteria}}
    app = no_exception(new_app(lang="en").run())
    app.text_input(key="who").set_value("Ada").run()
    app.file_uploader(key="import-file").upload("zero.yaml", yaml.safe_dump(data).encode(), "application/x-yaml").run()
    no_exception(app.button(key="import").click().run())
    no_exception(go(app, "options"))
    assert any(error.startswith("The effect of the options on the scores cannot be shown:") for error in texts(app.error))
    assert any("The effect cannot be shown until the problem above is solved." in caption for caption in texts(app.caption))
    no_exception(widget(app.button, "options.drones:remove").click().run())
    assert "drones" not in [item["key"] for item in saved_document(app_database, app)["options"]]
