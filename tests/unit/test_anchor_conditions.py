"""A score never stands at a level whose anchor text does not describe the option (issue #14,
correction 9). The anchors' conditions are typed in the framework (anchor_conditions) and checked
against the option's data facts (data_processed, changed by its configurations' data_change)."""

import pytest
import yaml

from secu4all_ethics import evaluate, load_content
from secu4all_ethics.domain.content import AnchorCondition, DataChange, DataProcessed
from secu4all_ethics.engine.inputs import configured_facts
from secu4all_ethics.wording import word_result
from tests.builders import make_assessment

EVERYONE_ON_CAMERA = DataProcessed(personal=True, biometric=False, audio=False, location=False)


def typed_criteria(bundle):
    return [criterion for criterion in bundle.framework.criteria if criterion.anchor_conditions]


def test_the_privacy_anchors_are_typed(bundle):
    privacy = bundle.criteria["privacy_intrusion"]
    assert privacy.highest_level_for(EVERYONE_ON_CAMERA) == 3
    assert privacy.highest_level_for(EVERYONE_ON_CAMERA.changed_by(DataChange(capture="on_activation"))) == 4
    assert privacy.highest_level_for(EVERYONE_ON_CAMERA.changed_by(DataChange(personal=False))) == 5
    assert privacy.highest_level_for(EVERYONE_ON_CAMERA.changed_by(DataChange(biometric=True))) == 1


@pytest.mark.parametrize("technology_id", sorted(t.id for t in load_content().technologies))
def test_every_reference_score_meets_its_anchor(bundle, technology_id):
    technology = bundle.technologies_by_id[technology_id]
    for criterion in typed_criteria(bundle):
        score = technology.scores.get(criterion.id)
        if score is None:
            continue
        allowed = criterion.highest_level_for(technology.data_processed)
        assert max(score.value, score.high or score.value) <= allowed, (
            f"{technology_id}: {criterion.id} {score.value} (high {score.high}) above level {allowed}, "
            f"the highest whose anchor fits {technology.data_processed}"
        )


@pytest.mark.parametrize("technology_id", sorted(t.id for t in load_content().technologies))
def test_no_configuration_lifts_a_score_past_its_anchor(bundle, technology_id):
    technology = bundle.technologies_by_id[technology_id]
    lifted_too_far = []
    for configuration in technology.configurations:
        facts = configured_facts(technology, [configuration])
        for criterion in typed_criteria(bundle):
            change = configuration.score_changes.get(criterion.id, 0)
            score = technology.scores.get(criterion.id)
            if change <= 0 or score is None:
                continue
            allowed = criterion.highest_level_for(facts)
            if min(5, score.value + change) > max(score.value, allowed):
                lifted_too_far.append(f"{configuration.id}: {criterion.id} {score.value}{change:+d} above {allowed} ({facts})")
    assert not lifted_too_far


def test_a_condition_starts_at_level_two():
    with pytest.raises(ValueError, match="level 1 is always reachable"):
        criterion = load_content().framework.criteria[0].model_dump()
        criterion["anchor_conditions"] = {1: AnchorCondition(personal=False).model_dump()}
        type(load_content().framework.criteria[0]).model_validate(criterion)


def test_capture_none_means_no_personal_data():
    with pytest.raises(ValueError, match="capture 'none' means no personal data"):
        DataProcessed(personal=True, biometric=False, audio=False, location=False, capture="none")
    with pytest.raises(ValueError, match="capture 'none' means no personal data"):
        DataProcessed(personal=False, biometric=False, audio=False, location=False, capture="everyone")


def test_the_engine_keeps_a_configured_score_within_its_anchor_and_says_why(content_copy):
    """Content that lets 72-hour retention lift CCTV's privacy score to 4, as the catalogue did
    before correction 9: the engine keeps it at 3, the level whose anchor fits, and warns."""
    path = content_copy / "technologies" / "fixed_cctv.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    retention = next(c for c in data["configurations"] if c["id"] == "retention_72h")
    retention["score_changes"]["privacy_intrusion"] = 1
    retention.pop("data_change", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bundle = load_content(content_copy)
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting"])
    assessment.options[0].configurations = ["retention_72h"]
    result = evaluate(assessment, bundle)
    privacy = next(o for o in result.options if o.key == "fixed_cctv").criteria["privacy_intrusion"]
    assert (privacy.base, privacy.configured, privacy.low, privacy.high, privacy.anchor_ceiling) == (3, 3, 3, 3, 3)
    assert privacy.configuration_changes == {"retention_72h": 1}
    [warning] = [w for w in result.warnings if w.code == "configuration_capped_by_anchor"]
    assert (warning.option, warning.criterion, warning.params) == ("fixed_cctv", "privacy_intrusion", {"raised": 4, "kept": 3})
    for language, level_four in (("en", "Personal data only incidentally"), ("de", "Personenbezogene Daten nur")):
        worded = next(w for w in word_result(result, bundle, language).warnings if w.code == "configuration_capped_by_anchor")
        assert level_four in worded.message and bundle.criteria["privacy_intrusion"].name.get(language) in worded.message


def test_a_configuration_that_does_meet_the_anchor_lifts_the_score(bundle):
    assessment = make_assessment(bundle, ["video_analytics", "improved_lighting"])
    assessment.options[0].configurations = ["edge_anonymised_counting"]
    result = evaluate(assessment, bundle)
    privacy = next(o for o in result.options if o.key == "video_analytics").criteria["privacy_intrusion"]
    assert privacy.configured == privacy.base + 2 and privacy.anchor_ceiling is None
    assert not [w for w in result.warnings if w.code == "configuration_capped_by_anchor"]
