"""Which regime governs the images: the GDPR, the Law Enforcement Directive or both (engine/regime.py, issue #14).

The LED needs a criminal-law purpose and a competent authority together (Directive 2016/680,
Articles 1(1) and 3(7)); every other combination is the GDPR's. The assessors may set the
regime themselves, with a justification, where national law entrusts another body."""

import itertools

import pytest
from pydantic import ValidationError

from secu4all_ethics import load_assessment
from secu4all_ethics.domain.jurisdiction import Controller, Jurisdiction, Purpose, Regime
from secu4all_ethics.engine.regime import RegimeReason, applicable_regime, regimes_in_force
from tests.conftest import EXAMPLES_DIR

EXPECTED = {
    # controller: (administrative, criminal_law, both)
    Controller.municipality: (Regime.gdpr, Regime.gdpr, Regime.gdpr),
    Controller.municipal_police: (Regime.gdpr, Regime.led, Regime.both),
    Controller.state_police: (Regime.gdpr, Regime.led, Regime.both),
    Controller.transport_operator: (Regime.gdpr, Regime.gdpr, Regime.gdpr),
    Controller.event_organiser: (Regime.gdpr, Regime.gdpr, Regime.gdpr),
    Controller.other: (Regime.gdpr, Regime.gdpr, Regime.gdpr),
}
PURPOSES = (Purpose.administrative, Purpose.criminal_law, Purpose.both)


@pytest.mark.parametrize("controller, purpose", list(itertools.product(Controller, PURPOSES)))
def test_the_regime_of_every_controller_and_purpose(controller, purpose):
    finding = applicable_regime(Jurisdiction(member_state="FR", controller=controller, purpose=purpose))
    assert finding.regime is EXPECTED[controller][PURPOSES.index(purpose)]
    assert not finding.overridden
    if purpose is Purpose.administrative:
        assert finding.reason is RegimeReason.administrative_purpose
    elif controller in (Controller.municipal_police, Controller.state_police):
        assert finding.reason is (RegimeReason.competent_authority if purpose is Purpose.criminal_law else RegimeReason.both_purposes)
    else:
        assert finding.reason is RegimeReason.not_a_competent_authority


def test_without_a_controller_or_a_purpose_the_regime_is_not_stated_and_the_gdpr_rules_stay():
    for jurisdiction in (Jurisdiction(), Jurisdiction(member_state="DE", controller=Controller.state_police)):
        finding = applicable_regime(jurisdiction)
        assert finding.regime is None and finding.reason is RegimeReason.not_stated
        assert regimes_in_force(finding.regime) == {Regime.gdpr}
    assert regimes_in_force(Regime.both) == {Regime.gdpr, Regime.led}


def test_the_assessors_may_set_the_regime_with_a_justification_and_the_rule_stays_visible():
    entrusted = Jurisdiction(
        member_state="NL",
        controller=Controller.municipality,
        purpose=Purpose.criminal_law,
        regime_override=Regime.led,
        regime_justification="The police process the images (Wet politiegegevens).",
    )
    finding = applicable_regime(entrusted)
    assert (finding.regime, finding.derived, finding.overridden) == (Regime.led, Regime.gdpr, True)
    assert "Wet politiegegevens" in finding.justification
    # Chosen but not yet justified: the rule's regime still applies, and the choice is kept.
    unjustified = entrusted.model_copy(update={"regime_justification": "  "})
    assert applicable_regime(unjustified).regime is Regime.gdpr and unjustified.regime_override is Regime.led


def test_moving_to_another_member_state_drops_the_region_of_the_first():
    jurisdiction = Jurisdiction(member_state="DE", region="DE-BY")
    jurisdiction.move_to("FR")
    assert (jurisdiction.member_state, jurisdiction.region) == ("FR", None)
    jurisdiction.move_to(None)
    assert jurisdiction.member_state is None


def test_a_region_must_lie_in_the_member_state():
    assert Jurisdiction(member_state="DE", region="DE-BY").region == "DE-BY"
    with pytest.raises(ValidationError, match="not in member state"):
        Jurisdiction(member_state="FR", region="DE-BY")
    with pytest.raises(ValidationError):
        Jurisdiction(member_state="UK")  # not a member state


@pytest.mark.parametrize("example", ["christmas_market", "park_drug_dealing", "station_car_park"])
def test_an_assessment_made_before_the_questions_loads_with_its_jurisdiction_not_stated(example, tmp_path):
    import yaml

    document = yaml.safe_load((EXAMPLES_DIR / f"{example}.yaml").read_text())
    document.pop("jurisdiction", None)
    older = tmp_path / "older.yaml"
    older.write_text(yaml.safe_dump(document, allow_unicode=True))
    assessment = load_assessment(older)
    assert not assessment.jurisdiction.stated
    assert applicable_regime(assessment.jurisdiction).reason is RegimeReason.not_stated
