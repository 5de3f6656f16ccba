"""Scenario cards for module-3 workshops (criteria/workshops/cards/): content in four languages,
validated and cross-checked like the rest, and each one ranks through the engine."""

import subprocess
import sys

import pytest
import yaml

from secu4all_ethics.content.cards import card_assessment, load_cards
from secu4all_ethics.content.loader import load_content
from secu4all_ethics.domain.localized import DEFAULT_LANGUAGE, LANGUAGES
from secu4all_ethics.domain.scenario_card import MAX_OPTIONS, MAX_QUESTIONS, MIN_OPTIONS, MIN_QUESTIONS
from secu4all_ethics.engine.evaluate import evaluate
from secu4all_ethics.errors import ContentError
from tests.conftest import CONTENT_DIR, ROOT

CARDS_DIR = CONTENT_DIR / "workshops" / "cards"
EXAMPLE_CARDS = ("park_drug_dealing", "station_car_park", "christmas_market")


@pytest.fixture(scope="module")
def bundle():
    return load_content()


@pytest.fixture(scope="module")
def cards(bundle):
    return load_cards(bundle=bundle)


@pytest.fixture(scope="module")
def results(cards, bundle):
    return {card_id: evaluate(card_assessment(card), bundle) for card_id, card in cards.items()}


def test_every_card_file_loads_under_its_own_name(cards):
    assert sorted(cards) == sorted(path.stem for path in CARDS_DIR.glob("*.yaml"))
    assert len(cards) >= 4
    assert set(EXAMPLE_CARDS) <= set(cards)
    assert any(not card.assessment.startswith("examples/") for card in cards.values()), "at least one new card with its own assessment"


def _texts(card):
    yield "title", card.title
    yield "place", card.place
    yield "brief", card.brief
    for index, option in enumerate(card.options):
        yield f"options[{index}].summary", option.summary
    for index, question in enumerate(card.debate_questions):
        yield f"debate_questions[{index}]", question


@pytest.mark.parametrize("card_id", sorted(path.stem for path in CARDS_DIR.glob("*.yaml")))
def test_every_text_is_written_in_every_language(cards, card_id):
    for where, text in _texts(cards[card_id]):
        english = text.get(DEFAULT_LANGUAGE)
        for language in LANGUAGES:
            assert text.get(language).strip(), f"{card_id}: {where}.{language} is empty"
            if language != DEFAULT_LANGUAGE and len(english.split()) > 3:
                assert text.get(language) != english, f"{card_id}: {where}.{language} is a copy of the English"


def test_cards_have_a_brief_of_short_paragraphs_options_and_questions_in_range(cards):
    for card in cards.values():
        assert MIN_OPTIONS <= len(card.options) <= MAX_OPTIONS == 6 and MIN_OPTIONS == 4, card.id
        assert MIN_QUESTIONS <= len(card.debate_questions) <= MAX_QUESTIONS == 5 and MIN_QUESTIONS == 3, card.id
        assert card.sources, card.id
        for language in LANGUAGES:
            paragraphs = card.brief.get(language).split("\n\n")
            assert 2 <= len(paragraphs) <= 4, f"{card.id}: brief.{language} has {len(paragraphs)} paragraphs"


def test_each_card_offers_a_less_intrusive_alternative_as_the_engine_counts_it(results):
    for card_id, result in results.items():
        assert any(option.less_intrusive_alternative for option in result.options), card_id
        assert "do_nothing" in [option.key for option in result.options], f"{card_id}: the status quo is the group's baseline"


def test_every_card_ranks_through_the_engine_in_the_cards_order(cards, results):
    for card_id, result in results.items():
        assert [option.key for option in result.options] == [option.key for option in cards[card_id].options]
        ranked = [option for option in result.options if option.status == "ranked"]
        assert len(ranked) >= 3, f"{card_id}: {[(o.key, o.status) for o in result.options]}"


def test_the_legal_gates_exclude_an_option_on_some_cards(results):
    excluded = {card_id: [o.key for o in result.options if o.status == "excluded"] for card_id, result in results.items()}
    assert excluded["christmas_market"] == ["live_facial_recognition"]
    assert excluded["nightlife_street"] == ["acoustic_detection"]
    assert excluded["park_drug_dealing"] == ["drones"]


def test_card_assessment_drops_the_decision_on_an_option_left_off_the_card(cards):
    park = cards["park_drug_dealing"]
    full = card_assessment(park)
    assert full.decision.recommended_option == "improved_lighting"
    without_lighting = park.model_copy(update={"options": park.options[1:]})
    restricted = card_assessment(without_lighting)
    assert [option.key for option in restricted.options] == [option.key for option in park.options[1:]]
    assert restricted.decision.recommended_option is None and restricted.decision.conclusion == "undecided"
    # The lighting plan's action was about the option left off; the assessors' own actions stay.
    assert "codesigned_lighting_plan" not in [action.origin_ref for action in restricted.action_plan]
    assert "codesigned_lighting_plan" in [action.origin_ref for action in full.action_plan]
    assert any(action.origin == "assessor" for action in restricted.action_plan)


# --- a trainer's broken card names its file and field -------------------------------------


def _card_document(card_id="park_drug_dealing"):
    return yaml.safe_load((CARDS_DIR / f"{card_id}.yaml").read_text(encoding="utf-8"))


def _write_card(content_copy, name, document):
    (content_copy / "workshops" / "cards" / f"{name}.yaml").write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _issues(content_copy):
    with pytest.raises(ContentError) as refused:
        load_cards(content_copy)
    return [str(issue) for issue in refused.value.issues]


def test_a_card_missing_a_language_is_refused_naming_file_and_field(content_copy):
    document = _card_document()
    del document["title"]["it"]
    _write_card(content_copy, "park_drug_dealing", document)
    assert _issues(content_copy) == ["workshops/cards/park_drug_dealing.yaml: title.it: Field required"]


def test_a_card_option_missing_from_its_assessment_is_refused(content_copy):
    document = _card_document()
    document["options"][1]["key"] = "teleporter"
    _write_card(content_copy, "park_drug_dealing", document)
    assert _issues(content_copy) == ["workshops/cards/park_drug_dealing.yaml: options[1].key: no option 'teleporter' in examples/park_drug_dealing.yaml"]


def test_a_card_option_given_twice_is_refused(content_copy):
    document = _card_document()
    document["options"][1]["key"] = document["options"][0]["key"]
    _write_card(content_copy, "park_drug_dealing", document)
    assert _issues(content_copy) == ["workshops/cards/park_drug_dealing.yaml: options[1].key: option 'improved_lighting' is on the card twice"]


@pytest.mark.parametrize("assessment", ["workshops/assessments/missing.yaml", "../outside.yaml"])
def test_a_card_whose_assessment_file_is_missing_is_refused(content_copy, assessment):
    (content_copy.parent / "outside.yaml").write_text((CONTENT_DIR / "examples" / "park_drug_dealing.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    document = _card_document()
    document["assessment"] = assessment
    _write_card(content_copy, "park_drug_dealing", document)
    [issue] = _issues(content_copy)
    assert issue.startswith("workshops/cards/park_drug_dealing.yaml: assessment: ")
    assert repr(assessment) in issue


def test_a_card_whose_assessment_file_is_invalid_names_both_files(content_copy):
    broken = content_copy / "workshops" / "assessments" / "nightlife_street.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("answer: fails", "answer: maybe", 1), encoding="utf-8")
    issues = _issues(content_copy)
    assert any(issue.startswith("workshops/assessments/nightlife_street.yaml: options[4].gate_answers.lawful_basis.answer: ") for issue in issues), issues
    assert (
        "workshops/cards/nightlife_street.yaml: assessment: 'workshops/assessments/nightlife_street.yaml' is not a valid assessment (see its errors)" in issues
    )


def test_a_misspelt_field_and_a_wrong_id_are_refused(content_copy):
    document = _card_document()
    document["debate_question"] = document.pop("debate_questions")
    _write_card(content_copy, "park_drug_dealing", document)
    renamed = _card_document("station_car_park")
    _write_card(content_copy, "car_park", renamed)
    assert _issues(content_copy) == [
        "workshops/cards/car_park.yaml: id: must equal the file name 'car_park'",
        "workshops/cards/park_drug_dealing.yaml: debate_questions: Field required",
        "workshops/cards/park_drug_dealing.yaml: debate_question: unknown field (check its spelling)",
        "workshops/cards/station_car_park.yaml: id: 'station_car_park' is also the id of workshops/cards/car_park.yaml",
    ]


def test_a_card_without_a_less_intrusive_alternative_is_refused(content_copy):
    document = _card_document()
    technologies = ["fixed_cctv", "video_analytics", "acoustic_detection", "drones"]
    document["options"] = [option for option in document["options"] if option["key"] in technologies] + [
        {"key": key, "summary": {language: f"{key} ({language})" for language in LANGUAGES}}
        for key in technologies
        if key not in [option["key"] for option in document["options"]]
    ]
    _write_card(content_copy, "park_drug_dealing", document)
    assert _issues(content_copy) == [
        "workshops/cards/park_drug_dealing.yaml: options: no option is a less intrusive alternative (a catalogue alternative or the status quo); add one"
    ]


def test_validate_reports_a_broken_card_with_its_file_and_field(content_copy):
    document = _card_document()
    document["options"][2]["key"] = "teleporter"
    _write_card(content_copy, "park_drug_dealing", document)
    completed = subprocess.run([sys.executable, "-m", "secu4all_ethics", "validate", str(content_copy)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    assert (
        completed.stderr.splitlines()[0] == "workshops/cards/park_drug_dealing.yaml: options[2].key: no option 'teleporter' in examples/park_drug_dealing.yaml"
    )


def test_card_assessment_of_a_card_that_does_not_match_its_file_names_the_card(cards):
    park = cards["park_drug_dealing"]
    moved = park.model_copy(update={"assessment": "examples/nowhere.yaml"})
    with pytest.raises(ContentError, match=r"workshops/cards/park_drug_dealing.yaml: assessment: no such assessment file 'examples/nowhere.yaml'"):
        card_assessment(moved)
    unknown = park.model_copy(update={"options": [park.options[0].model_copy(update={"key": "teleporter"}), *park.options[1:]]})
    with pytest.raises(ContentError, match=r"workshops/cards/park_drug_dealing.yaml: options: no option 'teleporter'"):
        card_assessment(unknown)
