"""A gate is asked in the words of the regime in force where the law differs (issue #14): under
the Law Enforcement Directive the lawful-basis gate asks for a competent authority's task laid
down in law (Art. 8) and for biometric identification only where strictly necessary (Art. 10);
under the GDPR alone, for a public task (Art. 6(1)(e)) and Art. 9 grounds; when both regimes
apply, or the assessment does not say, its main wording covers both."""

import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.domain.jurisdiction import Controller, Purpose
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_national_rules import report_text


def lawful_basis_gate(bundle, controller, purpose):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.jurisdiction.controller, assessment.jurisdiction.purpose = controller, purpose
    result = evaluate(assessment, bundle, with_acceptability=False)
    option = next(o for o in result.options if o.key == "fixed_cctv")
    return assessment, result, next(g for g in option.gates if g.gate == "lawful_basis")


@pytest.mark.parametrize(
    "controller, purpose, wording, cited, not_cited",
    [
        (Controller.state_police, Purpose.criminal_law, "led", {"led_art8", "led_art10"}, {"gdpr_art6", "gdpr_art9"}),
        (Controller.municipality, Purpose.administrative, "gdpr", {"gdpr_art6", "gdpr_art9"}, {"led_art8", "led_2016_680"}),
        (Controller.municipal_police, Purpose.both, None, {"gdpr_art6", "led_2016_680"}, {"led_art8"}),
        (None, None, None, {"gdpr_art6", "led_2016_680"}, {"led_art8"}),
    ],
)
def test_the_lawful_basis_gate_cites_the_law_of_the_regime_in_force(bundle, controller, purpose, wording, cited, not_cited):
    _, _, gate = lawful_basis_gate(bundle, controller, purpose)
    assert gate.regime_wording == wording
    hinted = {ref for hint in bundle.technologies_by_id["fixed_cctv"].gate_hints if hint.gate == "lawful_basis" for ref in hint.references}
    own = set(gate.legal_basis) - (hinted - set(bundle.gates["lawful_basis"].under(wording)[1]))
    assert cited <= own and not (not_cited & own)


def test_under_the_led_the_question_asks_for_strict_necessity_in_every_language(bundle):
    gate = bundle.gates["lawful_basis"]
    question, _ = gate.under("led")
    assert "strictly necessary" in question.en and "Article 8" in question.en
    assert "absolument nécessaire" in question.fr and "unbedingt erforderlich" in question.de and "strettamente necessario" in question.it
    assert "public task" not in question.en


@pytest.mark.parametrize("language, said", [("en", "strictly necessary"), ("de", "unbedingt erforderlich")])
def test_the_report_prints_the_question_and_law_of_the_regime(bundle, language, said):
    assessment, _, _ = lawful_basis_gate(bundle, Controller.state_police, Purpose.criminal_law)
    text = report_text(assessment, bundle, language)
    assert said in text
    assert bundle.references_by_id["led_art8"].citation_in(language).rstrip(".") in text
