"""Library: criteria, legal rules, technologies and references, browsable
without a name and without an open assessment."""

import pytest

from secu4all_ethics.engine.cost import cost_band_score, yearly_cost
from secu4all_ethics.i18n import format_date, format_money, t
from tests.app.conftest import go, new_app, no_exception, open_example, saved_document


def library(lang):
    """The library page in a fresh session: nobody named, nothing open."""
    app = no_exception(new_app(lang=lang).run())
    return no_exception(go(app, "library"))


def widget(elements, field):
    return next(element for element in elements if element.key and element.key.endswith(f":{field}"))


def texts(app):
    """Everything written on the page as text, markdown escapes removed."""
    elements = [*app.markdown, *app.caption, *app.info, *app.warning, *app.error, *app.header]
    return "\n".join(str(element.value) for element in elements).replace("\\", "")


def frame_with(app, column):
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_library_opens_without_a_name_or_an_assessment(app_database, bundle, lang):
    app = library(lang)
    assert app.title[0].value == t("library.title", lang)
    assert not app.query_params.get("a")
    assert not [info for info in app.info if info.value == t("identity.needed", lang)]
    assert not [info for info in app.info if info.value == t("assessment.none_open", lang)]
    framework = bundle.framework
    page = texts(app)
    assert framework.name.get(lang) in page
    assert f"{framework.version}" in page and format_date(framework.valid_as_of, lang) in page
    assert [tab.label for tab in app.tabs] == [t(f"library.tab.{tab}", lang) for tab in ("criteria", "legal", "technologies", "references")]
    labels = [expander.label for expander in app.expander]
    for criterion in framework.criteria:
        assert any(label.replace("\\", "").startswith(criterion.name.get(lang)) for label in labels), criterion.id
    for gate in bundle.legal.gates:
        assert gate.name.get(lang) in [label.replace("\\", "") for label in labels]
    # the engine's share of the default weights, and the anchors as a table
    assert any(t("library.criteria.weight_short", lang, share="18") in label.replace("\xa0", "") for label in labels)
    anchors = str(bundle.criteria["privacy_intrusion"].anchors[1].get(lang))
    assert any(anchors in table.value.to_string(max_colwidth=10_000) for table in app.table)
    # dated milestones: secondary ones must be confirmed in the Official Journal
    assert any(t("library.legal.dates_warning", lang) == warning.value for warning in app.warning)
    secondary = [d for d in bundle.legal.legal_dates if d.verification.value == "secondary"]
    assert secondary and page.count(t("library.legal.confirm_in_oj", lang)) == len(secondary)
    assert format_date(secondary[0].applies_from, lang) in page
    # obligations say in words when they apply
    assert t("library.trigger.personal_data", lang) in page
    assert t("library.trigger.dpia_screening", lang, count=2) in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_choosing_a_technology_shows_its_reference_scores_costs_and_sources(app_database, bundle, lang):
    app = library(lang)
    assert t("library.tech.choose_hint", lang) in [info.value for info in app.info]
    widget(app.selectbox, "library.technology").set_value("anpr").run()
    no_exception(app)
    anpr = bundle.technologies_by_id["anpr"]
    assert anpr.name.get(lang) in [header.value for header in app.header]
    scores = frame_with(app, t("library.column.range", lang))
    for criterion_id, score in anpr.scores.items():
        row = scores[scores[t("library.column.criterion", lang)] == bundle.criteria[criterion_id].name.get(lang)]
        assert row[t("library.column.value", lang)].tolist() == [str(score.value)], criterion_id
        assert row[t("library.column.evidence", lang)].tolist() == [t(f"library.grade.{score.evidence_grade.value}", lang)]
    reliability = scores[scores[t("library.column.criterion", lang)] == bundle.criteria["operational_reliability"].name.get(lang)]
    assert reliability[t("library.column.range", lang)].tolist() == ["3–4"]
    page = texts(app)
    for reference_id in anpr.scores["effectiveness_evidence"].sources:
        assert bundle.references_by_id[reference_id].citation_in(lang) in page, reference_id
    assert anpr.scores["effectiveness_evidence"].rationale.get(lang) in page
    # the engine's yearly cost and cost-band score
    cost = yearly_cost(anpr.cost_model, bundle.framework.cost.staff_yearly_cost_eur)
    band = cost_band_score(cost.total_eur, list(bundle.framework.cost.bands))
    assert any(format_money(cost.total_eur, lang) in table.value.to_string() for table in app.table)
    cost_criterion = bundle.criteria["total_cost_of_ownership"].name.get(lang)
    assert t("library.tech.cost_band", lang, criterion=cost_criterion, score=band) in page
    # hints and configurations with their score changes
    assert t("library.hint.depends", lang) in page
    assert any(e.label.replace("\\", "") == anpr.configurations[0].name.get(lang) for e in app.expander)


def test_vendor_claims_are_labelled(app_database, bundle):
    app = library("it")
    widget(app.selectbox, "library.technology").set_value("hvm_street_furniture").run()
    no_exception(app)
    assert t("library.tech.vendor_claim_warning", "it") in [warning.value for warning in app.warning]
    scores = frame_with(app, t("library.column.range", "it"))
    assert t("library.grade.vendor_claim", "it") in scores[t("library.column.evidence", "it")].tolist()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_unverified_filter_shows_only_unverified_references(app_database, bundle, lang):
    app = library(lang)
    everything = frame_with(app, "citation")
    assert len(everything) == len(bundle.references)
    widget(app.radio, "library.references.verification").set_value("unverified").run()
    no_exception(app)
    shown = frame_with(app, "citation")
    unverified = sorted(r.citation_in(lang) for r in bundle.references if r.verification.value == "unverified")
    assert unverified and sorted(shown["citation"]) == unverified
    assert set(shown["verification"]) == {t("library.verification.unverified", lang)}
    assert t("library.refs.count", lang, shown=len(unverified), total=len(bundle.references)) in [c.value for c in app.caption]


def test_search_filters_criteria_and_technologies_in_the_current_language(app_database, bundle):
    app = library("fr")
    widget(app.text_input, "library.search").set_value("eclairage").run()  # accents do not matter
    no_exception(app)
    listed = frame_with(app, "option")["option"].tolist()
    assert bundle.technologies_by_id["improved_lighting"].name.get("fr") in listed
    assert bundle.technologies_by_id["live_facial_recognition"].name.get("fr") not in listed
    assert len(listed) < len(bundle.technologies)
    widget(app.text_input, "library.search").set_value("xyzzy").run()
    no_exception(app)
    assert t("library.no_match", "fr") in [info.value for info in app.info]
    assert not [e for e in app.expander if e.label.replace("\\", "").startswith(bundle.criteria["privacy_intrusion"].name.get("fr"))]
    assert t("library.criteria.count", "fr", shown=0, total=len(bundle.framework.criteria)) in [c.value for c in app.caption]


def test_kind_and_intrusiveness_filters_narrow_the_catalogue(app_database, bundle):
    app = library("en")
    widget(app.multiselect, "library.technologies.kind").set_value(["alternative", "status_quo"]).run()
    widget(app.slider, "library.technologies.max_intrusiveness").set_value(2).run()
    no_exception(app)
    listed = frame_with(app, "option")["option"].tolist()
    expected = sorted(tech.name.get("en") for tech in bundle.technologies if tech.is_less_intrusive_alternative and tech.intrusiveness <= 2)
    assert expected and sorted(listed) == expected
    # a chosen option that a filter then hides is dropped, without an error
    widget(app.selectbox, "library.technology").set_value(bundle.technologies_by_id["do_nothing"].id).run()
    widget(app.multiselect, "library.technologies.kind").set_value(["alternative"]).run()
    no_exception(app)
    assert widget(app.selectbox, "library.technology").value is None


def test_browsing_the_library_with_an_assessment_open_saves_nothing(app_database, bundle):
    app = open_example(app_database, page="library")
    before = saved_document(app_database, app)
    widget(app.selectbox, "library.technology").set_value("fixed_cctv").run()
    widget(app.radio, "library.references.verification").set_value("secondary").run()
    no_exception(app)
    assert app.title[0].value == "Library"
    assert saved_document(app_database, app) == before


def test_every_catalogue_option_opens_without_an_error(app_database, bundle):
    app = library("it")
    for tech in bundle.technologies:
        widget(app.selectbox, "library.technology").set_value(tech.id).run()
        no_exception(app)
        assert not app.error, (tech.id, [error.value for error in app.error])
        assert tech.name.get("it") in [header.value for header in app.header]
