"""A workshop round's facts as questions and sentences in the workshop's language."""

import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.engine.group.results import DebatePrompt, RoundChange
from secu4all_ethics.i18n import format_percent
from secu4all_ethics.i18n.languages import LANGUAGES
from secu4all_ethics.wording.names import ResultNames
from secu4all_ethics.wording.workshop import change_text, consensus_band, consensus_text, prompt_text
from tests.conftest import ROOT

PROMPTS = [
    DebatePrompt(code="widest_spread", params={"item": "privacy", "iqr": 0.2, "min": 0.05, "max": 0.4}),
    DebatePrompt(
        code="first_would_change",
        params={
            "criterion": "operational_reliability",
            "current_weight": 0.16,
            "threshold_weight": 0.32,
            "direction": "above",
            "first": "hvm_street_furniture",
            "runner_up": "crowd_counting_edge",
        },
    ),
    DebatePrompt(code="excluded_option", params={"option": "live_facial_recognition", "gates": ["prohibited_practice", "lawful_basis"]}),
    DebatePrompt(code="split_first_choice", params={"options": ["hvm_street_furniture", "do_nothing"], "shares": [0.4, 0.35]}),
    DebatePrompt(code="below_status_quo", params={"options": ["cctv_control_room"], "status_quo": "do_nothing"}),
]


@pytest.fixture(scope="module")
def christmas_market(bundle):
    return evaluate(load_assessment(ROOT / "criteria/examples/christmas_market.yaml"), bundle, with_acceptability=False)


@pytest.fixture(scope="module")
def names(christmas_market, bundle):
    return {language: ResultNames.of(christmas_market.options, bundle, language) for language in LANGUAGES}


def test_the_widest_spread_is_asked_about_by_the_pillars_name(names):
    assert prompt_text(PROMPTS[0], names["en"], "en") == (
        "Your weights on “Privacy and data protection” differ most (from 5% to 40%): what makes it matter more to some of you than to others?"
    )
    french = prompt_text(PROMPTS[0], names["fr"], "fr")
    assert "« Vie privée et protection des données »" in french and format_percent(0.05, "fr") in french and format_percent(0.4, "fr") in french


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("prompt", PROMPTS, ids=lambda p: p.code)
def test_every_prompt_is_a_question_naming_its_facts_in_each_language(prompt, language, names):
    text = prompt_text(prompt, names[language], language)
    table = names[language]
    assert text.rstrip().endswith("?") and "{" not in text
    params = prompt.params
    named = [table.options[params[key]] for key in ("first", "runner_up", "option", "status_quo") if key in params]
    named += [table.options[o] for o in params.get("options", [])] + [table.gate(g) for g in params.get("gates", [])]
    named += [table.criteria[params["criterion"]]] if "criterion" in params else []
    named += [format_percent(params[k], language) for k in ("min", "max", "current_weight", "threshold_weight") if k in params]
    named += [format_percent(s, language) for s in params.get("shares", [])]
    missing = [name for name in named if name not in text]
    assert not missing, text
    if language != "en":
        assert text != prompt_text(prompt, names["en"], "en")


def test_options_below_the_status_quo_take_the_plural(names):
    one = prompt_text(PROMPTS[4], names["en"], "en")
    two = prompt_text(
        DebatePrompt(code="below_status_quo", params={"options": ["cctv_control_room", "crowd_counting_edge"], "status_quo": "do_nothing"}), names["en"], "en"
    )
    assert "scores no higher" in one and "these options score no higher" in two


@pytest.mark.parametrize(
    "w, band",
    [
        (0.0, "weak"),
        (0.29, "weak"),
        (0.299, "moderate"),
        (0.3, "moderate"),
        (0.49, "moderate"),
        (0.5, "good"),
        (0.6999, "strong"),
        (0.7, "strong"),
        (1.0, "strong"),
    ],
)
def test_consensus_bands_are_read_on_w_as_shown(w, band):
    # 0.299 is shown as 0.30, so it reads as the band that 0.30 is in.
    assert consensus_band(w) == band


def test_consensus_in_words_says_the_bands_are_a_convention():
    assert consensus_text(0.58, "en") == (
        "Kendall's W = 0.58: good agreement on what matters most. "
        "(Below 0.3 weak, from 0.3 moderate, from 0.5 good, from 0.7 strong: a reading convention, not a statistical test.)"
    )
    assert consensus_text(0.58, "fr").startswith("W de Kendall = 0,58 : bon accord")
    assert "convention de lecture" in consensus_text(0.2, "fr")
    assert "Lesekonvention" in consensus_text(0.2, "de") and "schwache Übereinstimmung" in consensus_text(0.2, "de")
    assert "accordo forte" in consensus_text(0.9, "it")
    assert consensus_text(None, "en") == "Agreement cannot be measured yet: it takes at least two participants."


def change(consensus, before, after, first_before="hvm_street_furniture", first_after="hvm_street_furniture"):
    return RoundChange(
        moves=[],
        mean_absolute_change={},
        kendalls_w_before=before,
        kendalls_w_after=after,
        consensus=consensus,
        group_first_before=first_before,
        group_first_after=first_after,
    )


def test_the_round_change_in_words(names):
    en = names["en"]
    street_furniture, stewards = en.options["hvm_street_furniture"], en.options["guardians_stewards"]
    assert change_text(change("grew", 0.41, 0.58), en, "en") == (
        f"Agreement grew between the rounds: Kendall's W rose from 0.41 to 0.58. The group's first option stayed {street_furniture}."
    )
    fell = change_text(change("fell", 0.58, 0.41, first_after="guardians_stewards"), en, "en")
    assert (
        fell
        == f"Agreement fell between the rounds: Kendall's W went down from 0.58 to 0.41. The group's first option changed from {street_furniture} to {stewards}."
    )
    assert "stayed at 0.50" in change_text(change("unchanged", 0.5, 0.5), en, "en")
    assert "fewer than two participants" in change_text(change("unknown", None, 0.5), en, "en")
    assert "ranked no option" in change_text(change("grew", 0.4, 0.5, first_before=None), en, "en")
    french = change_text(change("grew", 0.41, 0.58, first_after="guardians_stewards"), names["fr"], "fr")
    assert french.startswith("L'accord s'est renforcé d'un tour à l'autre : le W de Kendall est passé de 0,41 à 0,58.")
    assert names["fr"].options["guardians_stewards"] in french
