"""3 Legal screening: gates per option with the catalogue's hints, justifications,
the AI Act category, the DPIA screening and the obligations checklist, all
saved as they are made, with the engine's reading shown beside them."""

from functools import cache

import pytest
import yaml

from secu4all_ethics import load_content as _load_content
from secu4all_ethics.i18n import t
from tests.app.conftest import go, new_app, no_exception, open_example, saved_document
from tests.conftest import EXAMPLES_DIR

LFR = "live_facial_recognition"
load_content = cache(_load_content)  # the shipped content, read once for the names the page shows


def widget(widgets, suffix):
    """The widget whose key ends with this stable field path (keys carry the assessment id first)."""
    found = [w for w in widgets if w.key and w.key.endswith(f":screening.{suffix}")]
    assert len(found) == 1, f"{suffix}: {len(found)} widgets"
    return found[0]


def name(catalogue_id, lang="en"):
    return load_content().technologies_by_id[catalogue_id].name.get(lang)


def option_picker(app):
    found = [w for w in app.radio if w.key and w.key.endswith(":screening.option")]
    return found[0] if found else None


def tab(app, key, lang="en"):
    """An option's panel (the examples' option keys are their catalogue ids): its tab, found by
    the option's name in the page's language; or, with more options than tabs show, chosen in
    the list of options (then only its panel is drawn)."""
    picker = option_picker(app)
    if picker is None:
        return next(tab for tab in app.tabs if tab.label == name(key, lang))
    if picker.value != key:
        no_exception(picker.set_value(key).run())
    return panel_block(app.main, f"screening-option-panel-{key}")


def panel_block(block, key):
    """The container drawn with this key (AppTest names it by an id that ends with the key)."""
    from streamlit.testing.v1.element_tree import Block

    for child in block.children.values():
        if isinstance(child, Block):
            if str(getattr(child.proto, "id", "")).endswith(f"-{key}"):
                return child
            if (found := panel_block(child, key)) is not None:
                return found
    return None


def option(document, key):
    return next(o for o in document["options"] if o["key"] == key)


def texts(elements):
    return [element.value for element in elements]


def import_assessment(app_database, document, lang="en"):
    """Import an assessment file through the start page, then open the screening page."""
    app = no_exception(new_app(lang=lang).run())
    app.text_input(key="who").set_value("Ada").run()
    data = yaml.safe_dump(document, allow_unicode=True).encode("utf-8")
    app.file_uploader(key="import-file").upload("screening.yaml", data, "application/x-yaml").run()
    no_exception(app.button(key="import").click().run())
    return no_exception(go(app, "screening"))


def unscreened(**changes):
    """A market assessment whose options (CCTV, lighting) have no gate answered yet."""
    document = yaml.safe_load((EXAMPLES_DIR / "christmas_market.yaml").read_text(encoding="utf-8"))
    document["title"] = "Car park lighting or cameras"
    document["options"] = [
        {"key": "fixed_cctv", "catalogue_id": "fixed_cctv"},
        {"key": "improved_lighting", "catalogue_id": "improved_lighting"},
    ]
    # the example's decision and action plan name its own options, which this one does not have
    document.pop("decision", None)
    document.pop("action_plan", None)
    document.update(changes)
    return document


@pytest.mark.parametrize("lang", ["en", "de"])
def test_failing_the_prohibited_practice_gate_excludes_live_facial_recognition(app_database, lang):
    app = open_example(app_database, "christmas_market", page="screening", lang=lang)
    assert app.title[0].value == t("screening.title", lang)
    tab(app, LFR, lang)
    # the example fails every gate; answer them all "passes" first, so only one gate decides
    for gate in ("prohibited_practice", "lawful_basis", "absolute_right", "specified_purpose", "targeting_rules"):
        no_exception(widget(app.radio, f"{LFR}.gates.{gate}.answer").set_value("passes").run())
    lfr = tab(app, LFR, lang)
    assert not lfr.error
    assert texts(lfr.success)[0].startswith("**" + t("screening.passes_heading", lang).split("**")[1])

    no_exception(widget(app.radio, f"{LFR}.gates.prohibited_practice.answer").set_value("fails").run())
    lfr = tab(app, LFR, lang)
    excluded = texts(lfr.error)
    assert len(excluded) == 1
    prohibited = {"en": "Prohibited AI practice", "de": "Verbotene KI-Praktik"}[lang]
    message = {
        "en": "A prohibited practice under Article 5 of the AI Act. No score can compensate for this.",
        "de": "Verbotene Praktik nach Artikel 5 der KI-Verordnung. Keine Bewertung kann dies ausgleichen.",
    }[lang]
    assert t("screening.excluded_heading", lang) in excluded[0]
    assert t("screening.reason", lang, gate=prohibited, message=message) in excluded[0]
    assert "Absolute" not in excluded[0]  # only the failed gate is a reason
    assert excluded[0].count(t("screening.status.excluded", lang)) == 1  # said once, in the heading, not again in the reason
    # the legal basis of the exclusion, as citations
    basis = lfr.expander
    article5 = {"en": "Regulation (EU) 2024/1689 (Artificial Intelligence Act), Article 5", "de": "Verordnung (EU) 2024/1689 (KI-Verordnung), Artikel 5"}[lang]
    assert any(article5 in m.value for e in basis for m in e.markdown)
    # the overview says so too, and the saved document holds the answer
    overview = app.table[0].value
    row = overview[overview.iloc[:, 0] == name(LFR, lang)].iloc[0]
    assert row.iloc[1] == t("screening.status.excluded", lang)
    saved = option(saved_document(app_database, app), LFR)["gate_answers"]["prohibited_practice"]
    assert saved["answer"] == "fails" and saved["justification"].startswith("Spotting")


@pytest.mark.parametrize("lang, count_text", [("en", "**Criteria met: 4 of 9.** 2 or more"), ("fr", "**Critères remplis\u00a0: 4 sur 9.**")])
def test_a_dpia_criterion_updates_the_count_and_the_saved_document(app_database, lang, count_text):
    app = open_example(app_database, "christmas_market", page="screening", lang=lang)
    counting = "crowd_counting_edge"
    tab(app, counting, lang)
    assert option(saved_document(app_database, app), counting)["dpia_criteria"] is None  # the catalogue's hint
    box = widget(app.checkbox, f"{counting}.dpia_criteria.vulnerable_subjects")
    assert box.value is False
    assert widget(app.checkbox, f"{counting}.dpia_criteria.systematic_monitoring").value is True
    no_exception(box.check().run())
    document = option(saved_document(app_database, app), counting)
    assert document["dpia_criteria"] == ["systematic_monitoring", "large_scale", "vulnerable_subjects", "innovative_technology"]
    assert any(text.startswith(count_text) for text in texts(app.warning))
    # below the content's threshold the engine no longer lists a DPIA for this option
    for criterion in ("systematic_monitoring", "large_scale", "vulnerable_subjects"):
        no_exception(widget(app.checkbox, f"{counting}.dpia_criteria.{criterion}").uncheck().run())
    assert option(saved_document(app_database, app), counting)["dpia_criteria"] == ["innovative_technology"]
    one = t("screening.dpia.count_only", lang, count=1, total=9)
    assert any(text.startswith(one) and t("screening.dpia.not_required", lang) in text for text in texts(app.success))
    dpia = load_content().obligations["dpia"].name.get(lang)
    headings = [m.value for m in tab(app, counting, lang).markdown]
    assert f"**{dpia}**" not in headings
    assert f"**{load_content().obligations['signage_information'].name.get(lang)}**" in headings


def test_a_justification_is_saved_with_its_answer(app_database):
    app = open_example(app_database, "christmas_market", page="screening")
    area = widget(app.text_area, "hvm_street_furniture.gates.specified_purpose.justification")
    assert area.value.startswith("The barriers follow")
    no_exception(area.set_value("  Written purpose: stop vehicle attacks; threat analysis of 12 May.  ").run())
    saved = option(saved_document(app_database, app), "hvm_street_furniture")["gate_answers"]["specified_purpose"]
    assert saved == {"answer": "passes", "justification": "Written purpose: stop vehicle attacks; threat analysis of 12 May."}
    assert any("All changes saved (version 2)" in c.value for c in app.caption)


def test_hints_are_prefilled_and_answers_need_a_justification(app_database):
    app = import_assessment(app_database, unscreened())
    # a passes / not_applicable hint preselects the answer; "depends" leaves the choice open
    assert widget(app.radio, "fixed_cctv.gates.prohibited_practice.answer").value == "not_applicable"
    assert widget(app.radio, "fixed_cctv.gates.absolute_right.answer").value == "passes"
    assert widget(app.radio, "fixed_cctv.gates.lawful_basis.answer").value is None
    cctv = tab(app, "fixed_cctv")
    assert any(t("screening.hint_depends", "en") in info.value for info in cctv.info)
    # the engine counts the "depends" gates as unanswered, and says which
    status = texts(cctv.warning)[0]
    assert status.startswith("**Not fully screened yet.**")
    assert "Lawful basis and competence, Specified purpose and documented need" in status

    # a justification without an answer waits for one
    area = widget(app.text_area, "fixed_cctv.gates.lawful_basis.justification")
    no_exception(area.set_value("Municipal police powers under the national video-protection law.").run())
    assert any(t("screening.flag.choose_answer", "en") in w.value for w in app.warning)
    assert option(saved_document(app_database, app), "fixed_cctv")["gate_answers"] == {}
    no_exception(widget(app.radio, "fixed_cctv.gates.lawful_basis.answer").set_value("passes").run())
    assert option(saved_document(app_database, app), "fixed_cctv")["gate_answers"] == {
        "lawful_basis": {"answer": "passes", "justification": "Municipal police powers under the national video-protection law."}
    }

    # an answer without a justification is flagged
    no_exception(widget(app.radio, "fixed_cctv.gates.specified_purpose.answer").set_value("passes").run())
    assert option(saved_document(app_database, app), "fixed_cctv")["gate_answers"]["specified_purpose"] == {"answer": "passes", "justification": ""}
    cctv = tab(app, "fixed_cctv")
    assert t("screening.flag.no_justification", "en") in texts(cctv.warning)
    assert t("screening.missing_justifications", "en", count=1) in texts(cctv.warning)
    assert texts(cctv.success)[0].startswith("**Passes the legal gates.**")
    assert t("screening.from_catalogue", "en", count=3) in texts(cctv.caption)


def test_a_too_long_justification_is_refused_naming_the_field(app_database):
    app = import_assessment(app_database, unscreened(), lang="it")
    area = widget(app.text_area, "fixed_cctv.gates.absolute_right.justification")
    no_exception(area.set_value("x" * 20_001).run())
    refused = [e.value for e in app.error]
    assert any(e.startswith("Motivazione di «Diritti assoluti e contenuto essenziale» per ") and "20.000" in e for e in refused), refused
    assert option(saved_document(app_database, app), "fixed_cctv")["gate_answers"] == {}


def test_the_ai_act_category_is_saved_and_the_engine_adds_its_obligations(app_database):
    app = import_assessment(app_database, unscreened())
    category = widget(app.selectbox, "fixed_cctv.ai_act_category")
    assert category.value == "not_ai"  # the catalogue's hint
    cctv = tab(app, "fixed_cctv")
    headings = [m.value for m in cctv.markdown]
    assert "**Fundamental rights impact assessment (FRIA)**" not in headings
    no_exception(category.set_value("high_risk").run())
    assert option(saved_document(app_database, app), "fixed_cctv")["ai_act_category"] == "high_risk"
    headings = [m.value for m in tab(app, "fixed_cctv").markdown]
    assert any(h.startswith("**Fundamental rights impact assessment") for h in headings), headings
    assert any("AI Act category: High-risk AI system" in c.value for c in tab(app, "fixed_cctv").caption)


def test_obligation_progress_is_recorded(app_database):
    app = import_assessment(app_database, unscreened(), lang="fr")
    status = widget(app.selectbox, "fixed_cctv.obligation_progress.signage_information.status")
    assert status.value == "to_do"
    no_exception(status.set_value("done").run())
    no_exception(widget(app.text_input, "fixed_cctv.obligation_progress.signage_information.note").set_value("Panneaux posés le 3 mars").run())
    assert option(saved_document(app_database, app), "fixed_cctv")["obligation_progress"] == {
        "signage_information": {"status": "done", "note": "Panneaux posés le 3 mars"}
    }
    cctv = tab(app, "fixed_cctv", "fr")
    assert any(m.value.startswith("Obligations remplies ou sans objet\u00a0: **1 sur ") for m in cctv.markdown)
    # "not applicable" without a reason asks for one
    no_exception(widget(app.selectbox, "fixed_cctv.obligation_progress.national_authorisation.status").set_value("not_applicable").run())
    assert t("screening.obligation.na_needs_note", "fr") in texts(tab(app, "fixed_cctv", "fr").warning)


def test_unusable_weights_still_show_the_screening(app_database):
    zero = {"method": "direct", "values": {criterion: 0 for criterion in load_content().criterion_ids}}
    app = import_assessment(app_database, unscreened(weights=zero))
    errors = texts(app.error)
    assert any(e.startswith("The weights cannot be used") for e in errors), errors
    # the screening does not depend on the weights: statuses and obligations are still there
    cctv = tab(app, "fixed_cctv")
    assert texts(cctv.warning)[0].startswith("**Not fully screened yet.**")
    assert any(m.value == "**Signage and information for the public**" for m in cctv.markdown)


def test_an_option_outside_the_catalogue_starts_with_nothing_preselected(app_database):
    custom = {
        "key": "door_buzzers",
        "custom": {
            "name": "Door buzzers at the stairwells",
            "intrusiveness": 2,
            "data_processed": {"personal": True, "biometric": False, "audio": True, "location": False},
        },
        "cost_model": {
            "capital_cost_eur": 8000,
            "yearly_operating_cost_eur": 500,
            "staff_fte": 0,
            "lifetime_years": 10,
            "scope": {lang: "Six stairwells" for lang in ("en", "fr", "de", "it")},
            "evidence_grade": "expert_judgement",
            "rationale": {lang: "Quote from the building services" for lang in ("en", "fr", "de", "it")},
        },
    }
    app = import_assessment(app_database, unscreened(options=[custom]))
    assert all(
        widget(app.radio, f"door_buzzers.gates.{gate}.answer").value is None
        for gate in ("prohibited_practice", "lawful_basis", "absolute_right", "specified_purpose", "targeting_rules")
    )
    assert widget(app.selectbox, "door_buzzers.ai_act_category").value is None
    assert not any(box.value for box in app.checkbox)
    assert texts(app.warning)[0].startswith("**Not fully screened yet.**")
    no_exception(widget(app.selectbox, "door_buzzers.ai_act_category").set_value("not_ai").run())
    assert option(saved_document(app_database, app), "door_buzzers")["ai_act_category"] == "not_ai"
    # the engine still lists the duty that personal data brings
    assert "**Signage and information for the public**" in [m.value for m in app.tabs[0].markdown]


def test_setting_aside_a_catalogue_fails_needs_reasons_and_is_flagged(app_database):
    app = open_example(app_database, "christmas_market", page="screening")
    tab(app, LFR)
    justification = widget(app.text_area, f"{LFR}.gates.prohibited_practice.justification")
    no_exception(justification.set_value("").run())
    no_exception(widget(app.radio, f"{LFR}.gates.prohibited_practice.answer").set_value("passes").run())
    saved = option(saved_document(app_database, app), LFR)["gate_answers"]["prohibited_practice"]
    assert saved == {"answer": "passes", "justification": ""}
    lfr = tab(app, LFR)
    assert t("screening.flag.override_needs_justification", "en") in texts(lfr.error)
    no_exception(widget(app.text_area, f"{LFR}.gates.prohibited_practice.justification").set_value("Court order for one search.").run())
    lfr = tab(app, LFR)
    assert t("screening.flag.override_needs_justification", "en") not in texts(lfr.error)
    assert t("screening.flag.override_justified", "en") in texts(lfr.warning)
    # answers the catalogue agrees with are no override
    assert t("screening.flag.override_justified", "en") not in texts(tab(app, "hvm_street_furniture").warning)


def test_the_screening_says_which_regime_applies_and_lists_the_own_countrys_provisions(app_database):
    from secu4all_ethics import load_content

    app = open_example(app_database, "station_car_park", page="screening", lang="de")
    assert any("Es gilt die DSGVO" in info.value for info in app.info)
    expander = next(e for e in app.expander if e.label == "Nationale Regeln: Deutschland")
    shown = " ".join(m.value for m in expander.markdown)
    german = load_content().jurisdictions_by_state["DE"]
    assert sum(provision.title.de in shown for provision in german.provisions) >= 3
    assert "Gemeentewet" not in shown and "sécurité intérieure" not in shown


def gate_card_texts(block):
    """Every markdown and caption text drawn in a block, and those drawn inside its expanders."""
    shown = texts(block.markdown) + texts(block.caption)
    folded = [text for expander in block.expander for text in texts(expander.markdown) + texts(expander.caption)]
    return shown, folded


def test_a_catalogue_answer_is_prefilled_to_confirm_and_counts_once_confirmed(app_database):
    app = import_assessment(app_database, unscreened())
    confirm_label = t("screening.gate.confirm", "en")
    # prefilled with the catalogue's answer, marked "to confirm", and not the assessors' answer yet
    assert widget(app.radio, "fixed_cctv.gates.absolute_right.answer").value == "passes"
    confirm = widget(app.button, "fixed_cctv.gates.absolute_right.confirm")
    assert confirm.label == confirm_label
    cctv = tab(app, "fixed_cctv")
    # every catalogue answer but "depends", which leaves the choice open
    answered = [h.gate for h in load_content().technologies_by_id["fixed_cctv"].gate_hints if h.answer != "depends"]
    assert "absolute_right" in answered and "lawful_basis" not in answered
    badges = [text for text in texts(cctv.markdown) if t("screening.gate.to_confirm", "en") in text]
    assert len(badges) == len(answered)
    assert texts(cctv.caption).count(":material/info: " + t("screening.flag.unconfirmed", "en")) == len(answered)
    assert option(saved_document(app_database, app), "fixed_cctv")["gate_answers"] == {}
    assert not [b for b in app.button if b.key and b.key.endswith(":screening.fixed_cctv.gates.lawful_basis.confirm")]

    no_exception(confirm.click().run())
    assert option(saved_document(app_database, app), "fixed_cctv")["gate_answers"] == {"absolute_right": {"answer": "passes", "justification": ""}}
    assert not [b for b in app.button if b.key and b.key.endswith(":screening.fixed_cctv.gates.absolute_right.confirm")]
    cctv = tab(app, "fixed_cctv")
    assert len([text for text in texts(cctv.markdown) if t("screening.gate.to_confirm", "en") in text]) == len(answered) - 1
    assert t("screening.flag.no_justification", "en") in texts(cctv.warning)  # the assessors' answer now, still to justify
    assert t("screening.from_catalogue", "en", count=len(answered) - 1) in texts(cctv.caption)


def test_sources_and_explanations_are_folded(app_database):
    app = import_assessment(app_database, unscreened())
    cctv = tab(app, "fixed_cctv")
    hint = next(h for h in load_content().technologies_by_id["fixed_cctv"].gate_hints if h.gate == "absolute_right")
    citation = load_content().references_by_id[hint.references[0]].citation_in("en").replace("[", "\\[").replace("]", "\\]")
    shown, folded = gate_card_texts(cctv)
    assert any(citation in text for text in folded)
    assert not any(citation in text for text in shown if text not in folded), "a source is shown unfolded"
    labels = {t("screening.sources_heading", "en"), t("screening.gate_explanation", "en")}
    folding = [expander for expander in cctv.expander if expander.label in labels]
    assert len(folding) >= 5 + 3  # every gate's explanation and every hint's sources
    assert not any(expander.proto.expanded for expander in folding)
    explanation = load_content().legal.gates[0].explanation.get("en")
    assert explanation in folded and explanation not in [text for text in shown if text not in folded]


def test_more_than_four_options_are_listed_one_below_the_other(app_database):
    app = open_example(app_database, "christmas_market", page="screening", lang="de")
    keys = [o["key"] for o in saved_document(app_database, app)["options"]]
    assert len(keys) == 7
    picker = option_picker(app)
    assert picker is not None and not app.tabs
    assert picker.label == t("screening.option_list", "de")
    names = [load_content().technologies_by_id[key].name.get("de") for key in keys]
    assert picker.options == names  # every title, each on a line of its own
    assert picker.proto.horizontal is False
    # only the chosen option is drawn
    assert widget(app.radio, f"{keys[0]}.gates.lawful_basis.answer")
    assert not [w for w in app.radio if w.key and f":screening.{LFR}." in w.key]
    lfr = tab(app, LFR, "de")
    assert lfr is not None
    assert widget(app.radio, f"{LFR}.gates.lawful_basis.answer")
    assert not [w for w in app.radio if w.key and f":screening.{keys[0]}." in w.key]


def test_up_to_four_options_keep_their_tabs(app_database):
    app = import_assessment(app_database, unscreened())
    assert option_picker(app) is None
    assert [tab.label for tab in app.tabs] == [name("fixed_cctv"), name("improved_lighting")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_dpia_obligation_links_to_the_page_where_the_dpia_is_worked_through(app_database, lang):
    """The screening says "DPIA required"; the card now leads to page 3b, where it is done (issue #15 point 17)."""
    app = open_example(app_database, name="park_drug_dealing", page="screening", lang=lang)
    label = t("screening.obligation.open_dpia", lang, page=t("nav.dpia", lang))
    assert not [link for link in app.get("page_link") if link.proto.label == label]  # street lighting needs no DPIA
    no_exception(option_picker(app).set_value("fixed_cctv").run())
    links = [link for link in app.get("page_link") if link.proto.label == label]
    # One per DPIA obligation (the GDPR and the police directive both apply to the park).
    assert links and all(link.proto.page == "dpia" for link in links)
