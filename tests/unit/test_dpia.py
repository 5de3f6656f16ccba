"""The DPIA (issue #15 point 17): its content (criteria/dpia.yaml), the completeness rule that asks for
it only where the engine's obligations include a DPIA, the mapping of the law's elements to the places
of the assessment that answer them, the risk map, and the assessment format that holds it."""

import copy
from typing import get_args

import pytest
import yaml
from pydantic import ValidationError

from secu4all_ethics import load_assessment, load_content
from secu4all_ethics.charts.dpia import risk_map
from secu4all_ethics.domain.assessment import FORMAT_VERSION, Assessment, DataSubjectViews, FearedEventRating
from secu4all_ethics.domain.content import AssessmentPlace, DpiaContent
from secu4all_ethics.engine.completeness import missing_for_submission
from secu4all_ethics.engine.dpia import PLACES, dpia_annex, dpia_regimes, requires_dpia
from secu4all_ethics.engine.evaluate import screen
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import t
from secu4all_ethics.wording import checklist
from tests.conftest import CONTENT_DIR, EXAMPLES_DIR

EVENTS = ("illegitimate_access", "unwanted_modification", "data_disappearance")


@pytest.fixture
def park():
    return load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")


def dpia_file():
    return yaml.safe_load((CONTENT_DIR / "dpia.yaml").read_text(encoding="utf-8"))


# --- content --------------------------------------------------------------------------------------------


def test_the_shipped_content_holds_the_cnil_feared_events_and_four_level_scales(bundle):
    dpia = bundle.dpia
    assert [event.id for event in dpia.feared_events] == list(EVENTS)
    for scale in (dpia.severity, dpia.likelihood):
        assert [level.id for level in scale.levels] == ["negligible", "limited", "significant", "maximum"]
        assert [level.value for level in scale.levels] == [1, 2, 3, 4]
    assert bundle.dpia_obligations == {"dpia", "led_dpia"}
    assert {element.id for element in dpia.elements} == {
        "gdpr_35_7_a", "gdpr_35_7_b", "gdpr_35_7_c", "gdpr_35_7_d", "gdpr_35_9",
        "led_27_2_description", "led_27_2_risks", "led_27_2_measures",
    }  # fmt: skip
    # Every element cites its provision, every event and scale the CNIL's method.
    assert all(element.legal_basis for element in dpia.elements)
    assert {"cnil_pia_methodology"} <= set(dpia.severity.sources) & set(dpia.feared_events[0].sources)


def test_every_place_the_content_may_name_is_read_by_the_engine():
    assert set(PLACES) == set(get_args(AssessmentPlace))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["severity"]["levels"].pop(), "at least 4"),
        (lambda d: d["likelihood"]["levels"].reverse(), "1, 2, 3, 4"),
        (lambda d: d["elements"][0]["answered_by"].append("need.wishes"), "need.problem_statement"),
        (lambda d: d["feared_events"][0]["name"].pop("de"), "de"),
    ],
)
def test_the_dpia_model_refuses_broken_content(change, message):
    data = dpia_file()
    change(data)
    with pytest.raises(ValidationError, match=message):
        DpiaContent.model_validate(data)


def test_cross_checks_name_an_unknown_obligation_reference_and_a_regime_without_elements(content_copy):
    data = dpia_file()
    data["obligations"].append("dpiaa")
    data["feared_events"][0]["sources"] = ["cnil_pia_methodolgy"]
    data["elements"] = [element for element in data["elements"] if "led" not in element["regimes"]]
    (content_copy / "dpia.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(content_copy)
    said = {(issue.file, issue.path, issue.message) for issue in raised.value.issues}
    assert ("dpia.yaml", "obligations[2]", "unknown obligation 'dpiaa'") in said
    assert ("dpia.yaml", "feared_events[0].sources[0]", "unknown reference 'cnil_pia_methodolgy'") in said
    assert ("dpia.yaml", "elements", "no element for the regime 'led' of obligation 'led_dpia'") in said


# --- completeness: only when the engine fires a DPIA ------------------------------------------------------


def without_dpia_answers(assessment):
    assessment.data_subject_views = DataSubjectViews()
    for option in assessment.options:
        option.feared_events = {}
    return assessment


def dpia_items(assessment, bundle):
    return [(item.code, item.page, item.option, item.event) for item in missing_for_submission(assessment, bundle) if item.page == "dpia"]


def test_the_dpia_parts_are_asked_for_the_options_whose_obligations_include_a_dpia(park, bundle):
    # In the park, only the fixed cameras meet two WP248 criteria: the DPIA is theirs alone.
    assert [key for key, prepared in screen(park, bundle).items() if requires_dpia(prepared.obligations, bundle)] == ["fixed_cctv"]
    assert dpia_items(without_dpia_answers(park), bundle) == [
        ("dpia_views", "dpia", None, None),
        *[("feared_event_unrated", "dpia", "fixed_cctv", event) for event in EVENTS],
    ]


def test_a_rating_before_the_safeguards_alone_is_not_enough(park, bundle):
    park.options[[o.key for o in park.options].index("fixed_cctv")].feared_events["data_disappearance"] = FearedEventRating(
        severity_before=2, likelihood_before=2
    )
    assert dpia_items(park, bundle) == [("feared_event_unrated", "dpia", "fixed_cctv", "data_disappearance")]


def test_nothing_is_asked_when_no_dpia_obligation_fires(park, bundle):
    without_dpia_answers(park)
    cameras = park.options[[o.key for o in park.options].index("fixed_cctv")]
    cameras.dpia_criteria = ["systematic_monitoring"]  # one criterion: under the threshold of two
    assert dpia_items(park, bundle) == []
    park.options.remove(cameras)
    assert dpia_items(park, bundle) == []


def test_views_need_the_text_that_goes_with_the_answer():
    assert not DataSubjectViews().answered
    assert not DataSubjectViews(sought=True, reason_not_sought="irrelevant").answered
    assert not DataSubjectViews(sought=False, reason_not_sought="   ").answered
    assert DataSubjectViews(sought=False, reason_not_sought="Covert operations").answered
    assert DataSubjectViews(sought=True, views="A public meeting").answered


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_the_checklist_names_the_unrated_events(park, bundle, language):
    sentences = [sentence for page, sentence in checklist(missing_for_submission(without_dpia_answers(park), bundle), park, bundle, language) if page == "dpia"]
    assert len(sentences) == 2
    assert all(event.name.get(language) in sentences[1] for event in bundle.dpia.feared_events)


# --- the annex mapping ------------------------------------------------------------------------------------


def annex(assessment, bundle, keys=("fixed_cctv",)):
    obligations = [o for key, prepared in screen(assessment, bundle).items() if key in keys for o in prepared.obligations]
    return {answer.element: answer for answer in dpia_annex(assessment, list(keys), dpia_regimes(obligations, bundle), bundle)}


def test_the_annex_maps_each_element_to_the_places_that_answer_it(park, bundle):
    # The park is in France with a municipal police purpose the regime reads as both: GDPR and LED elements.
    answers = annex(park, bundle)
    assert set(answers) == {element.id for element in bundle.dpia.elements}
    assert answers["gdpr_35_9"].status == "answered"
    assert [(p.place, p.section, p.answered) for p in answers["gdpr_35_9"].places] == [("data_subject_views", "dpia", True)]
    # The example records no residual risk for the cameras: (c) is answered in part, and says where not.
    assert answers["gdpr_35_7_c"].status == "partly"
    assert [(p.place, p.answered) for p in answers["gdpr_35_7_c"].places] == [("options.feared_events_before", True), ("options.residual_risk", False)]


def test_a_silent_assessment_is_not_answered_place_by_place(park, bundle):
    without_dpia_answers(park)
    park.proportionality.statement = ""
    answers = annex(park, bundle)
    assert answers["gdpr_35_9"].status == "not_answered"
    assert answers["gdpr_35_7_b"].status == "partly"
    assert [p.place for p in answers["gdpr_35_7_b"].places if not p.answered] == ["proportionality.statement"]
    assert [p.place for p in answers["gdpr_35_7_d"].places if not p.answered] == ["options.feared_events_after"]


def test_only_the_elements_of_the_regimes_whose_dpia_fired_apply(bundle):
    # The station car park is in Germany, run by the city for administrative purposes: the GDPR alone.
    station = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assert set(annex(station, bundle, ("fixed_cctv", "anpr"))) == {"gdpr_35_7_a", "gdpr_35_7_b", "gdpr_35_7_c", "gdpr_35_7_d", "gdpr_35_9"}


# --- the risk map -----------------------------------------------------------------------------------------


def markers(figure, phase_index):
    trace = [trace for trace in figure.data if trace.mode == "markers+text"][phase_index]
    return {text: (round(x), round(y)) for text, x, y in zip(trace.text, trace.x, trace.y)}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_risk_map_places_each_event_by_its_short_label_before_and_after(bundle, language):
    ratings = {
        "illegitimate_access": FearedEventRating(severity_before=3, likelihood_before=4, severity_after=3, likelihood_after=1),
        "unwanted_modification": FearedEventRating(severity_before=2, likelihood_before=2),  # not yet rated after
    }
    figure, table = risk_map(ratings, bundle, language)
    label = {event.id: event.short_label.get(language) for event in bundle.dpia.feared_events}
    # x: likelihood, y: severity; the unrated event and phase are not drawn.
    assert markers(figure, 0) == {label["illegitimate_access"]: (4, 3), label["unwanted_modification"]: (2, 2)}
    assert markers(figure, 1) == {label["illegitimate_access"]: (1, 3)}
    assert [trace.name for trace in figure.data[:2]] == [t("dpia.map.before", language), t("dpia.map.after", language)]
    assert list(figure.layout.xaxis.ticktext) == [level.label.get(language) for level in bundle.dpia.likelihood.levels]
    assert list(figure.layout.yaxis.ticktext) == [level.label.get(language) for level in bundle.dpia.severity.levels]
    # Two events in one cell never share a row: each (event, phase) has its own.
    ys = [y for trace in figure.data if trace.mode == "markers+text" for y in trace.y]
    assert len(set(ys)) == len(ys)
    limited = bundle.dpia.severity.levels[1].label.get(language)
    assert table.loc[bundle.dpia.feared_events[1].name.get(language)].tolist() == [limited, limited, "—", "—"]


# --- the assessment format ---------------------------------------------------------------------------------


def test_a_version_1_document_is_read_as_version_2_without_a_dpia(park):
    document = park.model_dump(mode="json")
    document["format_version"] = 1
    for key in ("data_subject_views",):
        document.pop(key)
    for option in document["options"]:
        option.pop("feared_events")
    read = Assessment.model_validate(copy.deepcopy(document))
    assert read.format_version == FORMAT_VERSION == 2
    assert read.data_subject_views == DataSubjectViews() and all(option.feared_events == {} for option in read.options)
    with pytest.raises(ValidationError):
        Assessment.model_validate(dict(document, format_version=3))


def test_a_rating_is_one_of_the_four_levels():
    with pytest.raises(ValidationError):
        FearedEventRating(severity_before=5)
    with pytest.raises(ValidationError):
        FearedEventRating(likelihood_after=0)
